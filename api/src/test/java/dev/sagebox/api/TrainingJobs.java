package dev.sagebox.api;

import java.time.Duration;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/** Polls DescribeTrainingJob with a deadline, for tests (no sleeps). */
final class TrainingJobs {
    private TrainingJobs() {
    }

    static DescribeTrainingJobResponse await(SageMakerClient sm, String name, Duration timeout,
            Predicate<DescribeTrainingJobResponse> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        DescribeTrainingJobResponse last = null;
        while (System.nanoTime() < deadline) {
            last = sm.describeTrainingJob(r -> r.trainingJobName(name));
            if (condition.test(last)) {
                return last;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("timed out waiting on training job " + name + ": " + last);
    }

    /** The job once it is neither InProgress nor Stopping. */
    static DescribeTrainingJobResponse ended(SageMakerClient sm, String name, Duration timeout) {
        return await(sm, name, timeout, d -> d.trainingJobStatus() != TrainingJobStatus.IN_PROGRESS
                && d.trainingJobStatus() != TrainingJobStatus.STOPPING);
    }
}
