package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SageMaker Python SDK v2 (2.232, installed by {@code examples/scripts/ensure-clients.sh}) against a started
 * server, configured only by {@code eval "$(./sagebox sdk-env)"} as the README shows: no role, no bucket, logs on.
 */
@Tag("docker")
class PythonSdkIT {
    static final Path SDK_PYTHON = SdkScripts.kitPython("SAGEBOX_SDK_VENV", "sagemaker-python-sdk");

    @TempDir
    static Path home;
    static RunningSagebox server;

    @BeforeAll
    static void start() throws Exception {
        assertThat(SDK_PYTHON).as("the SageMaker Python SDK, installed by examples/scripts/ensure-clients.sh")
                .isExecutable();
        server = RunningSagebox.start(home.resolve("sagebox"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void roleLessEstimatorFitsWithLogsThenAttachDeploysAndPredicts() throws Exception {
        String out = sdk("examples/sdk/walkthrough.py", "examples/data/iris.csv");
        // fit() printed the container's own line, read from CloudWatch Logs, before it returned.
        assertThat(out).contains("trained on 150 rows (File mode)");
        assertThat(out.indexOf("trained on 150 rows")).isLessThan(out.indexOf("training: Completed"));
        assertThat(out).contains("training: Completed")
                .contains("predictions: ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']");

        String job = out.lines().filter(l -> l.startsWith("training: Completed ")).findFirst().orElseThrow()
                .substring("training: Completed ".length()).strip();
        String logs = sdk("examples/sdk/logs.py", job);
        assertThat(logs.split("--- Estimator.attach\\(job\\).logs\\(\\)", -1)).hasSize(2)
                .allSatisfy(part -> assertThat(part).contains("trained on 150 rows (File mode)"));
    }

    /** examples/sdk/attach_deploy.py checks what attach read back (spot, retries, KmsKeyId) and exits non-zero if not. */
    @Test
    void attachReadsBackAManagedSpotJobWithRetriesThenDeploysAndPredicts() throws Exception {
        String out = sdk("examples/sdk/attach_deploy.py", "examples/data/iris.csv");
        assertThat(out).contains("predictions: Iris-setosa Iris-versicolor Iris-virginica").contains("attach_deploy: ok");
    }

    /**
     * examples/sdk/batch.py (ScriptProcessor, Estimator.fit, estimator.transformer().transform with a join), then a
     * plain Processor and a hand-built Transformer with filters on the model that run trained.
     */
    @Test
    void processorsPrepareDataAndTransformersPredictEveryRowInABatch() throws Exception {
        String out = sdk("examples/sdk/batch.py", "examples/data/iris.csv");
        assertThat(out).contains("processing: Completed", "transform: Completed", "rows: 150",
                "joined: 5.1,3.5,1.4,0.2,Iris-setosa", "joined: 7.0,3.2,4.7,1.4,Iris-versicolor",
                "joined: 6.3,3.3,6.0,2.5,Iris-virginica");
        String job = out.lines().filter(l -> l.startsWith("training: Completed ")).findFirst().orElseThrow()
                .substring("training: Completed ".length()).strip();
        String checks = sdk("examples/src/test/python/processor_and_transformer.py", job);
        assertThat(checks).contains("processor: ok", "transformer: ok");
    }

    /** examples/sdk/tuning.py: HyperparameterTuner.fit, best_training_job(), analytics().dataframe(), deploy(). */
    @Test
    void aTunerFindsTheBestTrainingJobAndDeploysIt() throws Exception {
        String out = sdk("examples/sdk/tuning.py", "examples/data/iris.csv");
        assertThat(out).contains("tuning: Completed", "'Completed': 4", "analytics: 4 jobs;", "FinalObjectiveValue",
                "TrainingJobName", "max_leaf_nodes",
                "predictions: ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']");
        assertThat(out).containsPattern("best: sklearn-iris-\\S+-00\\d-[0-9a-f]{8} 0\\.9\\d+");
    }

    private static String sdk(String script, String... args) throws IOException, InterruptedException {
        return new SdkScripts(SDK_PYTHON, server, home).run(script, args);
    }
}
