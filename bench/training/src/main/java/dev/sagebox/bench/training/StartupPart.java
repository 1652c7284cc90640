package dev.sagebox.bench.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.model.SecondaryStatus;

/**
 * Issue 3 (a): CreateTrainingJob to Completed (DescribeTrainingJob polled every 15 ms) against a plain
 * {@code docker run --rm -v <opt/ml>:/opt/ml IMAGE train} of the same trivial image, interleaved, medians compared.
 */
final class StartupPart {
    static final String IMAGE = "sagebox/bench-trivial:latest";
    static final Duration POLL = Duration.ofMillis(15);
    static final double TARGET_OVERHEAD_SECONDS = 0.5;

    private final Context c;

    StartupPart(Context c) {
        this.c = c;
    }

    void run() throws IOException, InterruptedException {
        Report.say("(a) start-up: %d repetitions of docker run and of a Sagebox job, after one warm-up each",
                c.settings().startupReps());
        Path optMl = plainLayout(c.work().resolve("plain-opt-ml"));
        DockerCli.timedRun(IMAGE, optMl, "sagebox-bench-" + c.serverId() + "-plain-warm", c.serverId());
        sageboxJob("bench-startup-warm");
        List<Double> plain = new ArrayList<>();
        List<Double> sagebox = new ArrayList<>();
        List<Double> paired = new ArrayList<>();
        List<Timed> jobs = new ArrayList<>();
        long since = System.currentTimeMillis();
        for (int i = 1; i <= c.settings().startupReps(); i++) {
            plain.add(DockerCli.timedRun(IMAGE, optMl, "sagebox-bench-" + c.serverId() + "-plain-" + i,
                    c.serverId()) / 1e9);
            Timed t = sageboxJob("bench-startup-" + i);
            jobs.add(t);
            sagebox.add(t.seconds());
            paired.add(t.seconds() - plain.get(i - 1));
        }
        List<DockerCli.Event> events = DockerCli.events(since - 1000, System.currentTimeMillis() + 1000);
        double plainMedian = Report.median(plain);
        double sageboxMedian = Report.median(sagebox);
        double overhead = sageboxMedian - plainMedian;
        c.report().note("(a) docker run --rm (same image, same /opt/ml mount): %s",
                Report.list(plain, "ms", 1000));
        c.report().note("(a) Sagebox CreateTrainingJob -> Completed seen (15 ms polls): %s; paired overheads %s",
                Report.list(sagebox, "ms", 1000), Report.list(paired, "ms", 1000));
        c.report().note("(a) Sagebox job timeline (medians; docker events + SecondaryStatusTransitions, one host"
                + " clock): %s", timeline(jobs, events));
        Map<String, Double> engine = EngineCosts.measure(IMAGE, optMl, c.serverId(), 5);
        c.report().note("(a) Docker engine calls through Sagebox's docker-java adapter (medians of 5): %s",
                EngineCosts.format(engine));
        c.report().verdict("3a", "trivial job CreateTrainingJob -> Completed (median of "
                        + sagebox.size() + ")",
                Report.seconds(sageboxMedian) + " (overhead " + Report.seconds(overhead) + ")",
                "docker run " + Report.seconds(plainMedian) + " (docker-java run " + Report.seconds(
                        engine.get("docker-java run total (create, start, wait, remove)") / 1000) + ", not judged)",
                Report.ratio(sageboxMedian / plainMedian) + "x",
                "overhead <= " + Report.seconds(TARGET_OVERHEAD_SECONDS),
                overhead <= TARGET_OVERHEAD_SECONDS);
    }

    /** One job: its name, wall-clock marks (ms) around it, its SecondaryStatus start times, its polled duration. */
    private record Timed(String name, double seconds, long createdWall, long createReturnedWall, long observedWall,
            Map<SecondaryStatus, Long> transitions) {
    }

