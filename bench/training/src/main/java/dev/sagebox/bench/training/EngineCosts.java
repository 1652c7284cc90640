package dev.sagebox.bench.training;

import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.DockerJavaContainerEngine;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.SageboxLabels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the Docker engine calls on a job's path cost, measured through Sagebox's own docker-java adapter in this run:
 * they explain the start-up overhead. Also a second baseline: the trivial container run through the adapter
 * (create, start, wait, remove) without the docker CLI's own start-up.
 */
final class EngineCosts {
    private EngineCosts() {
    }

    /** Median milliseconds per call kind. */
    static Map<String, Double> measure(String image, Path optMl, String serverId, int reps) {
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        Map<String, String> labels = Map.of(SageboxLabels.MANAGED, SageboxLabels.MANAGED_VALUE,
                SageboxLabels.INSTANCE, serverId);
        try (ContainerEngine engine = DockerJavaContainerEngine.fromEnvironment()) {
            engine.info();
            for (int i = 0; i < reps; i++) {
                time(ms, "info (docker info + version)", engine::info);
                time(ms, "image inspect", () -> engine.imageExists(image));
                String network = "sagebox-" + serverId + "-bench-net-" + i;
                time(ms, "network create (list + create)", () -> engine.createNetwork(network, labels));
                long onNetwork = System.nanoTime();
                String job = engine.start(ContainerSpec.of(image, network + "-algo-1", List.of("train"), labels)
                        .withHostname("algo-1")
                        .withNetwork(network, List.of("algo-1"))
                        .withMounts(List.of(Mount.bind(optMl.toAbsolutePath().toString(), "/opt/ml", false))));
                add(ms, "container create+start on the job network", System.nanoTime() - onNetwork);
                engine.awaitExit(job, Duration.ofSeconds(60));
                engine.remove(job);
                time(ms, "network remove", () -> engine.removeNetwork(network));
                time(ms, "list containers by label", () -> engine.containersWithLabels(labels));
                String name = "sagebox-" + serverId + "-bench-java-" + i;
                long start = System.nanoTime();
                String id = engine.start(ContainerSpec.of(image, name, List.of("train"), labels)
                        .withMounts(List.of(Mount.bind(optMl.toAbsolutePath().toString(), "/opt/ml", false))));
                long started = System.nanoTime();
                OptionalInt exit = engine.awaitExit(id, Duration.ofSeconds(60));
                long exited = System.nanoTime();
                engine.remove(id);
                long removed = System.nanoTime();
                if (exit.isEmpty() || exit.getAsInt() != 0) {
                    throw new IllegalStateException("the trivial container exited " + exit);
                }
                add(ms, "container create+start on the default bridge", started - start);
                add(ms, "container wait", exited - started);
                add(ms, "container remove", removed - exited);
                add(ms, "docker-java run total (create, start, wait, remove)", removed - start);
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        ms.forEach((k, v) -> medians.put(k, Report.median(v)));
        return medians;
    }

    static String format(Map<String, Double> medians) {
        StringBuilder b = new StringBuilder();
        medians.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s %.0f ms; ", k, v)));
        return b.toString();
    }

    private static void time(Map<String, List<Double>> ms, String what, Runnable call) {
        long start = System.nanoTime();
        call.run();
        add(ms, what, System.nanoTime() - start);
    }

    private static void add(Map<String, List<Double>> ms, String what, long nanos) {
        ms.computeIfAbsent(what, k -> new ArrayList<>()).add(nanos / 1e6);
    }
}
