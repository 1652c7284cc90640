package dev.sagebox.bench.training;

import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/** What every part shares: the server under test, clients for it, a scratch directory, the settings and the report. */
record Context(ServerJvm server, S3Client s3, SageMakerClient sm, Path work, Settings settings, Report report) {

    /** Repetitions and sizes; the defaults keep a full run to a few minutes on two cores. */
    record Settings(int startupReps, int fileReps, int pipeReps, int pipeWarmJobs, int fileObjects,
            long fileObjectBytes, int bigObjects, long bigObjectBytes) {
        static Settings from(java.util.Map<String, String> env) {
            return new Settings(
                    Integer.parseInt(env.getOrDefault("SAGEBOX_BENCH_STARTUP_REPS", "7")),
                    Integer.parseInt(env.getOrDefault("SAGEBOX_BENCH_FILE_REPS", "3")),
                    Integer.parseInt(env.getOrDefault("SAGEBOX_BENCH_PIPE_REPS", "5")),
                    Integer.parseInt(env.getOrDefault("SAGEBOX_BENCH_PIPE_WARM_JOBS", "12")),
                    16, 64L << 20,
                    16, 256L << 20);
        }
    }

    String serverId() {
        return server.serverId();
    }
}
