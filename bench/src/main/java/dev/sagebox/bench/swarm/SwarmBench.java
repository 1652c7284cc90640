package dev.sagebox.bench.swarm;

import dev.sagebox.bench.JavaProcess;
import dev.sagebox.bench.router.ControlPlane;
import dev.sagebox.bench.router.Signer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The swarm benchmark (issue 18): time from CreateEndpoint to InService for an endpoint of 12 instances, on the local
 * engine and on a three-node swarm ({@code ./sagebox cluster up 3}), and a trivial training job's time from
 * CreateTrainingJob to Completed on each (on the swarm its host is a task, staged and uploaded by node agents),
 * printed side by side with their ratios. Each engine gets its own Sagebox
 * JVM (from {@code api/target/sagebox.jar}) and home; one warm-up endpoint first (on the swarm it pushes the model's
 * image to the registry, timed and shown apart). Instance types reserve nothing (SAGEBOX_RESOURCE_LIMITS=off): the
 * three nodes share this machine's CPUs.
 */
public final class SwarmBench {
    private static final String ACCESS_KEY = "sagebox";
    private static final String SECRET_KEY = "sagebox-secret";
    private static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    private static final int INSTANCES = Integer.getInteger("instances", 12);
    private static final int REPS = Integer.getInteger("reps", 3);

    private SwarmBench() {
    }

    /** What one engine measured. */
    record Figures(String engine, double firstEndpointSeconds, List<Double> endpointSeconds, int nodes,
            double firstTrainingSeconds, List<Double> trainingSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path work = Files.createTempDirectory("sagebox-swarm-bench");
        run("bash", root.resolve("docker/scripts/build-images.sh").toString(), "test-server", "bench-trivial");
        say(String.format(Locale.ROOT, "load average at start: %s", loadAverage()));
        Figures local = measure(root, work, "local");
        Figures swarm;
        run("bash", root.resolve("docker/scripts/cluster.sh").toString(), "up", "3");
        try {
            swarm = measure(root, work, "swarm");
        } finally {
            run("bash", root.resolve("docker/scripts/cluster.sh").toString(), "down");
        }
        report(local, swarm);
        say(String.format(Locale.ROOT, "load average at end: %s", loadAverage()));
        deleteTree(work);
    }

    private static Figures measure(Path root, Path work, String engine) throws Exception {
        Path home = Files.createDirectories(work.resolve(engine));
        int port = freePort();
        Map<String, String> env = Map.of("SAGEBOX_HOME", home.toString(), "SAGEBOX_PORT", String.valueOf(port),
                "SAGEBOX_S3_PORT", String.valueOf(freePort()), "SAGEBOX_ENGINE", engine,
                "SAGEBOX_RESOURCE_LIMITS", "off", "SAGEBOX_MAX_INSTANCES_PER_VARIANT", String.valueOf(INSTANCES),
                "SAGEBOX_MAX_INSTANCES_PER_ENDPOINT", String.valueOf(INSTANCES));
        try (JavaProcess server = JavaProcess.start("sagebox-" + engine, List.of("-Xmx512m"),
                List.of("-jar", root.resolve("api/target/sagebox.jar").toString()), env, "Sagebox listening on",
                work.resolve(engine + ".log"), Duration.ofMinutes(2))) {
            return measure(server, port, home, engine);
        }
    }

