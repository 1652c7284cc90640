package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's AWS CLI ({@code /usr/bin/aws}, installed by {@code ./sagebox test}) against a running Sagebox. */
class AwsCliTest {
    static final Path AWS = Path.of("/usr/bin/aws");

    @TempDir
    static Path home;
    static TestSagebox sagebox;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    record Result(int exit, String out, String err) {
    }

    static Result aws(String... args) throws IOException, InterruptedException {
        return aws(sagebox, home, args);
    }

    /** Runs the CLI against {@code target} with its keys, without the user's configuration. */
    static Result aws(TestSagebox target, Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(AWS.toString(), "--endpoint-url", target.endpoint().toString(),
                "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("AWS_ACCESS_KEY_ID", "sagebox");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "sagebox-secret");
        pb.environment().put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        pb.environment().put("AWS_PAGER", "");
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
    }

    @Test
    void theCliCreatesDescribesListsAndReportsErrors() throws Exception {
        assumeTrue(Files.isExecutable(AWS), "Debian's awscli is not installed; ./sagebox test installs it");
        Result created = aws("sagemaker", "create-model", "--model-name", "cli-model",
                "--execution-role-arn", "arn:aws:iam::123456789012:role/SageboxRole",
                "--primary-container", "Image=sagebox/sklearn:latest,ModelDataUrl=s3://bucket/model.tar.gz");
        assertThat(created.exit()).as(created.err()).isZero();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(created.out()).get("ModelArn").asText())
                .isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:model/cli-model");

        JsonNode described = json.readTree(aws("sagemaker", "describe-model", "--model-name", "cli-model").out());
        assertThat(described.get("PrimaryContainer").get("Image").asText()).isEqualTo("sagebox/sklearn:latest");
        assertThat(described.get("CreationTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");

        JsonNode listed = json.readTree(aws("sagemaker", "list-models").out());
        assertThat(listed.get("Models").get(0).get("ModelName").asText()).isEqualTo("cli-model");

        Result missing = aws("sagemaker", "describe-model", "--model-name", "nope");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("(ValidationException)")
                .contains("Could not find model \"arn:aws:sagemaker:us-east-1:123456789012:model/nope\".");

        Result bad = aws("sagemaker", "describe-model", "--model-name", "bad_name");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("(ValidationException)").contains("1 validation error detected: Value 'bad_name'"
                + " at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern:");
    }
}
