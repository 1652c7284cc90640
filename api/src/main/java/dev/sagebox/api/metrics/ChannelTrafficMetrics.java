package dev.sagebox.api.metrics;

import dev.sagebox.runner.ChannelInputMode;
import dev.sagebox.runner.ChannelTraffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** {@code sagebox_training_channel_bytes_total{mode}}: channel bytes staged to disk (File) or streamed (Pipe). */
public final class ChannelTrafficMetrics implements ChannelTraffic {
    private final Map<ChannelInputMode, Counter> byMode = new EnumMap<>(ChannelInputMode.class);

    public ChannelTrafficMetrics(MeterRegistry registry) {
        for (ChannelInputMode mode : ChannelInputMode.values()) {
            byMode.put(mode, Counter.builder("sagebox.training.channel.bytes")
                    .description("Channel data delivered to training hosts, by input mode").baseUnit("bytes")
                    .tag("mode", mode.wireName()).register(registry));
        }
    }

    @Override
    public void moved(ChannelInputMode mode, long bytes) {
        byMode.get(mode).increment((double) bytes);
    }
}
