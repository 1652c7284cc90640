package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.core.AwsScope;
import dev.sagebox.core.NotebookInstanceStatus;
import dev.sagebox.core.SageboxException;
import dev.sagebox.core.logs.LogEvent;
import dev.sagebox.core.logs.LogGroups;
import dev.sagebox.docker.FakeContainerEngine.FakeContainer;
import dev.sagebox.storage.LocalTrees;
import dev.sagebox.storage.logs.FileLogStore;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.ResourceLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Notebook instance status rules and container lifecycle, with the fake engine and a probe that needs no network. */
class NotebookInstanceServiceTest {
    /** Room for two running notebook instances: enough for the tests here, small enough to reach. */
    static final dev.sagebox.core.Quotas QUOTAS = new dev.sagebox.core.Quotas(10, 20, 40, 4, 50, 2);
    static final String IMAGE = NotebookSettings.DEFAULT_IMAGE;
    static final String ARN = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/";
    static final Duration WAIT = Duration.ofSeconds(10);

    final FakeContainerEngine engine = new FakeContainerEngine(IMAGE);
    final InMemoryNotebookInstanceRepository repository = new InMemoryNotebookInstanceRepository();
    final AtomicBoolean jupyterAnswers = new AtomicBoolean(true);
    final NotebookAccess access = new NotebookAccess(Clock.systemUTC());
    final NotebookSettings settings = NotebookSettings.defaults("abcd1234", true)
            .withStartupTimeout(Duration.ofSeconds(2)).withWatchInterval(Duration.ofMillis(50));
    final Path logRoot = tempDir();
    final FileLogStore logs = new FileLogStore(logRoot, Clock.systemUTC());
    final JupyterTokens tokens = JupyterTokens.ephemeral();
    final NotebookLifecycle lifecycle = new NotebookLifecycle(repository, engine,
            (host, port, basePath, token) -> jupyterAnswers.get(), settings,
            () -> Map.of("AWS_ENDPOINT_URL_SAGEMAKER", "http://172.17.0.1:7070"), access, logs, Clock.systemUTC(),
            Optional.empty(), tokens);
    final NotebookInstanceService service = new NotebookInstanceService(repository, lifecycle, access, QUOTAS,
            new AwsScope("us-east-1", "123456789012"), Clock.systemUTC());

