package dev.sagebox.runner.processing;

import dev.sagebox.runner.StopSignal;

/** Runs one processing job to its end; the scheduler calls it on a worker thread of its own. */
public interface ProcessingRunner {
    /** Stages, runs and uploads a fresh job; returns when the job has ended (or was stopped). */
    ProcessingOutcome run(ProcessingSpec spec, StopSignal stop);

    /**
     * Picks a job back up after a server restart: re-attached when its containers still run, FAILED with a reason
     * when they are gone.
     */
    ProcessingOutcome resume(ProcessingSpec spec, StopSignal stop);
}
