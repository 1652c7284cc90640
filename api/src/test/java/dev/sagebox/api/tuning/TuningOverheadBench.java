package dev.sagebox.api.tuning;

import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.docker.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.DescribeHyperParameterTuningJobResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTrainingJobSummary;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTuningJobStatus;

/**
 * Issue 14's container benchmark ({@code bench/tuning/run --containers}): a 30-job Bayesian tuning of the test
 * algorithm's known objective, 3 children at a time, in real containers. Sagebox's own overhead per child is the
 * time from the end of the child whose end freed a slot to the creation of the next child (the search's choice, the
 * scheduling and the records, not the container's own start); the child's run time is shown beside it as the
 * baseline of what a child costs. Target: median overhead ≤ 0.5 s. Exits 1 when missed.
 */
public final class TuningOverheadBench {
    private TuningOverheadBench() {
    }

    public static void main(String[] args) throws Exception {
        int jobs = Integer.getInteger("jobs", 30);
        int parallel = 3;
        Path home = Files.createTempDirectory("sagebox-tuning-bench");
        try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(parallel, Duration.ofSeconds(2), true))))) {
            sagebox.s3.createBucket(r -> r.bucket("tuning"));
            sagebox.s3.putObject(r -> r.bucket("tuning").key("train/x.csv"), RequestBody.fromString("1\n"));
            TuningJobIT.sm = sagebox.sageMaker;
            String name = "tuning-bench";
            Instant start = Instant.now();
            sagebox.sageMaker.createHyperParameterTuningJob(TuningJobIT.tuning(name, c -> c.strategy("Bayesian")
                    .randomSeed(1).resourceLimits(l -> l.maxNumberOfTrainingJobs(jobs).maxParallelTrainingJobs(parallel))
                    .parameterRanges(p -> p.continuousParameterRanges(r -> r.name("x").minValue("0").maxValue("4"))
                            .categoricalParameterRanges(r -> r.name("kind").values("a", "b", "c"))),
                    Map.of("behaviour", "objective", "epochs", "1")));
            DescribeHyperParameterTuningJobResponse d = Poll.value(Duration.ofMinutes(20), "the tuning job ends",
                    () -> Optional.of(sagebox.sageMaker.describeHyperParameterTuningJob(r -> r
                            .hyperParameterTuningJobName(name))).filter(x -> x.hyperParameterTuningJobStatus()
                                    != HyperParameterTuningJobStatus.IN_PROGRESS));
            Duration total = Duration.between(start, Instant.now());
            List<DescribeTrainingJobResponse> children = new ArrayList<>();
            String token = null;
            do {
                String t = token;
                var page = sagebox.sageMaker.listTrainingJobsForHyperParameterTuningJob(r -> r
                        .hyperParameterTuningJobName(name).maxResults(100).nextToken(t));
                for (HyperParameterTrainingJobSummary s : page.trainingJobSummaries()) {
                    children.add(sagebox.sageMaker.describeTrainingJob(r -> r.trainingJobName(s.trainingJobName())));
                }
                token = page.nextToken();
            } while (token != null);
            children.sort(Comparator.comparing(DescribeTrainingJobResponse::creationTime));
            List<Instant> ends = children.stream().map(DescribeTrainingJobResponse::trainingEndTime).sorted().toList();
            List<Double> overheads = new ArrayList<>();
            for (int k = parallel; k < children.size(); k++) {
                overheads.add(Duration.between(ends.get(k - parallel), children.get(k).creationTime()).toMillis()
                        / 1000.0);
            }
            List<Double> runs = children.stream().map(c -> Duration.between(c.creationTime(), c.trainingEndTime())
                    .toMillis() / 1000.0).toList();
            double overhead = median(overheads);
            double run = median(runs);
            say("tuning benchmark: %s, %d children (%d at a time), best %s in %.1f s", d.hyperParameterTuningJobStatus(),
                    children.size(), parallel, d.bestTrainingJob().finalHyperParameterTuningJobObjectiveMetric().value(),
                    total.toMillis() / 1000.0);
            say("%-58s %8.3f s", "child's run, creation to end (median; the baseline)", run);
            say("%-58s %8.3f s", "Sagebox overhead, a child's end to the next creation (median)", overhead);
            say("%-58s %8.3f s", "                                             (max)",
                    overheads.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            say("%-58s %8.3f", "overhead / child's run", overhead / run);
            boolean met = overhead <= 0.5 && d.hyperParameterTuningJobStatus() == HyperParameterTuningJobStatus.COMPLETED;
            say("target: median overhead <= 0.5 s: %s", met ? "met" : "MISSED");
            System.exit(met ? 0 : 1);
        } finally {
            dev.sagebox.storage.LocalTrees.delete(home);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
