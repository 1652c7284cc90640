package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.core.AwsScope;
import dev.sagebox.core.NotebookInstanceStatus;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.core.credentials.DelegatedCredentials;
import dev.sagebox.core.credentials.IssuedCredentials;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.SageboxLabels;
import dev.sagebox.storage.LocalTrees;
import dev.sagebox.storage.credentials.FileCredentialIssuer;
import dev.sagebox.storage.logs.FileLogStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Notebook instances with a swarm ({@link NotebookEngines}), on fake engines: where each kind runs, what it gets in
 * place of its own credentials, the node its volume pins it to, and the emptying of that volume on delete.
 */
class NotebooksOnASwarmTest {
    static final String IMAGE = NotebookSettings.DEFAULT_IMAGE;
    static final Duration WAIT = Duration.ofSeconds(10);

    final FakeContainerEngine local = new FakeContainerEngine(IMAGE);
    final FakeContainerEngine swarm = new FakeContainerEngine(IMAGE).withoutSharedNetworkNamespaces()
            .withNodes("node-a", "node-b", "node-c");
    final InMemoryNotebookInstanceRepository repository = new InMemoryNotebookInstanceRepository();
    final NotebookAccess access = new NotebookAccess(Clock.systemUTC());
    final Path root = tempDir();
    final FileLogStore logs = new FileLogStore(root.resolve("logs"), Clock.systemUTC());
    final FileCredentialIssuer issuer = FileCredentialIssuer.open(root.resolve("credentials"), Clock.systemUTC(),
            FileCredentialIssuer.DEFAULT_WINDOW);
    final NotebookLifecycle lifecycle = new NotebookLifecycle(repository,
            NotebookEngines.withSwarm(local, swarm, root.resolve("swarm-aws")),
            (host, port, basePath, token) -> true, NotebookSettings.defaults("abcd1234", true)
                    .withStartupTimeout(Duration.ofSeconds(2)).withWatchInterval(Duration.ofMillis(50)),
            () -> Map.of("AWS_ENDPOINT_URL_SAGEMAKER", "http://172.17.0.1:7070"), access, logs, Clock.systemUTC(),
            Optional.of(issuer), JupyterTokens.ephemeral());
    final NotebookInstanceService service = new NotebookInstanceService(repository, lifecycle, access,
            NotebookInstanceServiceTest.QUOTAS, new AwsScope("us-east-1", "123456789012"), Clock.systemUTC());

