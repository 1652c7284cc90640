package dev.sagebox.runner;

/** Counts the bytes of channel data a training job's hosts received, by input mode (Prometheus reads it). */
@FunctionalInterface
public interface ChannelTraffic {
    /** Counts nothing. */
    ChannelTraffic NONE = (mode, bytes) -> {
    };

    /** {@code bytes} more of one object reached a host: staged to disk (File) or written into a FIFO (Pipe). */
    void moved(ChannelInputMode mode, long bytes);
}
