package dev.sagebox.scheduler.tuning;

import dev.sagebox.runner.MetricSample;
import dev.sagebox.scheduler.FinalMetricData;
import dev.sagebox.scheduler.TrainingJobRepository;
import dev.sagebox.scheduler.TrainingMetricRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads a tuning job's children back from the training job records and their metric series. */
public final class TuningChildren {
    private final TrainingJobRepository trainingJobs;
    private final TrainingMetricRepository metrics;

    public TuningChildren(TrainingJobRepository trainingJobs, TrainingMetricRepository metrics) {
        this.trainingJobs = trainingJobs;
        this.metrics = metrics;
    }

    /** Every child still on record, in launch order. */
    public List<ChildStatus> of(HyperParameterTuningJob tuning) {
        List<ChildStatus> all = new ArrayList<>();
        for (TuningChild child : tuning.children()) {
            trainingJobs.find(child.trainingJobName()).ifPresent(job -> all.add(new ChildStatus(child, job,
                    job.finalMetricDataList().stream().filter(m -> m.metricName().equals(
                            tuning.config().objectiveMetric())).map(FinalMetricData::value).findFirst())));
        }
        return all;
    }

    /** The children as the search sees them: signed objective, and the values reported so far (one per epoch). */
    public List<Trial> trials(HyperParameterTuningJob tuning, List<ChildStatus> children) {
        List<Trial> trials = new ArrayList<>();
        for (ChildStatus c : children) {
            List<Double> series = new ArrayList<>();
            // One host's series: with several hosts each reports every epoch, so the first host stands for all.
            List<MetricSample> samples = metrics.samples(c.child().trainingJobName()).stream()
                    .filter(s -> s.metricName().equals(tuning.config().objectiveMetric())).toList();
            Optional<String> host = samples.stream().map(MetricSample::host).min(Comparator.naturalOrder());
            samples.stream().filter(s -> host.isPresent() && s.host().equals(host.get()))
                    .forEach(s -> series.add(tuning.config().loss(s.value())));
            trials.add(new Trial(c.child().tunedHyperParameters(), series,
                    c.objectiveStatus() == ChildStatus.ObjectiveStatus.SUCCEEDED
                            ? c.finalObjective().map(tuning.config()::loss) : Optional.empty(),
                    c.running()));
        }
        return trials;
    }

    /** The best child with an objective value, by the tuning job's objective. */
    public static Optional<ChildStatus> best(HyperParameterTuningJob tuning, List<ChildStatus> children) {
        return children.stream().filter(c -> c.objectiveStatus() == ChildStatus.ObjectiveStatus.SUCCEEDED)
                .min(Comparator.comparingDouble(c -> tuning.config().loss(c.finalObjective().orElseThrow())));
    }
}