    private Timed sageboxJob(String name) throws InterruptedException {
        long createdWall = System.currentTimeMillis();
        long start = System.nanoTime();
        c.sm().createTrainingJob(Jobs.request(name, IMAGE, "File", Optional.empty()));
        long createReturnedWall = System.currentTimeMillis();
        Jobs.Ended e = Jobs.await(c.sm(), name, POLL, Duration.ofMinutes(2));
        long observedWall = System.currentTimeMillis();
        if (!e.completed()) {
            throw new IllegalStateException("the trivial job " + name + " ended " + e.failure());
        }
        Map<SecondaryStatus, Long> transitions = new LinkedHashMap<>();
        e.transitions().forEach((k, v) -> transitions.put(k, v.toEpochMilli()));
        return new Timed(name, (e.observedNanos() - start) / 1e9, createdWall, createReturnedWall, observedWall,
                transitions);
    }

    /**
     * Where a trivial job's time goes, step by step: the bench's own marks, the engine's events for the job's network
     * and container (by name), and the server's recorded transitions, all on this host's clock.
     */
    private static String timeline(List<Timed> jobs, List<DockerCli.Event> events) {
        Map<String, List<Double>> steps = new LinkedHashMap<>();
        for (Timed t : jobs) {
            String network = "-" + t.name();
            String container = "-" + t.name() + "-algo-1";
            Map<String, Long> marks = new LinkedHashMap<>();
            marks.put("create call", t.createdWall());
            marks.put("create answered", t.createReturnedWall());
            for (DockerCli.Event e : events) {
                boolean ofNetwork = e.type().equals("network") && e.name().endsWith(network);
                boolean ofContainer = e.type().equals("container") && e.name().endsWith(container);
                if (ofNetwork || ofContainer) {
                    marks.putIfAbsent(e.type() + " " + e.action(), e.millis());
                }
            }
            Long training = t.transitions().get(SecondaryStatus.TRAINING);
            Long uploading = t.transitions().get(SecondaryStatus.UPLOADING);
            Long completed = t.transitions().get(SecondaryStatus.COMPLETED);
            step(steps, "CreateTrainingJob answered", marks.get("create call"), marks.get("create answered"));
            step(steps, "answered->network create", marks.get("create answered"), marks.get("network create"));
            step(steps, "network create->container create", marks.get("network create"),
                    marks.get("container create"));
            step(steps, "container create->start", marks.get("container create"), marks.get("container start"));
            step(steps, "container start->die", marks.get("container start"), marks.get("container die"));
            step(steps, "container start->Training recorded", marks.get("container start"), training);
            step(steps, "container die->Uploading recorded", marks.get("container die"), uploading);
            step(steps, "Uploading->container destroy", uploading, marks.get("container destroy"));
            step(steps, "container destroy->network destroy", marks.get("container destroy"),
                    marks.get("network destroy"));
            step(steps, "network destroy->Completed recorded", marks.get("network destroy"), completed);
            step(steps, "Completed->seen by poll", completed, t.observedWall());
        }
        StringBuilder b = new StringBuilder();
        steps.forEach((k, v) -> b.append(String.format(java.util.Locale.ROOT, "%s %.0f ms; ", k, Report.median(v))));
        return b.toString();
    }

    private static void step(Map<String, List<Double>> steps, String name, Long from, Long to) {
        if (from != null && to != null) {
            steps.computeIfAbsent(name, k -> new ArrayList<>()).add((double) (to - from));
        }
    }

    /** The /opt/ml a single-host job gets: config files, and the empty data, model, output, code, checkpoint dirs. */
    static Path plainLayout(Path optMl) throws IOException {
        for (String d : List.of("input/config", "input/data", "model", "output/data", "code", "checkpoints")) {
            Files.createDirectories(optMl.resolve(d));
        }
        Files.writeString(optMl.resolve("input/config/hyperparameters.json"), "{}", StandardCharsets.UTF_8);
        Files.writeString(optMl.resolve("input/config/inputdataconfig.json"), "{}", StandardCharsets.UTF_8);
        Files.writeString(optMl.resolve("input/config/resourceconfig.json"),
                "{\"current_host\": \"algo-1\", \"hosts\": [\"algo-1\"], \"network_interface_name\": \"eth0\"}",
                StandardCharsets.UTF_8);
        return optMl;
    }
}
