package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Botocore 1.43 (the SageMaker Python SDK v3's, installed by {@code examples/scripts/ensure-clients.sh}) reads every
 * error of a started server in its own protocol, also for services Sagebox does not serve:
 * {@code examples/src/test/python/protocol_errors.py} checks query, JSON 1.0 and 1.1, RPC v2 CBOR, REST JSON and REST
 * XML clients, after {@code eval "$(./sagebox sdk-env)"}. It needs no Docker of its own; tagged so, as every IT,
 * because Failsafe runs the tagged ones.
 */
@Tag("docker")
class BotocoreProtocolErrorsIT {
    static final Path SDK3_PYTHON = SdkScripts.kitPython("SAGEBOX_SDK3_VENV", "sagemaker-python-sdk-v3");

    @TempDir
    static Path home;
    static RunningSagebox server;

    @BeforeAll
    static void start() throws Exception {
        assertThat(SDK3_PYTHON).as("the SageMaker Python SDK v3, installed by examples/scripts/ensure-clients.sh")
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
    void everyProtocolsClientParsesItsErrorAndUnservedServicesAreNamed() throws Exception {
        String out = new SdkScripts(SDK3_PYTHON, server, home).run("examples/src/test/python/protocol_errors.py",
                "http://127.0.0.1:" + server.port);
        assertThat(out).contains("sns unserved: ok", "sts wrong secret: ok", "iam wrong secret: ok",
                "iam unknown action: ok", "dynamodb unserved: ok", "logs wrong secret: ok",
                "cloudwatch in cbor wrong secret: ok", "eventbridgev2 unserved: ok", "lambda unserved: ok",
                "s3 unserved: ok", "protocol_errors: ok");
    }
}
