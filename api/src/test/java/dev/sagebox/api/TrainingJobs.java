package dev.sagebox.api;

import dev.sagebox.docker.Poll;
import java.time.Duration;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** Polls DescribeTrainingJob with a deadline ({@link Poll}), for tests. */
final class TrainingJobs {
    private TrainingJobs() {
    }

    static DescribeTrainingJobResponse await(SageMakerClient sm, String name, Duration timeout,
            Predicate<DescribeTrainingJobResponse> condition) {
        return Poll.until(timeout, "training job " + name, () -> sm.describeTrainingJob(r -> r.trainingJobName(name)),
                condition);
    }

    /** The job once it is neither InProgress nor Stopping. */
    static DescribeTrainingJobResponse ended(SageMakerClient sm, String name, Duration timeout) {
        return await(sm, name, timeout, d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS
                && d.trainingJobStatus() != TrainingJobStatus.STOPPING);
    }
}
