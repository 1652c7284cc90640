package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import dev.sagebox.hosting.NotebookSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.sagemaker.model.DescribeNotebookInstanceResponse;
import software.amazon.awssdk.services.sagemaker.model.NotebookInstanceStatus;

/**
 * On an engine without Sagebox's notebook image, the first CreateNotebookInstance builds it (from the context in the
 * jar, on a Debian base already there) while the instance is Pending, with the build in the instance's log stream;
 * without any base, the instance fails saying how to make one. The real build is DockerJavaContainerEngine's, held to
 * the fake by ContainerEngineContract.
 */
class NotebookImageOnFirstUseTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    @TempDir
    Path home;

    static DescribeNotebookInstanceResponse settled(TestSagebox sagebox, String name) {
        return Poll.value(Duration.ofSeconds(20), name + " leaves Pending", () -> Optional.of(sagebox.sageMaker
                .describeNotebookInstance(r -> r.notebookInstanceName(name)))
                .filter(d -> d.notebookInstanceStatus() != NotebookInstanceStatus.PENDING));
    }

    @Test
    void theFirstInstanceBuildsTheImageAndTheNextOnesUseIt() {
        FakeContainerEngine engine = new FakeContainerEngine("debian:bookworm-slim");
        try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine).notebookProbe((host, port, basePath, token) -> true));
                CloudWatchLogsClient logs = sagebox.onApiPort(CloudWatchLogsClient.builder())) {
            sagebox.sageMaker.createNotebookInstance(r -> r.notebookInstanceName("first").instanceType("ml.t3.medium")
                    .roleArn(ROLE));
            assertThat(settled(sagebox, "first").notebookInstanceStatus()).isEqualTo(NotebookInstanceStatus.IN_SERVICE);
            sagebox.sageMaker.createNotebookInstance(r -> r.notebookInstanceName("second").instanceType("ml.t3.medium")
                    .roleArn(ROLE));
            assertThat(settled(sagebox, "second").notebookInstanceStatus()).isEqualTo(NotebookInstanceStatus.IN_SERVICE);

            assertThat(engine.builds()).singleElement().satisfies(b -> {
                assertThat(b.tag()).isEqualTo(NotebookSettings.DEFAULT_IMAGE);
                assertThat(b.buildArgs()).containsEntry("BASE_IMAGE", "debian:bookworm-slim");
            });
            assertThat(logs.getLogEvents(r -> r.logGroupName("/aws/sagemaker/NotebookInstances")
                    .logStreamName("first/jupyter.log").startFromHead(true)).events())
                    .extracting(OutputLogEvent::message)
                    .contains("Building the notebook image sagebox/notebook:latest on debian:bookworm-slim (the first"
                            + " notebook instance of this engine; later ones start at once)",
                            "Built the notebook image sagebox/notebook:latest")
                    .anySatisfy(m -> assertThat(m).startsWith("Step 1/").contains("ARG BASE_IMAGE"));
        }
    }

    @Test
    void withoutADebianBaseTheInstanceFailsSayingHowToMakeOne() {
        FakeContainerEngine engine = new FakeContainerEngine();
        try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine).notebookProbe((host, port, basePath, token) -> true))) {
            sagebox.sageMaker.createNotebookInstance(r -> r.notebookInstanceName("nobase").instanceType("ml.t3.medium")
                    .roleArn(ROLE));
            DescribeNotebookInstanceResponse d = settled(sagebox, "nobase");
            assertThat(d.notebookInstanceStatus()).isEqualTo(NotebookInstanceStatus.FAILED);
            assertThat(d.failureReason()).isEqualTo("The notebook image sagebox/notebook:latest does not exist, and"
                    + " neither does a Debian base to build it on (debian:bookworm-slim or"
                    + " sagebox/debian-base:bookworm); Sagebox never pulls images: run ./sagebox images notebook once"
                    + " (as root it makes the base with debootstrap).");
            assertThat(engine.builds()).isEmpty();
        }
    }
}
