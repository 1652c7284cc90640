package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.FakeContainerEngine.FakeContainer;
import dev.sagebox.docker.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Issue 16, item 1: a training job's container gets credentials of its own, not the server's key. With them, through
 * real SDK clients, it reads its channel and writes under its output path, and nothing else: another key in S3 is
 * AccessDenied, DeleteModel is AccessDeniedException, the same key with another session token is refused, and once
 * the job has ended they verify nowhere.
 */
@Tag("security")
class ScopedCredentialsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static final FakeContainerEngine engine = new FakeContainerEngine(TrainingJobIT.IMAGE);

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine));
        sagebox.s3.createBucket(r -> r.bucket("data"));
        sagebox.s3.putObject(r -> r.bucket("data").key("train/part-0.csv"), RequestBody.fromString("1,2\n"));
        sagebox.s3.putObject(r -> r.bucket("data").key("models/other/model.tar.gz"), RequestBody.fromString("x"));
        sagebox.sageMaker.createModel(r -> r.modelName("someone-elses").executionRoleArn(
                ModelAndEndpointConfigTest.ROLE).primaryContainer(c -> c.image("img:1")));
        engine.onStart(c -> c.exitOnSigterm(0));
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    @Test
    void aJobsOwnCredentialsReachItsDataAndNothingElseAndEndWithIt() throws IOException {
        sagebox.sageMaker.createTrainingJob(TrainingJobIT.job("scoped", Map.of()).build());
        FakeContainer container = engine.awaitContainer(c -> "scoped".equals(c.spec().env().get("TRAINING_JOB_NAME")),
                WAIT);
        Map<String, String> env = container.spec().env();
        assertThat(env).doesNotContainKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
                .containsEntry("AWS_CONFIG_FILE", CredentialDelivery.CONTAINER_DIRECTORY + "/config");
        assertThat(env.values()).noneMatch(v -> v.contains(sagebox.server.config().secretKey()));
        Mount mounted = container.spec().mounts().stream()
                .filter(m -> m.target().equals(CredentialDelivery.CONTAINER_DIRECTORY)).findFirst().orElseThrow();
        assertThat(mounted.readOnly()).isTrue();
        Path delivered = Path.of(mounted.source());
        assertThat(Files.readString(delivered.resolve("config")))
                .contains("credential_process = cat /etc/sagebox/aws/credentials.json");
        JsonNode process = JSON.readTree(delivered.resolve("credentials.json").toFile());
        assertThat(process.get("Version").asInt()).isEqualTo(1);
        assertThat(process.get("AccessKeyId").asText()).startsWith("ASIA").hasSize(20);
        assertThat(process.get("Expiration").asText()).isNotBlank();
        AwsSessionCredentials own = AwsSessionCredentials.create(process.get("AccessKeyId").asText(),
                process.get("SecretAccessKey").asText(), process.get("SessionToken").asText());
        // The server's key, policy and issuer key stay private to its user.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("credentials")
                .resolve("issuer.key")))).isEqualTo("rw-------");

        try (S3Client s3 = s3(own); SageMakerClient sm = sageMaker(own); StsClient sts = sts(own)) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket("data").key("train/part-0.csv")).asUtf8String())
                    .isEqualTo("1,2\n");
            assertThat(s3.listObjectsV2(r -> r.bucket("data").prefix("train/")).contents()).hasSize(1);
            s3.putObject(r -> r.bucket("data").key("output/scoped/debug.txt"), RequestBody.fromString("mine"));

            assertAccessDenied(() -> s3.putObject(r -> r.bucket("data").key("models/other/model.tar.gz"),
                    RequestBody.fromString("overwritten")));
            assertAccessDenied(() -> s3.getObjectAsBytes(r -> r.bucket("data").key("models/other/model.tar.gz")));
            assertAccessDenied(() -> s3.putObject(r -> r.bucket("data").key("train/part-1.csv"),
                    RequestBody.fromString("channels are read-only")));
            assertAccessDenied(() -> s3.listObjectsV2(r -> r.bucket("data")));
            assertAccessDenied(() -> s3.listBuckets());
            assertAccessDenied(() -> s3.createBucket(r -> r.bucket("mine")));

            assertThatThrownBy(() -> sm.deleteModel(r -> r.modelName("someone-elses")))
                    .isInstanceOfSatisfying(SageMakerException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("training-job/scoped",
                                "is not authorized to perform: sagemaker:DeleteModel");
                    });
            assertThat(sts.getCallerIdentity().account()).isEqualTo(sagebox.server.config().accountId());
        }
        assertThat(sagebox.sageMaker.describeModel(r -> r.modelName("someone-elses")).modelName())
                .isEqualTo("someone-elses");
        assertThat(sagebox.s3.getObjectAsBytes(r -> r.bucket("data").key("models/other/model.tar.gz"))
                .asUtf8String()).isEqualTo("x");

        AwsSessionCredentials tampered = AwsSessionCredentials.create(own.accessKeyId(), own.secretAccessKey(),
                own.sessionToken() + "x");
        try (SageMakerClient sm = sageMaker(tampered)) {
            assertThatThrownBy(() -> sm.listModels(r -> { })).isInstanceOfSatisfying(SageMakerException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }

        sagebox.sageMaker.stopTrainingJob(r -> r.trainingJobName("scoped"));
        TrainingJobIT.await(sagebox.sageMaker, "scoped", d -> d.trainingJobStatus() == TrainingJobStatus.STOPPED);
        try (SageMakerClient sm = sageMaker(own); S3Client s3 = s3(own)) {
            assertThatThrownBy(() -> sm.listModels(r -> { })).isInstanceOfSatisfying(SageMakerException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
            assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket("data").key("train/part-0.csv")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThat(delivered).as("the revoked credentials' files are gone").doesNotExist();
    }

    private static void assertAccessDenied(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        });
    }

    /** Apache's client reads a refusal sent before the body (S3 PUTs expect 100-continue); URLConnection's fails. */
    private static S3Client s3(AwsSessionCredentials credentials) {
        return S3Client.builder().endpointOverride(sagebox.server.s3Endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(credentials))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(ApacheHttpClient.create())
                // Default retries: the server closes a connection whose refused body it did not read, and the next
                // call on it is retried on a new one, as a real client's would be. A 403 is never retried.
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .build();
    }

    private static SageMakerClient sageMaker(AwsSessionCredentials credentials) {
        return sagebox.onApiPort(SageMakerClient.builder(), StaticCredentialsProvider.create(credentials));
    }

    private static StsClient sts(AwsSessionCredentials credentials) {
        return sagebox.onApiPort(StsClient.builder(), StaticCredentialsProvider.create(credentials));
    }
}
