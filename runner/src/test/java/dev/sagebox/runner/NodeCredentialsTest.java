package dev.sagebox.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.core.credentials.DelegatedCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the node agent writes for a host's credential_process, and when it moves to the next window. */
class NodeCredentialsTest {
    static final DelegatedCredentials KEY = DelegatedCredentials.of(new byte[32],
            "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1", Duration.ofMinutes(30));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    JsonNode written() throws IOException {
        return JSON.readTree(folder.resolve("credentials.json").toFile());
    }

    @Test
    void theWindowThatBeganAMinuteAgoIsWrittenWithItsConfigAndTheNextOnceItIsAMinuteOld() throws IOException {
        Instant start = Instant.parse("2026-12-04T10:30:30Z");
        NodeCredentials atStart = new NodeCredentials(KEY, Optional.of(folder), Clock.fixed(start, ZoneOffset.UTC));
        atStart.writeCurrent();
        assertThat(folder.resolve("config")).hasContent(
                "[default]\ncredential_process = cat /etc/sagebox/aws/credentials.json");
        long previous = KEY.windowAt(Instant.parse("2026-12-04T10:00:00Z"));
        assertThat(written().path("AccessKeyId").asText()).as("30 s into a window: still the previous one's")
                .isEqualTo(KEY.at(previous).accessKeyId());
        assertThat(written().path("Expiration").asText()).isEqualTo("2026-12-04T11:00:00Z");
        assertThat(written().path("Version").asInt()).isEqualTo(1);
        assertThat(atStart.current()).as("what the agent signs with").isEqualTo(KEY.at(previous));

        new NodeCredentials(KEY, Optional.of(folder), Clock.fixed(start.plusSeconds(31), ZoneOffset.UTC))
                .writeCurrent();
        assertThat(written().path("AccessKeyId").asText()).isEqualTo(KEY.at(previous + 1).accessKeyId());
        assertThat(written().path("SessionToken").asText()).isEqualTo(KEY.at(previous + 1).sessionToken());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("credentials.json"))))
                .as("readable by any user of the host").isEqualTo("rw-r--r--");
    }
}