    private static Figures measure(JavaProcess server, int port, Path home, String engine) throws Exception {
        try {
            ControlPlane api = new ControlPlane(new Signer(ACCESS_KEY, SECRET_KEY, port), port);
            api.call("CreateModel", "{\"ModelName\":\"m\",\"ExecutionRoleArn\":\"" + ROLE + "\","
                    + "\"PrimaryContainer\":{\"Image\":\"sagebox/test-server:latest\"}}");
            api.call("CreateEndpointConfig", config("one", 1));
            api.call("CreateEndpointConfig", config("many", INSTANCES));
            double first = endpointSeconds(api, "warm", "one");
            List<Double> times = new ArrayList<>();
            int nodes = 0;
            for (int i = 0; i < REPS; i++) {
                times.add(endpointSeconds(api, "ep" + i, "many"));
                if (i == 0) {
                    nodes = engine.equals("swarm") ? swarmNodes(home) : 1;
                }
                delete(api, "ep" + i);
            }
            delete(api, "warm");
            // The first job on a swarm builds the node agent's image and pushes it; shown apart, like the first push.
            double firstJob = trainingSeconds(api, engine + "-warm");
            List<Double> training = new ArrayList<>();
            for (int i = 0; i < REPS; i++) {
                training.add(trainingSeconds(api, engine + "-job-" + i));
            }
            return new Figures(engine, first, times, nodes, firstJob, training);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the " + engine + " run failed; the server's log ends with:\n"
                    + server.logTail(), e);
        } finally {
            removeLeftovers(home);
        }
    }

    /** Whatever this server left running (a failed run does not delete its endpoints): containers and services. */
    private static void removeLeftovers(Path home) {
        try {
            String label = "label=sagebox.instance=" + Files.readString(home.resolve("server-id")).strip();
            List<String> containers = run("docker", "ps", "-aq", "--filter", label).strip().lines().toList();
            if (!containers.isEmpty()) {
                List<String> command = new ArrayList<>(List.of("docker", "rm", "-f"));
                command.addAll(containers);
                run(command.toArray(new String[0]));
            }
            if (run("docker", "info", "--format", "{{.Swarm.ControlAvailable}}").strip().equals("true")) {
                List<String> services = run("docker", "service", "ls", "-q", "--filter", label).strip().lines()
                        .toList();
                if (!services.isEmpty()) {
                    List<String> command = new ArrayList<>(List.of("docker", "service", "rm"));
                    command.addAll(services);
                    run(command.toArray(new String[0]));
                }
            }
        } catch (Exception e) {
            say("could not remove what the benchmark's server left: " + e.getMessage());
        }
    }

    private static String config(String name, int instances) {
        return "{\"EndpointConfigName\":\"" + name + "\",\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\","
                + "\"ModelName\":\"m\",\"InitialInstanceCount\":" + instances
                + ",\"InstanceType\":\"ml.m5.large\",\"InitialVariantWeight\":1}]}";
    }

    private static double endpointSeconds(ControlPlane api, String name, String config) throws Exception {
        long start = System.nanoTime();
        api.call("CreateEndpoint", "{\"EndpointName\":\"" + name + "\",\"EndpointConfigName\":\"" + config + "\"}");
        api.awaitInService(name);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void delete(ControlPlane api, String name) throws Exception {
        api.call("DeleteEndpoint", "{\"EndpointName\":\"" + name + "\"}");
        api.awaitGone(name);
    }

    /** CreateTrainingJob to Completed of {@code sagebox/bench-trivial}, polled every 15 ms. */
    private static double trainingSeconds(ControlPlane api, String name) throws Exception {
        long start = System.nanoTime();
        api.call("CreateTrainingJob", "{\"TrainingJobName\":\"" + name + "\",\"RoleArn\":\"" + ROLE + "\","
                + "\"AlgorithmSpecification\":{\"TrainingImage\":\"sagebox/bench-trivial:latest\","
                + "\"TrainingInputMode\":\"File\"},\"OutputDataConfig\":{\"S3OutputPath\":\"s3://sagemaker-us-east-1-"
                + "123456789012/bench\"},\"ResourceConfig\":{\"InstanceType\":\"ml.m5.large\",\"InstanceCount\":1,"
                + "\"VolumeSizeInGB\":1},\"StoppingCondition\":{\"MaxRuntimeInSeconds\":600}}");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            String d = api.call("DescribeTrainingJob", "{\"TrainingJobName\":\"" + name + "\"}");
            if (d.contains("\"TrainingJobStatus\":\"Completed\"")) {
                return (System.nanoTime() - start) / 1e9;
            }
            if (d.contains("\"TrainingJobStatus\":\"Failed\"")) {
                throw new IllegalStateException("training job " + name + " failed: " + d);
            }
            Thread.sleep(15);
        }
        throw new IllegalStateException("training job " + name + " not Completed after 5 minutes");
    }

    /** On how many nodes the first endpoint's instances ran (its services' tasks, read with the docker CLI). */
    private static int swarmNodes(Path home) throws Exception {
        String serverId = Files.readString(home.resolve("server-id")).strip();
        Set<String> nodes = new HashSet<>();
        for (String service : run("docker", "service", "ls", "-q", "--filter", "label=sagebox.instance=" + serverId)
                .strip().split("\\s+")) {
            if (!service.isBlank()) {
                nodes.addAll(run("docker", "service", "ps", "-q", "--filter", "desired-state=running", "--format",
                        "{{.Node}}", service).strip().lines().toList());
            }
        }
        return nodes.size();
    }

    private static void report(Figures local, Figures swarm) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %12s %14s %8s%n", "figure (median of " + REPS + ")", "local engine",
                "swarm, 3 nodes", "ratio");
        row("CreateEndpoint to InService, " + INSTANCES + " instances (s)", median(local.endpointSeconds()),
                median(swarm.endpointSeconds()));
        row("first endpoint, 1 instance (s; swarm: image pushed first)", local.firstEndpointSeconds(),
                swarm.firstEndpointSeconds());
        System.out.printf(Locale.ROOT, "%-58s %12d %14d%n", "nodes the " + INSTANCES + " instances ran on",
                local.nodes(), swarm.nodes());
        row("trivial training job, CreateTrainingJob to Completed (s)", median(local.trainingSeconds()),
                median(swarm.trainingSeconds()));
        row("first training job (s; swarm: node agent image built and pushed)", local.firstTrainingSeconds(),
                swarm.firstTrainingSeconds());
        System.out.printf(Locale.ROOT, "%-58s %12s %14.2f%n", "training overhead of the swarm over the local engine (s)",
                "", median(swarm.trainingSeconds()) - median(local.trainingSeconds()));
        System.out.println("  every run (s): local endpoints " + local.endpointSeconds() + ", swarm endpoints "
                + swarm.endpointSeconds() + "; local training " + local.trainingSeconds() + ", swarm training "
                + swarm.trainingSeconds());
    }

    private static void row(String name, double local, double swarm) {
        System.out.printf(Locale.ROOT, "%-58s %12.2f %14.2f %8.2f%n", name, local, swarm, swarm / local);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static void say(String text) {
        System.err.println("bench-swarm: " + text);
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
