package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.core.Arn;
import dev.sagebox.core.ResourceType;
import dev.sagebox.core.logs.LogEvent;
import dev.sagebox.core.logs.LogGroups;
import dev.sagebox.core.logs.LogStreamSummary;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.FakeContainerEngine.FakeContainer;
import dev.sagebox.docker.Poll;
import dev.sagebox.storage.logs.FileLogStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an endpoint instance's containers write becomes the events of its CloudWatch Logs stream. */
class EndpointInstanceLogsTest {
    static final String IMAGE = "sagebox/test-server:latest";
    static final String GROUP = LogGroups.endpoint("ep");
    static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;
    final FakeContainerEngine engine = new FakeContainerEngine(IMAGE);
    FileLogStore logs;

    @AfterEach
    void close() {
        if (logs != null) {
            logs.close();
        }
        engine.close();
    }

    InstanceLauncher launcher() {
        logs = logs != null ? logs : new FileLogStore(home.resolve("logs"), Clock.systemUTC());
        return new InstanceLauncher(engine, hop -> true, new HostingSettings(home.resolve("endpoints"), "abcd1234",
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), false),
                logs);
    }

    static VariantDeployment variant(int containers) {
        ContainerDefinition c = new ContainerDefinition(Optional.empty(), IMAGE, Optional.empty(), Map.of());
        Model model = new Model("m", new Arn("us-east-1", "123456789012", ResourceType.MODEL, "m"), c,
                java.util.Collections.nCopies(containers - 1, c), containers > 1, Optional.empty(), Instant.EPOCH);
        return new VariantDeployment("AllTraffic", model, "ml.m5.large", 1, 1f);
    }

    static InstanceLauncher.Launch launch(VariantDeployment variant, Path modelDir) {
        return new InstanceLauncher.Launch("ep", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep", 1, variant,
                java.util.Collections.nCopies(variant.containers().size(), modelDir), "i1-abc");
    }

    List<String> messages(String stream) {
        return logs.read(GROUP, stream, 0, 100).stream().map(LogEvent::message).toList();
    }

    @Test
    void everyContainerOfAnInstanceWritesToTheInstancesStreamStampedWhenWritten() throws Exception {
        InstanceLauncher launcher = launcher();
        ServingInstance instance = launcher.launch(List.of(launch(variant(2), home))).get(0);
        FakeContainer primary = engine.container(instance.containerIds().get(0)).orElseThrow();
        FakeContainer second = engine.container(instance.containerIds().get(1)).orElseThrow();

        Instant before = Instant.now();
        primary.stdout("serving on 8080\n").stderr("a warning\n");
        Poll.until(WAIT, "the primary's lines", () -> messages("AllTraffic/i1-abc").size() == 2);
        second.stdout("serving on 8081\n");
        Poll.until(WAIT, "the second container's line", () -> messages("AllTraffic/i1-abc").size() == 3);

        assertThat(messages("AllTraffic/i1-abc")).containsExactly("serving on 8080", "a warning", "serving on 8081");
        List<LogEvent> events = logs.read(GROUP, "AllTraffic/i1-abc", 0, 100);
        assertThat(events).extracting(LogEvent::timestamp).isSorted()
                .allMatch(t -> !t.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));

        launcher.remove(instance);
        assertThat(messages("AllTraffic/i1-abc")).as("kept after the instance is gone").hasSize(3);
        launcher.deleteLogs("ep");
        assertThat(logs.streams(GROUP)).as("DeleteEndpoint removes the group").isEmpty();
    }

    @Test
    void anAdoptedInstanceAppendsOnlyWhatItWroteAfterTheRestart() throws Exception {
        InstanceLauncher first = launcher();
        ServingInstance instance = first.launch(List.of(launch(variant(1), home))).get(0);
        FakeContainer primary = engine.container(instance.containerIds().get(0)).orElseThrow();
        primary.stdout("one\ntwo\n");
        Poll.until(WAIT, "the first lines", () -> messages("AllTraffic/i1-abc").size() == 2);
        first.detachLogs();

        InstanceLauncher second = launcher();
        List<ServingInstance> adopted = second.adopt("ep", "arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep", 1,
                Map.of("AllTraffic", variant(1)));
        assertThat(adopted).hasSize(1);
        primary.stdout("three\n");

        Poll.until(WAIT, "the line after the restart", () -> messages("AllTraffic/i1-abc").size() >= 3);
        assertThat(messages("AllTraffic/i1-abc")).containsExactly("one", "two", "three");
        assertThat(logs.stream(GROUP, "AllTraffic/i1-abc")).map(LogStreamSummary::eventCount).contains(3L);
        second.remove(adopted.get(0));
    }
}
