package dev.sagebox.scheduler.tuning;

import dev.sagebox.core.DaemonThreads;
import dev.sagebox.core.JobStatus;
import dev.sagebox.core.SageboxException;
import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.runner.TrainingSpec;
import dev.sagebox.scheduler.TrainingJobService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tuning jobs: every few milliseconds each one looks at its children (real training jobs), stops those the
 * strategy or the median rule gives up on, launches new ones while fewer than MaxParallelTrainingJobs run and the
 * limits and completion criteria allow, and ends when its last child has. Everything it knows is in the records, so a
 * restarted server picks a tuning job up where it was (its children are resumed by the training scheduler).
 */
public final class Tuner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);
    /** How often a tuning job looks at its children: the most a child's end waits before the next one starts. */
    static final Duration TICK = Duration.ofMillis(50);

    private final HyperParameterTuningJobRepository tunings;
    private final TrainingJobService training;
    private final TuningChildren children;
    private final Function<TuningConfig, SearchStrategy> strategies;
    private final Clock clock;
    private final Random suffixes = new Random();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("tuning"));
    private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
    private final Map<String, SearchStrategy> searches = new ConcurrentHashMap<>();

    public Tuner(HyperParameterTuningJobRepository tunings, TrainingJobService training, TuningChildren children,
            Function<TuningConfig, SearchStrategy> strategies, Clock clock) {
        this.tunings = tunings;
        this.training = training;
        this.children = children;
        this.strategies = strategies;
        this.clock = clock;
    }

    public void submit(HyperParameterTuningJob job) {
        String key = key(job.name());
        running.computeIfAbsent(key, k -> ticks.scheduleWithFixedDelay(() -> tickQuietly(job.name()), 0,
                TICK.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Picks up every tuning job that had not ended when the server last stopped. */
    public int recover() {
        List<HyperParameterTuningJob> unfinished = tunings.unfinished();
        unfinished.forEach(this::submit);
        return unfinished.size();
    }

    private void tickQuietly(String name) {
        try {
            tick(name);
        } catch (RuntimeException e) {
            LOG.warn("tuning job {}: {}", name, e.toString());
        }
    }

    private void tick(String name) {
        Optional<HyperParameterTuningJob> found = tunings.find(name);
        if (found.isEmpty() || found.get().state().status().isTerminal()) {
            done(name);
            return;
        }
        HyperParameterTuningJob job = found.get();
        TuningConfig config = job.config();
        List<ChildStatus> kids = children.of(job);
        List<Trial> trials = children.trials(job, kids);
        List<Trial> known = new ArrayList<>(warmStartTrials(job));
        known.addAll(trials);
        SearchStrategy search = searches.computeIfAbsent(key(name), k -> strategies.apply(config));
        long active = kids.stream().filter(ChildStatus::running).count();
        boolean stopping = job.state().status() == JobStatus.STOPPING;
        boolean timeUp = config.maxRuntime().map(limit -> clock.instant().isAfter(
                job.creationTime().plus(limit))).orElse(false);
        if (stopping || timeUp) {
            kids.stream().filter(ChildStatus::running).forEach(c -> stopChild(c.child().trainingJobName()));
            if (active == 0) {
                finish(name, stopping ? JobStatus.STOPPED : JobStatus.COMPLETED, Optional.empty());
            }
            return;
        }
        for (int i = 0; i < kids.size(); i++) {
            Trial t = trials.get(i);
            if (t.running() && kids.get(i).job().status() == TrainingJobStatus.IN_PROGRESS
                    && (search.shouldStop(t, known)
                            || (config.earlyStopping() && MedianStopping.shouldStop(t, known)))) {
                stopChild(kids.get(i).child().trainingJobName());
            }
        }
        boolean criteriaMet = criteriaMet(config, kids);
        List<Map<String, String>> reruns = reruns(kids);
        int index = job.children().size();
        // Counted from the training jobs that exist: a child recorded just before a shutdown cut its creation short
        // never ran, and its name stays taken.
        int launched = kids.size() - (int) kids.stream().filter(ChildStatus::retryableError).count();
        boolean exhausted = false;
        while (!criteriaMet && active < config.maxParallelTrainingJobs() && launched < config.maxNumberOfTrainingJobs()) {
            Optional<Map<String, String>> next = reruns.isEmpty() ? search.next(known)
                    : Optional.of(reruns.remove(0));
            if (next.isEmpty()) {
                exhausted = true;
                break;
            }
            TuningChild child = launch(job, index, next.get());
            known.add(new Trial(child.tunedHyperParameters(), List.of(), Optional.empty(), true));
            index++;
            launched++;
            active++;
        }
        if (active == 0 && (criteriaMet || exhausted || launched >= config.maxNumberOfTrainingJobs())) {
            boolean anyObjective = kids.stream().anyMatch(c -> c.objectiveStatus()
                    == ChildStatus.ObjectiveStatus.SUCCEEDED);
            finish(name, anyObjective || kids.isEmpty() ? JobStatus.COMPLETED : JobStatus.FAILED, anyObjective
                    ? Optional.empty() : Optional.of("No training job reported the objective metric "
                            + config.objectiveMetric() + "; see the training jobs' FailureReason and logs."));
        }
    }

    /** The hyperparameters of children that failed inside Sagebox and were not run again since. */
    private static List<Map<String, String>> reruns(List<ChildStatus> kids) {
        List<Map<String, String>> reruns = new ArrayList<>();
        for (int i = 0; i < kids.size(); i++) {
            Map<String, String> tuned = kids.get(i).child().tunedHyperParameters();
            boolean rerun = kids.subList(i + 1, kids.size()).stream()
                    .anyMatch(later -> later.child().tunedHyperParameters().equals(tuned));
            if (kids.get(i).retryableError() && !rerun) {
                reruns.add(tuned);
            }
        }
        return reruns;
    }

    /** TargetObjectiveMetricValue reached, or the best value not improved by the last N finished children. */
    static boolean criteriaMet(TuningConfig config, List<ChildStatus> kids) {
        List<Double> finished = kids.stream().filter(c -> c.objectiveStatus() == ChildStatus.ObjectiveStatus.SUCCEEDED)
                .sorted(java.util.Comparator.comparing(c -> c.job().trainingEndTime().orElse(c.job()
                        .lastModifiedTime())))
                .map(c -> config.loss(c.finalObjective().orElseThrow())).toList();
        if (config.targetObjectiveMetricValue().isPresent()) {
            double target = config.loss(config.targetObjectiveMetricValue().get());
            if (finished.stream().anyMatch(v -> v <= target)) {
                return true;
            }
        }
        if (config.maxJobsNotImproving().isPresent()) {
            int n = config.maxJobsNotImproving().get();
            int sinceBest = 0;
            double best = Double.POSITIVE_INFINITY;
            for (double v : finished) {
                if (v < best) {
                    best = v;
                    sinceBest = 0;
                } else {
                    sinceBest++;
                }
            }
            return finished.size() > n && sinceBest >= n;
        }
        return false;
    }

    private List<Trial> warmStartTrials(HyperParameterTuningJob job) {
        List<Trial> trials = new ArrayList<>();
        for (String parent : job.warmStartParents()) {
            tunings.find(parent).ifPresent(p -> children.trials(p, children.of(p)).stream()
                    .filter(t -> !t.running() && t.objective().isPresent())
                    // Signed as the parent's objective; un-signed, then signed as this job's.
                    .map(t -> new Trial(t.hyperParameters(), t.intermediate(), t.objective().map(v ->
                            job.config().loss(p.config().loss(v))), false))
                    .forEach(trials::add));
        }
        return trials;
    }

    private TuningChild launch(HyperParameterTuningJob job, int index, Map<String, String> tuned) {
        String childName = String.format(Locale.ROOT, "%s-%03d-%s", job.name(), index + 1,
                HexFormat.of().toHexDigits(suffixes.nextInt()));
        Map<String, String> hyperParameters = new HashMap<>(job.definition().hyperParameters());
        hyperParameters.putAll(tuned);
        TrainingSpec spec = job.definition().forJob(childName, training.arnOf(childName).toString(), hyperParameters);
        TuningChild child = new TuningChild(childName, tuned);
        // Recorded first: a child the tuning job does not know of would be lost to it after a restart.
        tunings.update(job.name(), j -> j.withChild(child, clock.instant()));
        try {
            training.create(spec, Optional.of(job.arn().toString()));
        } catch (RuntimeException e) {
            tunings.update(job.name(), j -> j.withoutChild(childName));
            throw e;
        }
        return child;
    }

    private void stopChild(String name) {
        try {
            training.stop(name);
        } catch (SageboxException e) {
            // Ended meanwhile: nothing to stop.
        }
    }

    private void finish(String name, JobStatus status, Optional<String> reason) {
        tunings.update(name, j -> j.state().status().isTerminal() ? j : j.with(j.state().moved(status, reason,
                clock.instant())));
        done(name);
    }

    private void done(String name) {
        searches.remove(key(name));
        ScheduledFuture<?> tick = running.remove(key(name));
        if (tick != null) {
            tick.cancel(false);
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Stops looking after tuning jobs; their records stay as they are for the next start. */
    @Override
    public void close() {
        ticks.shutdownNow();
        try {
            ticks.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
