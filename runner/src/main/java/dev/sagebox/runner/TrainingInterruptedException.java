package dev.sagebox.runner;

/** The server is shutting down while a job runs: the job stays InProgress so the next start can resume it. */
public final class TrainingInterruptedException extends RuntimeException {
    public TrainingInterruptedException(String jobName) {
        super("training of " + jobName + " interrupted by shutdown");
    }
}
