package dev.sagebox.docker;

import java.util.List;

/** What the engine says about itself. */
public record EngineInfo(String serverVersion, String apiVersion, int cpus, long memoryBytes, List<String> runtimes) {
    public EngineInfo {
        runtimes = List.copyOf(runtimes);
    }

    public boolean hasNvidiaRuntime() {
        return runtimes.contains("nvidia");
    }
}
