package dev.sagebox.core.logs;

/** The log group and stream names SageMaker uses, so clients find Sagebox's logs where they find AWS's. */
public final class LogGroups {
    public static final String TRAINING_JOBS = "/aws/sagemaker/TrainingJobs";
    public static final String NOTEBOOK_INSTANCES = "/aws/sagemaker/NotebookInstances";
    public static final String PROCESSING_JOBS = "/aws/sagemaker/ProcessingJobs";
    public static final String TRANSFORM_JOBS = "/aws/sagemaker/TransformJobs";
    private static final String ENDPOINTS = "/aws/sagemaker/Endpoints/";

    private LogGroups() {
    }

    /** {@code /aws/sagemaker/Endpoints/<endpoint>}. */
    public static String endpoint(String endpointName) {
        return ENDPOINTS + endpointName;
    }

    /** {@code <job>/algo-<n>-<epoch seconds of the container's start>}. */
    public static String trainingStream(String jobName, String host, long startEpochSeconds) {
        return jobName + "/" + host + "-" + startEpochSeconds;
    }

    /** {@code <job>/algo-<n>-<epoch seconds of the container's start>}, as for training. */
    public static String processingStream(String jobName, String host, long startEpochSeconds) {
        return trainingStream(jobName, host, startEpochSeconds);
    }

    /** {@code <job>/<instance id>}, a transform job's instance. */
    public static String transformStream(String jobName, String instanceId) {
        return jobName + "/" + instanceId;
    }

    /** {@code <variant>/<instance id>}. */
    public static String endpointStream(String variantName, String instanceId) {
        return variantName + "/" + instanceId;
    }

    /** {@code <notebook instance>/jupyter.log}. */
    public static String notebookStream(String notebookInstanceName) {
        return notebookInstanceName + "/jupyter.log";
    }
}
