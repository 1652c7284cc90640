package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Botocore 1.43 (the SageMaker Python SDK v3's, installed by {@code examples/scripts/ensure-clients.sh}) reads every
 * error of a started server in its own protocol, also for services Sagebox does not serve:
 * {@code examples/src/test/python/protocol_errors.py} checks query, JSON 1.0 and 1.1, RPC v2 CBOR, REST JSON and REST
 * XML clients. It needs no Docker of its own; tagged so, as every IT, because Failsafe runs the tagged ones.
 */
@Tag("docker")
class BotocoreProtocolErrorsIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path SDK3_PYTHON = Path.of(System.getenv().getOrDefault("SAGEBOX_SDK3_VENV",
            System.getProperty("user.home") + "/.cache/sagebox/sagemaker-python-sdk-v3"), "bin", "python");

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
        ProcessBuilder pb = new ProcessBuilder(List.of(SDK3_PYTHON.toString(),
                "examples/src/test/python/protocol_errors.py")).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(server.environment());
        // Only the endpoint given: no profile, region or endpoint of the machine's own AWS set-up may interfere.
        pb.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("no-aws-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-aws-credentials").toString());
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Path log = Files.createTempFile(home, "protocol-errors", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean finished = p.waitFor(2, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(finished).as("finished in time: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("sns unserved: ok", "sts wrong secret: ok", "dynamodb unserved: ok",
                "logs wrong secret: ok", "cloudwatch in cbor wrong secret: ok", "eventbridgev2 unserved: ok",
                "lambda unserved: ok", "s3 unserved: ok", "protocol_errors: ok");
    }
}
