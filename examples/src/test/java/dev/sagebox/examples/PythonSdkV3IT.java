package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SageMaker Python SDK v3 (3.20, installed by {@code examples/scripts/ensure-clients.sh}) against a started
 * server, configured only by {@code eval "$(./sagebox sdk-env)"}: no role, no session, logs on, as a new user starts.
 */
@Tag("docker")
class PythonSdkV3IT {
    static final Path SDK_PYTHON = SdkScripts.kitPython("SAGEBOX_SDK3_VENV", "sagemaker-python-sdk-v3");

    @TempDir
    static Path home;
    static RunningSagebox server;
    static SdkScripts sdk;

    @BeforeAll
    static void start() throws Exception {
        assertThat(SDK_PYTHON).as("the SageMaker Python SDK v3, installed by examples/scripts/ensure-clients.sh")
                .isExecutable();
        server = RunningSagebox.start(home.resolve("sagebox"));
        sdk = new SdkScripts(SDK_PYTHON, server, home);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /**
     * examples/sdk3/train_deploy.py: ModelTrainer with role=None (STS, then IAM GetRole and SimulatePrincipalPolicy)
     * and its default logs=True, then ModelBuilder.build() and deploy() (which reads the endpoint's log group while
     * it waits), then the endpoint answers.
     */
    @Test
    void modelTrainerShowsTheContainerOutputAndModelBuilderDeploysAWorkingEndpoint() throws Exception {
        String out = sdk.run("examples/sdk3/train_deploy.py", "examples/data/iris.csv");
        assertThat(out).contains("trained on 150 rows (File mode)", "training: Completed", "model: ",
                "predictions: ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']");
        assertThat(out.indexOf("trained on 150 rows")).isLessThan(out.indexOf("training: Completed"));
    }

    /** examples/sdk3/script_mode.py: SourceCode runs a training script through v3's drivers in the example image. */
    @Test
    void scriptModeRunsATrainingScriptInTheExampleImage() throws Exception {
        String out = sdk.run("examples/sdk3/script_mode.py", "examples/data/iris.csv");
        assertThat(out).contains("Executing command: /usr/bin/python3 train.py --max_leaf_nodes 5",
                "script mode: trained on 150 rows with max_leaf_nodes=5", "training: Completed",
                "model.tar.gz: ['decision-tree-model.pkl']");
    }

    /** examples/sdk3/core_resources.py: TrainingJob create/wait/get/stop, Model, EndpointConfig, Endpoint update. */
    @Test
    void theCoreResourcesTrainStopServeAndUpdate() throws Exception {
        String out = sdk.run("examples/sdk3/core_resources.py", "examples/data/iris.csv");
        assertThat(out).contains("trained on 150 rows (File mode)", "training: Completed s3://sagemaker-",
                "stopped: Stopped", "predictions: ['Iris-setosa', 'Iris-virginica'] from v1",
                "after update: ['Iris-setosa', 'Iris-virginica'] from v2");
    }

    /**
     * Botocore 1.43 (this kit's) reads every error of the server in its own protocol, also for services Sagebox does
     * not serve: {@code examples/src/test/python/protocol_errors.py} checks query, JSON 1.0 and 1.1, RPC v2 CBOR, REST
     * JSON and REST XML clients.
     */
    @Test
    void everyProtocolsClientParsesItsErrorAndUnservedServicesAreNamed() throws Exception {
        String out = sdk.run("examples/src/test/python/protocol_errors.py", "http://127.0.0.1:" + server.port);
        assertThat(out).contains("sns unserved: ok", "sts wrong secret: ok", "iam wrong secret: ok",
                "iam unknown action: ok", "dynamodb unserved: ok", "logs wrong secret: ok",
                "cloudwatch in cbor wrong secret: ok", "eventbridgev2 unserved: ok", "lambda unserved: ok",
                "s3 unserved: ok", "protocol_errors: ok");
    }
}
