package dev.sagebox.api.ops;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.api.wire.ListRequest;
import dev.sagebox.api.wire.TuningJobWire;
import dev.sagebox.core.ListQuery.SortField;
import dev.sagebox.core.ListQuery.SortOrder;
import dev.sagebox.core.Page;
import dev.sagebox.core.Tag;
import dev.sagebox.core.TrainingJobStatus;
import dev.sagebox.runner.TrainingSpec;
import dev.sagebox.scheduler.tuning.ChildStatus;
import dev.sagebox.scheduler.tuning.HyperParameterTuningJob;
import dev.sagebox.scheduler.tuning.TuningChildren;
import dev.sagebox.scheduler.tuning.TuningConfig;
import dev.sagebox.scheduler.tuning.TuningJobService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The hyperparameter tuning operations on the wire. */
public final class TuningJobOperations {
    static final ListQueries DEFAULTS = new ListQueries(SortField.CREATION_TIME, SortOrder.DESCENDING, 10);

    private final TuningJobService tunings;
    private final TagService tags;

    public TuningJobOperations(TuningJobService tunings, TagService tags) {
        this.tunings = tunings;
        this.tags = tags;
    }

    public void register(OperationRegistry.Builder registry) {
        registry.add("CreateHyperParameterTuningJob", TuningJobWire.CreateRequest.class, this::create);
        registry.add("DescribeHyperParameterTuningJob", TuningJobWire.NameRequest.class,
                r -> describe(tunings.describe(r.hyperParameterTuningJobName())));
        registry.add("ListHyperParameterTuningJobs", ListRequest.class, this::list);
        registry.add("StopHyperParameterTuningJob", TuningJobWire.NameRequest.class, r -> {
            tunings.stop(r.hyperParameterTuningJobName());
            return Map.of();
        });
        registry.add("ListTrainingJobsForHyperParameterTuningJob", TuningJobWire.ListTrainingJobsRequest.class,
                this::listTrainingJobs);
    }

    private TuningJobWire.CreateResponse create(TuningJobWire.CreateRequest r) {
        List<Tag> initialTags = tags.checked(r.tags());
        if (r.autotune() != null) {
            throw validation("Sagebox does not support Autotune; give the tuning job's configuration explicitly.");
        }
        TuningJobWire.TrainingJobDefinition d = TuningSpecs.definition(r);
        TrainingSpec definition = TuningSpecs.trainingSpec(r.hyperParameterTuningJobName(), d);
        TuningConfig config = TuningSpecs.config(r.hyperParameterTuningJobConfig(), d);
        List<String> parents = r.warmStartConfig() == null ? List.of()
                : r.warmStartConfig().parentHyperParameterTuningJobs().stream()
                        .map(TuningJobWire.ParentJob::hyperParameterTuningJobName).toList();
        HyperParameterTuningJob job = tunings.create(r.hyperParameterTuningJobName(), config, definition, parents,
                Optional.ofNullable(r.warmStartConfig()).map(TuningJobWire.WarmStartConfig::warmStartType));
        tags.tagNew(job.arn(), initialTags);
        return new TuningJobWire.CreateResponse(job.arn().toString());
    }

    private Object list(ListRequest r) {
        Page<HyperParameterTuningJob> page = tunings.list(DEFAULTS.toQuery(r));
        return new TuningJobWire.ListResponse(page.items().stream().map(j -> {
            List<ChildStatus> kids = tunings.children(j);
            TuningJobWire.Config config = TuningSpecs.config(j.config());
            return new TuningJobWire.Summary(j.name(), j.arn().toString(), j.state().status().wireName(),
                    j.config().strategy().wireName(), j.creationTime(), j.state().endTime().orElse(null),
                    j.lastModifiedTime(), statusCounters(kids), objectiveCounters(kids), config.resourceLimits());
        }).toList(), page.nextToken().orElse(null));
    }

    private TuningJobWire.DescribeResponse describe(HyperParameterTuningJob j) {
        List<ChildStatus> kids = tunings.children(j);
        Optional<ChildStatus> best = TuningChildren.best(j, kids);
        List<ChildStatus> overall = new ArrayList<>(kids);
        overall.addAll(tunings.parentChildren(j));
        Optional<ChildStatus> overallBest = j.warmStartParents().isEmpty() ? Optional.empty()
                : TuningChildren.best(j, overall);
        return new TuningJobWire.DescribeResponse(j.name(), j.arn().toString(), TuningSpecs.config(j.config()),
                TuningSpecs.definition(j.definition()), j.state().status().wireName(), j.creationTime(),
                j.state().endTime().orElse(null), j.lastModifiedTime(), statusCounters(kids),
                objectiveCounters(kids), best.map(c -> summary(j, c)).orElse(null),
                overallBest.map(c -> summary(j, c)).orElse(null),
                j.warmStartParents().isEmpty() ? null : new TuningJobWire.WarmStartConfig(j.warmStartParents().stream()
                        .map(TuningJobWire.ParentJob::new).toList(), j.warmStartType().orElse(null)),
                j.state().failureReason().orElse(null));
    }

