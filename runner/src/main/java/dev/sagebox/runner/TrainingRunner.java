package dev.sagebox.runner;

/** Runs one training job to its end; the scheduler calls it on a worker thread of its own. */
public interface TrainingRunner {
    /** Stages, runs and uploads a fresh job; returns when the job has ended (or was stopped). */
    TrainingOutcome run(TrainingSpec spec, TrainingObserver observer, StopSignal stop);

    /**
     * Picks a job back up after a server restart: if its containers still run they are re-attached and the job ends
     * normally; if they are gone the outcome is FAILED with a reason that says so.
     */
    TrainingOutcome resume(TrainingSpec spec, TrainingObserver observer, StopSignal stop);
}
