package dev.sagebox.scheduler.tuning;

import dev.sagebox.core.Arn;
import dev.sagebox.core.JobState;
import dev.sagebox.core.StatefulJob;
import dev.sagebox.runner.TrainingSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A hyperparameter tuning job: its search, the definition every child is made from (with the static
 * hyperparameters), the warm start parents, and the children launched so far, in order.
 *
 * @param definition the TrainingJobDefinition as a training spec whose name and ARN are placeholders
 * @param warmStartParents ParentHyperParameterTuningJobs' names
 * @param warmStartType WarmStartType (IdenticalDataAndAlgorithm or TransferLearning), when warm started
 */
public record HyperParameterTuningJob(
        String name,
        Arn arn,
        TuningConfig config,
        TrainingSpec definition,
        List<String> warmStartParents,
        Optional<String> warmStartType,
        JobState state,
        List<TuningChild> children) implements StatefulJob {
    public HyperParameterTuningJob {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(definition, "definition");
        warmStartParents = List.copyOf(warmStartParents);
        Objects.requireNonNull(warmStartType, "warmStartType");
        Objects.requireNonNull(state, "state");
        children = List.copyOf(children);
    }

    public HyperParameterTuningJob with(JobState next) {
        return new HyperParameterTuningJob(name, arn, config, definition, warmStartParents, warmStartType, next,
                children);
    }

    public HyperParameterTuningJob withChild(TuningChild child, Instant now) {
        List<TuningChild> all = new ArrayList<>(children);
        all.add(child);
        JobState touched = new JobState(state.status(), state.failureReason(), state.creationTime(),
                state.startTime(), state.endTime(), now);
        return new HyperParameterTuningJob(name, arn, config, definition, warmStartParents, warmStartType, touched,
                all);
    }

    /** The same job without the child {@code trainingJobName} (one that could not be created after all). */
    public HyperParameterTuningJob withoutChild(String trainingJobName) {
        return new HyperParameterTuningJob(name, arn, config, definition, warmStartParents, warmStartType, state,
                children.stream().filter(c -> !c.trainingJobName().equals(trainingJobName)).toList());
    }
}
