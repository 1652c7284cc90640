package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountIT extends DockerItBase {
    @TempDir
    Path dir;

    @Test
    void aReadOnlyBindMountCanBeReadButNotWritten() throws Exception {
        Files.writeString(dir.resolve("in.txt"), "hello from the host\n");
        Finished end = runToEnd(spec("ro", "sh", "-c", "cat /data/in.txt && echo x > /data/new.txt")
                .withMounts(List.of(Mount.bind(dir.toString(), "/data", true))));

        assertThat(end.exitCode()).isNotZero();
        assertThat(end.stdout()).isEqualTo("hello from the host\n");
        assertThat(end.stderr()).contains("Read-only file system");
        assertThat(dir.resolve("new.txt")).doesNotExist();
    }

    @Test
    void aWritableBindMountShowsWritesOnTheHost() throws Exception {
        Finished end = runToEnd(spec("rw", "sh", "-c", "echo written > /data/out.txt; chmod 666 /data/out.txt")
                .withMounts(List.of(Mount.bind(dir.toString(), "/data", false))));

        assertThat(end.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("written\n");
    }

    @Test
    void aNamedVolumeOutlivesTheContainerThatWroteIt() {
        String serverId = newServerId();
        String volume = serverId + "-home";
        engine.createVolume(volume, labels(serverId, "volume"));
        engine.createVolume(volume, labels(serverId, "volume")); // idempotent

        Finished writer = runToEnd(spec("writer", "sh", "-c", "echo kept > /home/x/file")
                .withMounts(List.of(Mount.volume(volume, "/home/x"))));
        engine.remove(writer.id());
        Finished reader = runToEnd(spec("reader", "cat", "/home/x/file")
                .withMounts(List.of(Mount.volume(volume, "/home/x"))));

        assertThat(writer.exitCode()).isZero();
        assertThat(reader.stdout()).isEqualTo("kept\n");
        assertThat(engine.listVolumes(Map.of(SageboxLabels.INSTANCE, serverId)))
                .containsExactly(new LabelledObject(volume, labels(serverId, "volume")));

        engine.remove(reader.id());
        engine.removeVolume(volume);
        engine.removeVolume(volume); // absent: ignored
        assertThat(engine.listVolumes(Map.of(SageboxLabels.INSTANCE, serverId))).isEmpty();
    }
}