    @AfterEach
    void close() {
        lifecycle.close();
        logs.close();
        LocalTrees.delete(logRoot);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("notebook-logs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> jupyterLog(String name) {
        return logs.read(LogGroups.NOTEBOOK_INSTANCES, LogGroups.notebookStream(name), 0, 100).stream()
                .map(LogEvent::message).toList();
    }

    static NotebookInstanceSpec spec(String name, String instanceType) {
        return new NotebookInstanceSpec(name, instanceType, "arn:aws:iam::123456789012:role/Role", 5,
                Optional.empty(), List.of(), Optional.empty(), "Enabled", "Enabled");
    }

    NotebookInstance awaitStatus(String name, NotebookInstanceStatus status) {
        return Poll.value(WAIT, name + " " + status,
                () -> repository.find(name).filter(n -> n.status() == status));
    }

    NotebookInstance inService(String name) {
        service.create(spec(name, "ml.t2.medium"));
        return awaitStatus(name, NotebookInstanceStatus.IN_SERVICE);
    }

    static String message(Runnable call) {
        try {
            call.run();
        } catch (SageboxException e) {
            assertThat(e.code().wireName()).isEqualTo("ValidationException");
            return e.getMessage();
        }
        throw new AssertionError("no error");
    }

    @Test
    void createStartsJupyterOnItsVolumeAndIsInServiceOnceItAnswers() {
        NotebookInstance created = service.create(spec("My-Notebook", "ml.t2.medium"));
        assertThat(created.status()).isEqualTo(NotebookInstanceStatus.PENDING);
        assertThat(created.arn().toString()).isEqualTo(ARN + "my-notebook");

        NotebookInstance up = awaitStatus("My-Notebook", NotebookInstanceStatus.IN_SERVICE);

        ContainerSpec spec = engine.startedSpecs().get(0);
        assertThat(spec.image()).isEqualTo(IMAGE);
        assertThat(spec.name()).isEqualTo("sagebox-abcd1234-nb-my-notebook");
        assertThat(spec.mounts()).containsExactly(Mount.volume("sagebox-abcd1234-nb-my-notebook",
                "/home/ec2-user/SageMaker"));
        assertThat(spec.publishedPorts()).containsExactly(8888);
        assertThat(spec.command()).contains("--NotebookApp.base_url=/notebooks/my-notebook/");
        assertThat(spec.labels()).containsEntry("sagebox.managed", "true").containsEntry("sagebox.instance", "abcd1234")
                .containsEntry("sagebox.resource", ARN + "my-notebook").containsEntry("sagebox.role", "notebook");
        assertThat(spec.env()).containsEntry("AWS_ENDPOINT_URL_SAGEMAKER", "http://172.17.0.1:7070")
                .containsEntry("JUPYTER_TOKEN", tokens.forNotebook("my-notebook"));
        assertThat(spec.limits()).isEqualTo(new ResourceLimits(2_000_000_000L, 4L << 30, 0));
        assertThat(engine.volumes().get("sagebox-abcd1234-nb-my-notebook"))
                .containsEntry("sagebox.resource", ARN + "my-notebook");
        assertThat(lifecycle.server("my-notebook")).isEqualTo(up.server());
        assertThat(lifecycle.jupyterToken("My-Notebook")).isEqualTo(tokens.forNotebook("my-notebook"))
                .hasSizeGreaterThanOrEqualTo(32);
        assertThat(repository.find("my-notebook").orElseThrow().toString()).as("nothing secret is stored")
                .doesNotContain(tokens.forNotebook("my-notebook"));
    }

    @Test
    void withoutDirectInternetAccessOrRootJupyterRunsUnprivilegedOnTheInternalNotebookNetwork() {
        NotebookInstanceSpec closed = new NotebookInstanceSpec("closed", "ml.t2.medium",
                "arn:aws:iam::123456789012:role/Role", 5, Optional.empty(), List.of(), Optional.empty(), "Disabled",
                "Disabled");
        service.create(closed);
        NotebookInstance up = awaitStatus("closed", NotebookInstanceStatus.IN_SERVICE);

        ContainerSpec spec = engine.startedSpecs().get(0);
        assertThat(spec.user()).contains("1000:1000");
        assertThat(spec.publishedPorts()).isEmpty();
        assertThat(spec.network()).contains("sagebox-notebooks-abcd1234");
        assertThat(engine.networkOptions().get("sagebox-notebooks-abcd1234"))
                .isEqualTo(new dev.sagebox.docker.NetworkOptions(true, false));
        NotebookServer server = up.server().orElseThrow();
        assertThat(server.host()).isNotEqualTo("127.0.0.1")
                .isEqualTo(engine.inspect(server.containerId()).orElseThrow().ipAddresses()
                        .get("sagebox-notebooks-abcd1234"));
        assertThat(server.hostPort()).isEqualTo(8888);
    }

    @Test
    void withDirectInternetAccessAndRootJupyterKeepsTheImagesUserAndAPortOnLoopback() {
        inService("open");
        ContainerSpec spec = engine.startedSpecs().get(0);
        assertThat(spec.user()).isEmpty();
        assertThat(spec.network()).isEmpty();
        assertThat(spec.publishedPorts()).containsExactly(8888);
    }

    @Test
    void stopRemovesTheContainerKeepsTheVolumeAndStartBringsItBackOnTheSameVolume() {
        NotebookInstance up = inService("nb");
        String firstContainer = up.server().orElseThrow().containerId();

        service.stop("nb");
        assertThat(repository.find("nb").orElseThrow().status()).isIn(NotebookInstanceStatus.STOPPING,
                NotebookInstanceStatus.STOPPED);
        assertThat(lifecycle.server("nb")).isEmpty();
        NotebookInstance stopped = awaitStatus("nb", NotebookInstanceStatus.STOPPED);
        assertThat(stopped.server()).isEmpty();
        assertThat(engine.container(firstContainer)).isEmpty();
        assertThat(engine.volumes()).containsKey("sagebox-abcd1234-nb-nb");

        service.start("nb");
        NotebookInstance again = awaitStatus("nb", NotebookInstanceStatus.IN_SERVICE);
        assertThat(again.server().orElseThrow().containerId()).isNotEqualTo(firstContainer);
        assertThat(engine.startedSpecs()).hasSize(2);
        assertThat(engine.startedSpecs().get(1).mounts()).isEqualTo(engine.startedSpecs().get(0).mounts());
    }

    @Test
    void aNotebookOverTheLimitIsRefusedWithResourceLimitExceededAndNotStoredAndStartCountsToo() {
        inService("nb-1");
        inService("nb-2");
        SageboxException refused = org.junit.jupiter.api.Assertions.assertThrows(SageboxException.class,
                () -> service.create(spec("nb-3", "ml.t2.medium")));
        assertThat(refused.code().wireName()).isEqualTo("ResourceLimitExceeded");
        assertThat(refused.getMessage()).contains("is 2 Instances, with current utilization of 2 Instances and a"
                + " request delta of 1 Instances").contains("SAGEBOX_MAX_NOTEBOOK_INSTANCES");
        assertThat(repository.find("nb-3")).isEmpty();
        assertThat(engine.startedSpecs()).hasSize(2);

        service.stop("nb-2");
        awaitStatus("nb-2", NotebookInstanceStatus.STOPPED);
        service.create(spec("nb-3", "ml.t2.medium"));
        awaitStatus("nb-3", NotebookInstanceStatus.IN_SERVICE);
        SageboxException again = org.junit.jupiter.api.Assertions.assertThrows(SageboxException.class,
                () -> service.start("nb-2"));
        assertThat(again.code().wireName()).isEqualTo("ResourceLimitExceeded");
        assertThat(repository.find("nb-2").orElseThrow().status()).isEqualTo(NotebookInstanceStatus.STOPPED);
    }

    @Test
    void wrongStateCallsFailWithSageMakersTexts() {
        jupyterAnswers.set(false);
        service.create(spec("nb", "ml.t2.medium"));
        String arn = ARN + "nb";

        assertThat(message(() -> service.stop("nb"))).isEqualTo(
                "Status (Pending) not in ([InService]). Unable to transition to (Stopping) for Notebook Instance ("
                        + arn + ")");
        assertThat(message(() -> service.start("nb"))).isEqualTo(
                "Status (Pending) not in ([Stopped, Failed]). Unable to transition to (Pending) for Notebook Instance ("
                        + arn + ")");
        assertThat(message(() -> service.delete("nb"))).isEqualTo(
                "Status (Pending) not in ([Stopped, Failed]). Unable to transition to (Deleting) for Notebook Instance ("
                        + arn + ")");
        assertThat(message(() -> service.update("nb", Optional.of("ml.m5.xlarge"), Optional.empty(),
                Optional.empty()))).isEqualTo(
                "Status (Pending) not in ([Stopped]). Unable to transition to (Updating) for Notebook Instance ("
                        + arn + ")");
        assertThat(message(() -> service.create(spec("NB", "ml.t2.medium"))))
                .isEqualTo("Cannot create a duplicate Notebook Instance (" + arn + ")");
        assertThat(message(() -> service.describe("other"))).isEqualTo("RecordNotFound");
        assertThat(message(() -> service.stop("other"))).isEqualTo("RecordNotFound");
        assertThat(message(() -> service.presign("other", Duration.ofHours(1)))).isEqualTo("RecordNotFound");
    }

    @Test
    void aJupyterThatNeverAnswersFailsTheInstanceAndLeavesNoContainer() {
        jupyterAnswers.set(false);
        service.create(spec("slow", "ml.t2.medium"));

        NotebookInstance failed = awaitStatus("slow", NotebookInstanceStatus.FAILED);

        assertThat(failed.failureReason()).contains(
                "The notebook instance's Jupyter server did not answer within 2 seconds.");
        assertThat(engine.containers()).isEmpty();
        assertThat(engine.volumes()).containsKey("sagebox-abcd1234-nb-slow");
    }

    @Test
    void aMissingImageWithoutABaseToBuildItOnFailsTheInstanceWithAClearReason() {
        engine.removeImage(IMAGE);
        service.create(spec("noimage", "ml.t2.medium"));

        assertThat(awaitStatus("noimage", NotebookInstanceStatus.FAILED).failureReason().orElseThrow())
                .startsWith("The notebook image sagebox/notebook:latest does not exist, and neither does a Debian base"
                        + " to build it on");
    }

    @Test
    void aJupyterThatDiesInServiceFailsTheInstanceWhichCanStartAgain() {
        NotebookInstance up = inService("dies");

        engine.container(up.server().orElseThrow().containerId()).orElseThrow().exit(1);

        NotebookInstance failed = awaitStatus("dies", NotebookInstanceStatus.FAILED);
        assertThat(failed.failureReason()).contains("The notebook instance's Jupyter server exited with code 1.");
        assertThat(lifecycle.server("dies")).isEmpty();
        service.start("dies");
        awaitStatus("dies", NotebookInstanceStatus.IN_SERVICE);
    }

    @Test
    void updateWhileStoppedChangesTypeAndRoleWhichTheNextStartUses() {
        inService("grow");
        service.stop("grow");
        awaitStatus("grow", NotebookInstanceStatus.STOPPED);

        service.update("grow", Optional.of("ml.m5.xlarge"), Optional.of("arn:aws:iam::123456789012:role/Other"),
                Optional.of(20));

        NotebookInstance updated = repository.find("grow").orElseThrow();
        assertThat(updated.status()).isEqualTo(NotebookInstanceStatus.STOPPED);
        assertThat(updated.spec().instanceType()).isEqualTo("ml.m5.xlarge");
        assertThat(updated.spec().roleArn()).isEqualTo("arn:aws:iam::123456789012:role/Other");
        assertThat(updated.spec().volumeSizeInGB()).isEqualTo(20);
        assertThat(message(() -> service.update("grow", Optional.empty(), Optional.empty(), Optional.of(10))))
                .contains("can only grow");

        service.start("grow");
        awaitStatus("grow", NotebookInstanceStatus.IN_SERVICE);
        long cpus = Math.min(4, engine.info().cpus());
        assertThat(engine.startedSpecs().get(1).limits())
                .isEqualTo(new ResourceLimits(cpus * 1_000_000_000L, Math.min(16L << 30, engine.info().memoryBytes()), 0));
    }

    @Test
    void jupyterOutputIsTheInstancesLogStreamKeptAcrossStopAndStart() {
        NotebookInstance up = inService("talks");
        FakeContainer jupyter = engine.container(up.server().orElseThrow().containerId()).orElseThrow();
        jupyter.stdout("[I NotebookApp] Serving notebooks\n").stderr("[W NotebookApp] no browser\n");
        Poll.until(WAIT, "both lines", () -> jupyterLog("talks").size() == 2);
        assertThat(jupyterLog("talks")).containsExactly("[I NotebookApp] Serving notebooks",
                "[W NotebookApp] no browser");

        service.stop("talks");
        awaitStatus("talks", NotebookInstanceStatus.STOPPED);
        service.start("talks");
        NotebookInstance again = awaitStatus("talks", NotebookInstanceStatus.IN_SERVICE);
        engine.container(again.server().orElseThrow().containerId()).orElseThrow().stdout("back\n");

        Poll.until(WAIT, "the restarted Jupyter's line", () -> jupyterLog("talks").size() == 3);
        assertThat(jupyterLog("talks")).last().isEqualTo("back");
        assertThat(logs.streams(LogGroups.NOTEBOOK_INSTANCES).orElseThrow()).extracting("name")
                .containsExactly("talks/jupyter.log");
    }

    @Test
    void deleteRemovesContainerVolumeRecordAndSessions() {
        inService("gone");
        String session = access.redeem("gone", service.presign("gone", Duration.ofHours(1))).orElseThrow().id();
        service.stop("gone");
        assertThat(access.authorised("gone", session)).as("stop ends sessions").isFalse();
        awaitStatus("gone", NotebookInstanceStatus.STOPPED);

        service.delete("gone");

        Poll.until(WAIT, "record gone", () -> repository.find("gone").isEmpty());
        assertThat(logs.stream(LogGroups.NOTEBOOK_INSTANCES, "gone/jupyter.log")).as("its log stream").isEmpty();
        assertThat(engine.volumes()).doesNotContainKey("sagebox-abcd1234-nb-gone");
        assertThat(engine.containers()).isEmpty();
        assertThatThrownBy(() -> service.describe("gone")).hasMessage("RecordNotFound");
    }

    @Test
    void recoveryAdoptsARunningJupyterAndFinishesInterruptedTransitions() {
        NotebookInstance up = inService("keep");
        FakeContainer jupyter = engine.container(up.server().orElseThrow().containerId()).orElseThrow();
        jupyter.stdout("before the restart\n");
        Poll.until(WAIT, "the first line", () -> jupyterLog("keep").size() == 1);
        lifecycle.close();
        repository.insertIfAbsent(NotebookInstance.created(spec("was-stopping", "ml.t2.medium"), service.arnOf(
                "was-stopping"), up.creationTime()).moved(NotebookInstanceStatus.IN_SERVICE, Optional.empty(),
                up.creationTime()).moved(NotebookInstanceStatus.STOPPING, Optional.empty(), up.creationTime()));

        try (NotebookLifecycle restarted = new NotebookLifecycle(repository, engine,
                (host, port, basePath, token) -> token.equals(tokens.forNotebook("keep")), settings,
                () -> Map.of("AWS_ENDPOINT_URL_SAGEMAKER", "http://172.17.0.1:7070"), access, logs, Clock.systemUTC(),
                Optional.empty(), tokens)) {
            assertThat(restarted.recover()).isEqualTo(1);

            NotebookServer adopted = Poll.value(WAIT, "adopted", () -> restarted.server("keep"));
            assertThat(adopted).isEqualTo(up.server().orElseThrow());
            assertThat(engine.startedSpecs()).hasSize(1);
            awaitStatus("was-stopping", NotebookInstanceStatus.STOPPED);
            jupyter.stdout("after the restart\n");
            Poll.until(WAIT, "the second line", () -> jupyterLog("keep").size() >= 2);
            assertThat(jupyterLog("keep")).as("nothing stored twice").containsExactly("before the restart",
                    "after the restart");
        }
    }

    @Test
    void recoveryReplacesAContainerGivenAnotherApiEndpoint() {
        NotebookInstance up = inService("moved");
        lifecycle.close();

        try (NotebookLifecycle restarted = new NotebookLifecycle(repository, engine,
                (host, port, basePath, token) -> true, settings,
                () -> Map.of("AWS_ENDPOINT_URL_SAGEMAKER", "http://172.17.0.1:9999"), access, logs, Clock.systemUTC())) {
            restarted.recover();

            NotebookServer replaced = Poll.value(WAIT, "replaced", () -> restarted.server("moved"));
            assertThat(replaced.containerId()).isNotEqualTo(up.server().orElseThrow().containerId());
            assertThat(engine.containers()).hasSize(1);
            assertThat(engine.startedSpecs().get(1).env())
                    .containsEntry("AWS_ENDPOINT_URL_SAGEMAKER", "http://172.17.0.1:9999");
        }
    }
}
