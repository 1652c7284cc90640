package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import org.junit.jupiter.api.io.TempDir;

/** The SageMaker Python SDK's default bucket exists from the start, so a Session without default_bucket needs no STS. */
class DefaultBucketTest {
    @TempDir
    Path home;

    @Test
    void theSdksDefaultBucketExistsOnceTheServerHasStarted() {
        try (TestSagebox sagebox = TestSagebox.start(home)) {
            assertThat(sagebox.s3.listBuckets().buckets())
                    .extracting(b -> b.name())
                    .contains("sagemaker-us-east-1-123456789012");
        }
    }

    @Test
    void aRestartKeepsTheBucketAndWhatItHolds() {
        try (TestSagebox first = TestSagebox.start(home)) {
            first.s3.putObject(r -> r.bucket("sagemaker-us-east-1-123456789012").key("kept.txt"),
                    RequestBody.fromString("still here"));
        }
        try (TestSagebox second = TestSagebox.start(home)) {
            assertThat(second.s3.getObjectAsBytes(r -> r.bucket("sagemaker-us-east-1-123456789012").key("kept.txt"))
                    .asUtf8String()).isEqualTo("still here");
        }
    }
}
