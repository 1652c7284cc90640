package dev.sagebox.runner;

import dev.sagebox.storage.ChannelDataSource;
import dev.sagebox.storage.ChannelObject;
import dev.sagebox.storage.ChannelResolver;
import dev.sagebox.storage.ObjectStore;
import java.nio.file.Path;
import java.util.List;

/**
 * File mode: fetches each host's objects of each File-mode channel into {@code /opt/ml/input/data/<channel>/},
 * keeping key paths relative to the prefix. Objects stream to disk; nothing is held in memory.
 */
final class FileChannelStager {
    private final ObjectStore store;
    private final ChannelResolver resolver;

    FileChannelStager(ObjectStore store, ChannelResolver resolver) {
        this.store = store;
        this.resolver = resolver;
    }

    /** Whether any channel of the job is delivered as files (only then is there a Downloading phase). */
    static boolean hasFileChannels(TrainingSpec spec) {
        return spec.channels().stream().anyMatch(c -> c.inputMode() != ChannelInputMode.PIPE);
    }

    void stage(TrainingSpec spec, JobWorkspace workspace) {
        List<String> hosts = workspace.hosts();
        for (ChannelDefinition channel : spec.channels()) {
            if (channel.inputMode() == ChannelInputMode.PIPE) {
                continue;
            }
            ChannelDataSource source = ChannelDataSource.of(channel.s3DataType().wireName(), channel.s3Uri(),
                    channel.distribution().wireName());
            List<List<ChannelObject>> perHost = resolver.resolveAll(source, hosts.size());
            for (int i = 0; i < hosts.size(); i++) {
                Path dir = workspace.channelDir(hosts.get(i), channel.name());
                for (ChannelObject object : perHost.get(i)) {
                    store.download(object.location(), dir.resolve(object.relativePath()));
                }
                dir.toFile().mkdirs();
            }
        }
    }
}