    private Object listTrainingJobs(TuningJobWire.ListTrainingJobsRequest r) {
        HyperParameterTuningJob j = tunings.describe(r.hyperParameterTuningJobName());
        List<ChildStatus> kids = new ArrayList<>(tunings.children(j));
        if (r.statusEquals() != null) {
            kids.removeIf(c -> !c.job().status().wireName().equals(r.statusEquals()));
        }
        Comparator<ChildStatus> order = switch (r.sortBy() == null ? "CreationTime" : r.sortBy()) {
            case "Name" -> Comparator.comparing(c -> c.child().trainingJobName());
            case "Status" -> Comparator.comparing(c -> c.job().status().wireName());
            // Jobs without an objective value come last, whichever the order.
            case "FinalObjectiveMetricValue" -> Comparator.comparing(
                    (ChildStatus c) -> c.finalObjective().isEmpty()).thenComparingDouble(
                            c -> c.finalObjective().orElse(0.0));
            default -> Comparator.comparing((ChildStatus c) -> c.job().creationTime())
                    .thenComparing(c -> c.child().trainingJobName());
        };
        boolean ascending = "Ascending".equals(r.sortOrder());
        if (!ascending) {
            order = "FinalObjectiveMetricValue".equals(r.sortBy()) ? Comparator.comparing(
                    (ChildStatus c) -> c.finalObjective().isEmpty()).thenComparing(Comparator.comparingDouble(
                            (ChildStatus c) -> c.finalObjective().orElse(0.0)).reversed()) : order.reversed();
        }
        kids.sort(order);
        int from = parseToken(r.nextToken());
        int size = r.maxResults() == null ? 10 : r.maxResults();
        int to = Math.min(kids.size(), from + size);
        return new TuningJobWire.ListTrainingJobsResponse(kids.subList(Math.min(from, kids.size()), to).stream()
                .map(c -> summary(j, c)).toList(), to < kids.size() ? String.valueOf(to) : null);
    }

    private static int parseToken(String token) {
        if (token == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(token));
        } catch (NumberFormatException e) {
            throw validation("Invalid pagination token: %s", token);
        }
    }

    private static TuningJobWire.TrainingJobSummary summary(HyperParameterTuningJob tuning, ChildStatus c) {
        String tuningName = c.job().tuningJobArn().map(a -> a.substring(a.lastIndexOf('/') + 1))
                .orElse(tuning.name());
        return new TuningJobWire.TrainingJobSummary(null, c.child().trainingJobName(), c.job().arn().toString(),
                tuningName, c.job().creationTime(), c.job().trainingStartTime().orElse(null),
                c.job().trainingEndTime().orElse(null), c.job().status().wireName(),
                c.child().tunedHyperParameters(), c.job().failureReason().orElse(null),
                c.finalObjective().map(v -> new TuningJobWire.FinalObjective(tuning.config().objectiveType()
                        .wireName(), tuning.config().objectiveMetric(), v.floatValue())).orElse(null),
                c.objectiveStatus().wireName());
    }

    private static TuningJobWire.TrainingJobStatusCounters statusCounters(List<ChildStatus> kids) {
        int retryable = (int) kids.stream().filter(ChildStatus::retryableError).count();
        return new TuningJobWire.TrainingJobStatusCounters(
                count(kids, TrainingJobStatus.COMPLETED), count(kids, TrainingJobStatus.IN_PROGRESS)
                        + count(kids, TrainingJobStatus.STOPPING), retryable,
                count(kids, TrainingJobStatus.FAILED) - retryable, count(kids, TrainingJobStatus.STOPPED));
    }

    private static int count(List<ChildStatus> kids, TrainingJobStatus status) {
        return (int) kids.stream().filter(c -> c.job().status() == status).count();
    }

    private static TuningJobWire.ObjectiveStatusCounters objectiveCounters(List<ChildStatus> kids) {
        return new TuningJobWire.ObjectiveStatusCounters(
                (int) kids.stream().filter(c -> c.objectiveStatus() == ChildStatus.ObjectiveStatus.SUCCEEDED).count(),
                (int) kids.stream().filter(c -> c.objectiveStatus() == ChildStatus.ObjectiveStatus.PENDING).count(),
                (int) kids.stream().filter(c -> c.objectiveStatus() == ChildStatus.ObjectiveStatus.FAILED).count());
    }
}
