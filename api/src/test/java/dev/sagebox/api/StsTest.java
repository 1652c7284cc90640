package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** STS GetCallerIdentity in the query protocol on the API port, and its XML errors. */
class StsTest {
    private static final Map<String, String> FORM = Map.of("Content-Type",
            "application/x-www-form-urlencoded; charset=utf-8");

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

    @Test
    void getCallerIdentityNamesASessionOfTheExecutionRole() {
        try (StsClient sts = sagebox.sts()) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo("123456789012");
            assertThat(identity.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/SageboxRole/sagebox");
            assertThat(identity.userId()).matches("AROA[A-Z2-7]{17}:sagebox");
            assertThat(identity.responseMetadata().requestId()).isNotBlank();
        }
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        try (StsClient sts = StsClient.builder().endpointOverride(sagebox.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("sagebox", "wrong")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build()) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            });
        }
    }

    @Test
    void aFormSignedForAnotherServiceGetsAnXmlError() {
        HttpResponse<String> r = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret").send("/", FORM,
                "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8), true,
                Clock.systemUTC());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/xml");
        String requestId = r.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(r.body()).contains("<ErrorResponse", "<Type>Sender</Type>", "<Code>SignatureDoesNotMatch</Code>",
                "<Message>Credential should be scoped to correct service: &apos;sts&apos;.</Message>",
                "<RequestId>" + requestId + "</RequestId>");
    }

    @Test
    void anUnknownActionIsInvalidAction() {
        HttpResponse<String> r = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret", "sts").send("/",
                FORM, "Action=AssumeRole&Version=2011-06-15".getBytes(StandardCharsets.UTF_8), true,
                Clock.systemUTC());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>InvalidAction</Code>",
                "<Message>Could not find operation AssumeRole for version 2011-06-15</Message>");
    }

    /** A form without Version and Action (the fuzz run's empty STS body) is still answered by STS, in XML. */
    @Test
    void aFormWithoutAnActionIsMissingAction() {
        for (String body : List.of("", "Version=2011-06-15", "%%%=&&&==")) {
            HttpResponse<String> r = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret", "sts").send("/",
                    FORM, body.getBytes(StandardCharsets.UTF_8), true, Clock.systemUTC());
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).contains("<ErrorResponse", "<Code>MissingAction</Code>");
        }
    }
}
