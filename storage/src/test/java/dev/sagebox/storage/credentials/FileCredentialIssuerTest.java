package dev.sagebox.storage.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sagebox.core.credentials.AccessPolicy;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.core.credentials.DelegatedCredentials;
import dev.sagebox.core.credentials.IssuedCredentials;
import dev.sagebox.core.credentials.S3Grant;
import dev.sagebox.core.credentials.SessionCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCredentialIssuerTest {
    private static final String JOB = "arn:aws:sagemaker:us-east-1:123456789012:training-job/job-1";
    private static final AccessPolicy POLICY = AccessPolicy.s3Only(List.of(S3Grant.read("data", "train/"),
            S3Grant.readWrite("data", "output/job-1/")));
    private static final Duration WINDOW = Duration.ofMinutes(30);

    @TempDir
    Path root;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void issuedCredentialsCarryTheirPolicyAndComeBackTheSameAfterARestart() throws IOException {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:05:00Z"));
        Map<String, String> first;
        try (FileCredentialIssuer issuer = FileCredentialIssuer.open(root, clock, WINDOW)) {
            CredentialDelivery delivery = issuer.issue(JOB, POLICY);
            first = delivered(delivery);
            assertThat(first.get("AccessKeyId")).startsWith("ASIA").hasSize(20);
            assertThat(first.get("Expiration")).isEqualTo("2026-12-03T11:00:00Z");
            IssuedCredentials found = issuer.find(first.get("AccessKeyId")).orElseThrow();
            assertThat(found.ownerArn()).isEqualTo(JOB);
            assertThat(found.policy()).isEqualTo(POLICY);
            assertThat(found.credentials().secretAccessKey()).isEqualTo(first.get("SecretAccessKey"));
            assertThat(found.credentials().sessionToken()).isEqualTo(first.get("SessionToken"));
            assertThat(mode(root.resolve("issuer.key"))).isEqualTo("rw-------");
            assertThat(mode(delivery.hostDirectory().resolveSibling("owner.properties"))).isEqualTo("rw-------");
            assertThat(mode(delivery.hostDirectory().resolve("credentials.json"))).isEqualTo("rw-r--r--");
        }
        try (FileCredentialIssuer restarted = FileCredentialIssuer.open(root, clock, WINDOW)) {
            IssuedCredentials again = restarted.find(first.get("AccessKeyId")).orElseThrow();
            assertThat(again.policy()).isEqualTo(POLICY);
            assertThat(again.credentials().secretAccessKey()).isEqualTo(first.get("SecretAccessKey"));
        }
    }

    @Test
    void credentialsRotateEachWindowAndTheOldOnesLastOneMoreWindow() throws IOException {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:05:00Z"));
        try (FileCredentialIssuer issuer = FileCredentialIssuer.open(root, clock, WINDOW)) {
            CredentialDelivery delivery = issuer.issue(JOB, POLICY);
            String first = delivered(delivery).get("AccessKeyId");

            clock.advance(WINDOW);
            assertThat(issuer.find(first)).as("still valid in the next window").isPresent();
            issuer.rotate(); // the timer's round
            Map<String, String> rotated = delivered(delivery);
            assertThat(rotated.get("AccessKeyId")).as("the file holds the new window's").isNotEqualTo(first);
            assertThat(rotated.get("Expiration")).isEqualTo("2026-12-03T11:30:00Z");
            assertThat(issuer.find(rotated.get("AccessKeyId"))).isPresent();

            clock.advance(WINDOW);
            assertThat(issuer.find(first)).as("expired").isEmpty();
            assertThat(issuer.find(rotated.get("AccessKeyId"))).isPresent();
        }
    }

    @Test
    void revokedCredentialsVerifyNowhereAndTheirFilesAreGone() throws IOException {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:05:00Z"));
        try (FileCredentialIssuer issuer = FileCredentialIssuer.open(root, clock, WINDOW)) {
            CredentialDelivery delivery = issuer.issue(JOB, POLICY);
            String key = delivered(delivery).get("AccessKeyId");
            issuer.revoke(JOB);
            assertThat(issuer.find(key)).isEmpty();
            assertThat(delivery.hostDirectory()).doesNotExist();
        }
        try (FileCredentialIssuer restarted = FileCredentialIssuer.open(root, clock, WINDOW)) {
            assertThat(restarted.issue("arn:other", AccessPolicy.everything())).isNotNull();
            assertThat(restarted.find(FileCredentialIssuerTest.keyOf(restarted, JOB))).isEmpty();
        }
    }

    @Test
    void delegatedCredentialsAreTheOnesTheIssuerVerifiesForThatResourceOnlyUntilItIsRevoked() throws IOException {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:05:00Z"));
        try (FileCredentialIssuer issuer = FileCredentialIssuer.open(root, clock, WINDOW)) {
            DelegatedCredentials delegated = issuer.delegate(JOB, POLICY);
            long now = delegated.windowAt(clock.instant());
            SessionCredentials current = delegated.at(now);
            IssuedCredentials found = issuer.find(current.accessKeyId()).orElseThrow();
            assertThat(found.ownerArn()).isEqualTo(JOB);
            assertThat(found.policy()).isEqualTo(POLICY);
            assertThat(found.credentials()).isEqualTo(current);
            assertThat(current.expiration()).isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));

            clock.advance(WINDOW);
            assertThat(issuer.find(delegated.at(now + 1).accessKeyId())).as("the next window's").isPresent();
            assertThat(issuer.find(current.accessKeyId())).as("and this one's, one window more").isPresent();
            issuer.issue("arn:other", AccessPolicy.everything());
            assertThat(issuer.find(delegated.at(now + 1).accessKeyId()).orElseThrow().ownerArn())
                    .as("another resource's key derives other credentials").isEqualTo(JOB);

            issuer.revoke(JOB);
            assertThat(issuer.find(delegated.at(now + 1).accessKeyId())).isEmpty();
        }
    }

    private static String keyOf(FileCredentialIssuer issuer, String owner) {
        return issuer.credentials(owner, Math.floorDiv(Instant.parse("2026-12-03T10:05:00Z").toEpochMilli(),
                WINDOW.toMillis())).accessKeyId();
    }

    private static Map<String, String> delivered(CredentialDelivery delivery) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser json = new JsonFactory().createParser(delivery.hostDirectory().resolve("credentials.json")
                .toFile())) {
            while (json.nextToken() != null) {
                if (json.currentToken() == JsonToken.FIELD_NAME) {
                    String name = json.currentName();
                    json.nextToken();
                    fields.put(name, json.getText());
                }
            }
        }
        return fields;
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
