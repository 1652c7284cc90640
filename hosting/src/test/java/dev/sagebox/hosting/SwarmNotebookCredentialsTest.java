package dev.sagebox.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.core.credentials.DelegatedCredentials;
import dev.sagebox.core.credentials.SessionCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Python credential_process of a notebook on a swarm derives what the server's issuer verifies. */
class SwarmNotebookCredentialsTest {
    @Test
    void thePythonProcessPrintsTheCredentialsTheServerDerivesForTheWindowThatBeganAMinuteAgo() throws Exception {
        DelegatedCredentials key = DelegatedCredentials.of("server key".getBytes(StandardCharsets.UTF_8),
                "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/nb", Duration.ofMinutes(30));
        String process = SwarmNotebookCredentials.PROCESS;
        String code = process.substring(process.indexOf('\'') + 1, process.lastIndexOf('\''));
        assertThat(code).doesNotContain("'");
        ProcessBuilder python = new ProcessBuilder(List.of("python3", "-c", code)).redirectErrorStream(true);
        python.environment().putAll(SwarmNotebookCredentials.environment(key));
        long before = key.windowAt(Instant.now().minusSeconds(60));
        Process run = python.start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as(out).isZero();
        long after = key.windowAt(Instant.now().minusSeconds(60));

        JsonNode printed = new ObjectMapper().readTree(out);
        SessionCredentials expected = key.at(printed.path("AccessKeyId").asText().equals(key.at(after).accessKeyId())
                ? after : before);
        assertThat(printed.path("Version").asInt()).isEqualTo(1);
        assertThat(printed.path("AccessKeyId").asText()).isEqualTo(expected.accessKeyId());
        assertThat(printed.path("SecretAccessKey").asText()).isEqualTo(expected.secretAccessKey());
        assertThat(printed.path("SessionToken").asText()).isEqualTo(expected.sessionToken());
        assertThat(printed.path("Expiration").asText()).isEqualTo(expected.expiration().toString());
    }
}
