package dev.sagebox.core;

import java.util.Arrays;
import java.util.Optional;

/** The SageMaker resource types Sagebox serves, with the segment each uses in its ARN. */
public enum ResourceType {
    TRAINING_JOB("training-job"),
    MODEL("model"),
    ENDPOINT_CONFIG("endpoint-config"),
    ENDPOINT("endpoint"),
    NOTEBOOK_INSTANCE("notebook-instance"),
    PROCESSING_JOB("processing-job"),
    TRANSFORM_JOB("transform-job"),
    HYPER_PARAMETER_TUNING_JOB("hyper-parameter-tuning-job");

    private final String arnSegment;

    ResourceType(String arnSegment) {
        this.arnSegment = arnSegment;
    }

    public String arnSegment() {
        return arnSegment;
    }

    public static Optional<ResourceType> fromArnSegment(String segment) {
        return Arrays.stream(values()).filter(t -> t.arnSegment.equals(segment)).findFirst();
    }
}