    @AfterEach
    void close() {
        lifecycle.close();
        issuer.close();
        logs.close();
        LocalTrees.delete(root);
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("notebooks-on-a-swarm");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The credentials derived from the key a container was given, if the issuer verifies them now. */
    Optional<IssuedCredentials> verified(ContainerSpec container) {
        DelegatedCredentials key = new DelegatedCredentials(container.env().get(SwarmNotebookCredentials.KEY_VARIABLE),
                Duration.ofMillis(Long.parseLong(container.env().get(SwarmNotebookCredentials.WINDOW_VARIABLE))));
        return issuer.find(key.at(key.windowAt(Instant.now())).accessKeyId());
    }

    NotebookInstance await(String name, NotebookInstanceStatus status) {
        return Poll.value(WAIT, name + " " + status, () -> repository.find(name).filter(n -> n.status() == status));
    }

    static NotebookInstanceSpec spec(String name, String directInternetAccess) {
        return new NotebookInstanceSpec(name, "ml.t3.medium", "arn:aws:iam::123456789012:role/Role", 5,
                Optional.empty(), List.of(), Optional.empty(), directInternetAccess, "Enabled");
    }

    @Test
    void anInstanceWithInternetIsASwarmTaskDerivingItsOwnCredentialsPinnedToItsVolumesNode() throws IOException {
        service.create(spec("pinned", "Enabled"));
        NotebookInstance up = await("pinned", NotebookInstanceStatus.IN_SERVICE);

        assertThat(local.startedSpecs()).isEmpty();
        ContainerSpec first = swarm.startedSpecs().get(0);
        assertThat(first.node()).contains("node-a");
        assertThat(first.env()).containsEntry("AWS_CONFIG_FILE", "/etc/sagebox/aws/config")
                .containsEntry(SwarmNotebookCredentials.WINDOW_VARIABLE, "1800000")
                .doesNotContainKey("AWS_ACCESS_KEY_ID");
        assertThat(verified(first)).as("the key yields credentials the server verifies, as the instance's")
                .hasValueSatisfying(c -> assertThat(c.ownerArn()).isEqualTo(up.arn().toString()));
        assertThat(first.mounts()).containsExactly(Mount.volume("sagebox-abcd1234-nb-pinned",
                NotebookRunner.STORAGE_MOUNT), Mount.bind(root.resolve("swarm-aws").toAbsolutePath().toString(),
                        CredentialDelivery.CONTAINER_DIRECTORY, true));
        assertThat(Files.readString(root.resolve("swarm-aws/config"))).as("no secret in what the swarm bakes")
                .startsWith("[default]\ncredential_process = python3 -c '")
                .doesNotContain(first.env().get(SwarmNotebookCredentials.KEY_VARIABLE));
        assertThat(up.storageNode()).contains("node-a");
        assertThat(up.server().orElseThrow().node()).isEqualTo("node-a");
        assertThat(local.volumes()).as("a node makes the volume where the task runs").isEmpty();

        service.stop("pinned");
        await("pinned", NotebookInstanceStatus.STOPPED);
        assertThat(repository.find("pinned").orElseThrow().storageNode()).contains("node-a");
        assertThat(verified(first)).as("revoked when the instance stops").isEmpty();
        service.start("pinned");
        await("pinned", NotebookInstanceStatus.IN_SERVICE);
        assertThat(swarm.startedSpecs().get(1).node()).as("back on its volume's node, not the next one")
                .contains("node-a");
    }

    @Test
    void anInstanceWithoutInternetRunsNextToTheServerWithItsOwnCredentials() {
        service.create(spec("inside", "Disabled"));
        NotebookInstance up = await("inside", NotebookInstanceStatus.IN_SERVICE);

        assertThat(swarm.startedSpecs()).isEmpty();
        ContainerSpec spec = local.startedSpecs().get(0);
        assertThat(spec.env()).containsKey("AWS_CONFIG_FILE").doesNotContainKeys("AWS_ACCESS_KEY_ID");
        assertThat(spec.mounts()).extracting(Mount::target).contains(CredentialDelivery.CONTAINER_DIRECTORY);
        assertThat(up.storageNode()).isEmpty();
        assertThat(local.volumes()).containsKey("sagebox-abcd1234-nb-inside");
    }

    @Test
    void deleteEmptiesTheVolumeOnItsNodeWithATaskThere() {
        swarm.onStart(c -> {
            if ("notebook-volume-emptying".equals(c.spec().labels().get(SageboxLabels.ROLE))) {
                c.exit(0);
            }
        });
        service.create(spec("gone", "Enabled"));
        await("gone", NotebookInstanceStatus.IN_SERVICE);
        service.stop("gone");
        await("gone", NotebookInstanceStatus.STOPPED);

        service.delete("gone");

        Poll.until(WAIT, "record gone", () -> repository.find("gone").isEmpty());
        ContainerSpec emptying = swarm.startedSpecs().get(1);
        assertThat(emptying.labels()).containsEntry(SageboxLabels.ROLE, "notebook-volume-emptying");
        assertThat(emptying.node()).contains("node-a");
        assertThat(emptying.mounts()).containsExactly(Mount.volume("sagebox-abcd1234-nb-gone",
                NotebookRunner.STORAGE_MOUNT));
        assertThat(emptying.entrypoint().orElseThrow()).startsWith("find", NotebookRunner.STORAGE_MOUNT);
        assertThat(swarm.containers()).isEmpty();
    }
}
