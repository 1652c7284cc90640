package dev.sagebox.api.auth;

import static dev.sagebox.api.auth.SdkSigning.ACCESS_KEY;
import static dev.sagebox.api.auth.SdkSigning.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.api.auth.SdkSigning.Unsigned;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class SigV4VerifierTest {
    private static final Instant SIGNED_AT = Instant.parse("2024-06-01T10:00:00Z");
    private static final Clock SIGNING_CLOCK = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);
    private static final byte[] JSON = "{\"ModelName\":\"my-model\",\"ExecutionRoleArn\":\"arn:aws:iam::123456789012:role/R\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] BINARY = binary();

    private final SigV4Verifier verifier =
            new SigV4Verifier(new StaticCredentials(ACCESS_KEY, SECRET_KEY), SIGNING_CLOCK);

    @Test
    void controlPlaneJsonPostSignedByTheSdkVerifies() {
        AuthenticatedCaller caller = verifier.verify(received(createModel()));

        assertThat(caller).isEqualTo(new AuthenticatedCaller(ACCESS_KEY, "us-east-1"));
    }

    @Test
    void runtimeInvocationWithBinaryBodySignedByTheSdkVerifies() {
        assertThat(verifier.verify(received(invokeEndpoint()))).isEqualTo(new AuthenticatedCaller(ACCESS_KEY,
                "us-east-1"));
    }

    @Test
    void anyRegionIsAccepted() {
        SdkHttpRequest signed = SdkSigning.sign(createModel(), identity(), SIGNING_CLOCK, "ap-southeast-7",
                "sagemaker", r -> { });

        assertThat(verifier.verify(SdkSigning.received(signed, JSON)).region()).isEqualTo("ap-southeast-7");
    }

    /** Documents the choice: only "sagemaker" is accepted, as AWS does; both planes sign with that name. */
    @Test
    void onlyTheSagemakerServiceNameIsAccepted() {
        for (String service : List.of("runtime.sagemaker", "sagemaker-runtime", "execute-api", "s3")) {
            SdkHttpRequest signed = SdkSigning.sign(createModel(), identity(), SIGNING_CLOCK, "us-east-1", service,
                    r -> { });

            assertFails(SdkSigning.received(signed, JSON), ErrorCode.INVALID_SIGNATURE)
                    .hasMessage("Credential should be scoped to correct service: 'sagemaker'.");
        }
    }

    /** The scope's service is read without verifying, from the Authorization header or a presigned query. */
    @Test
    void theSignedServiceIsReadFromTheCredentialScope() {
        SdkHttpRequest forSns = SdkSigning.sign(createModel(), identity(), SIGNING_CLOCK, "us-east-1", "sns", r -> { });
        RequestHeaders headers = SdkSigning.received(forSns, JSON).headers();
        assertThat(SigV4Verifier.signedService(headers, "")).contains("sns");
        assertThat(SigV4Verifier.signedService(name -> List.of(),
                "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20240601%2Fus-east-1%2Flambda%2Faws4_request"))
                .contains("lambda");
        assertThat(SigV4Verifier.signedService(name -> List.of(), "")).isEmpty();
        assertThat(SigV4Verifier.signedService(name -> name.equals("Authorization")
                ? List.of("AWS4-HMAC-SHA256 Credential=AKID/20240601/us-east-1, Signature=x, SignedHeaders=host")
                : List.of(), "")).isEmpty();
        assertThat(SigV4Verifier.signedService(name -> name.equals("Authorization") ? List.of("Basic dXNlcg==")
                : List.of(), "X-Amz-Credential=%zz")).isEmpty();
    }

    /** A request addressed to another service (CloudWatch Logs, STS) must be scoped to that service's name. */
    @Test
    void theAddressedServiceNameIsTheOneAccepted() {
        SdkHttpRequest forLogs = SdkSigning.sign(createModel(), identity(), SIGNING_CLOCK, "us-east-1", "logs",
                r -> { });
        assertThat(verifier.verify(SdkSigning.received(forLogs, JSON), "logs").accessKeyId()).isEqualTo(ACCESS_KEY);

        SdkHttpRequest forSageMaker = SdkSigning.sign(createModel(), identity(), SIGNING_CLOCK, "us-east-1",
                "sagemaker", r -> { });
        assertThatThrownBy(() -> verifier.verify(SdkSigning.received(forSageMaker, JSON), "sts"))
                .isInstanceOfSatisfying(SageboxException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SIGNATURE))
                .hasMessage("Credential should be scoped to correct service: 'sts'.");
    }

    /** Issue 16: a bogus X-Amz-Security-Token was accepted with the configured (long-term) key. */
    @Test
    void aSessionTokenWithTheConfiguredKeyIsRefused() {
        AwsSessionCredentialsIdentity session = AwsSessionCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY,
                "FQoGZXIvYXdzEXAMPLESESSIONTOKEN");
        SdkHttpRequest signed = SdkSigning.sign(createModel(), session, SIGNING_CLOCK, "us-east-1", "sagemaker",
                r -> { });

        assertThat(signed.firstMatchingHeader("X-Amz-Security-Token")).isPresent();
        assertThatThrownBy(() -> verifier.verify(SdkSigning.received(signed, JSON)))
                .isInstanceOfSatisfying(SageboxException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNRECOGNIZED_CLIENT))
                .hasMessage("The security token included in the request is invalid.");
    }

    @Test
    void sessionCredentialsVerifyWithTheirOwnTokenOnly() {
        CredentialsLookup sessions = new CredentialsLookup() {
            @Override
            public java.util.Optional<String> secretFor(String accessKeyId) {
                return java.util.Optional.of(SECRET_KEY).filter(s -> accessKeyId.equals(ACCESS_KEY));
            }

            @Override
            public java.util.Optional<String> sessionTokenFor(String accessKeyId) {
                return java.util.Optional.of("the-token");
            }
        };
        SigV4Verifier verifying = new SigV4Verifier(sessions, SIGNING_CLOCK);
        SdkHttpRequest right = SdkSigning.sign(createModel(), AwsSessionCredentialsIdentity.create(ACCESS_KEY,
                SECRET_KEY, "the-token"), SIGNING_CLOCK, "us-east-1", "sagemaker", r -> { });
        assertThat(verifying.verify(SdkSigning.received(right, JSON)).accessKeyId()).isEqualTo(ACCESS_KEY);
        for (SdkHttpRequest wrong : List.of(
                SdkSigning.sign(createModel(), AwsSessionCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY,
                        "another-token"), SIGNING_CLOCK, "us-east-1", "sagemaker", r -> { }),
                SdkSigning.sign(createModel(), identity(), SIGNING_CLOCK, "us-east-1", "sagemaker", r -> { }))) {
            assertThatThrownBy(() -> verifying.verify(SdkSigning.received(wrong, JSON)))
                    .isInstanceOfSatisfying(SageboxException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNRECOGNIZED_CLIENT));
        }
    }

    @Test
    void wrongSecretIsAnInvalidSignature() {
        SdkHttpRequest signed = SdkSigning.sign(createModel(), AwsCredentialsIdentity.create(ACCESS_KEY, "not-it"),
                SIGNING_CLOCK, "us-east-1", "sagemaker", r -> { });

        assertFails(SdkSigning.received(signed, JSON), ErrorCode.INVALID_SIGNATURE).hasMessage(
                "The request signature we calculated does not match the signature you provided. Check your AWS"
                        + " Secret Access Key and signing method. Consult the service documentation for details.");
    }

    @Test
    void unknownAccessKeyIsAnUnrecognizedClient() {
        SdkHttpRequest signed = SdkSigning.sign(createModel(), AwsCredentialsIdentity.create("AKIDOTHER", SECRET_KEY),
                SIGNING_CLOCK, "us-east-1", "sagemaker", r -> { });

        assertFails(SdkSigning.received(signed, JSON), ErrorCode.UNRECOGNIZED_CLIENT)
                .hasMessage("The security token included in the request is invalid.");
    }

    /** The SDK signs x-amz-content-sha256, so that check fires; botocore does not (see SigV4BotocoreVectorTest). */
    @Test
    void tamperedBodyIsAnInvalidSignature() {
        SignedRequest request = received(createModel());
        byte[] tampered = "{\"ModelName\":\"other-model\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(request.headers().values("x-amz-content-sha256")).isNotEmpty();
        assertFails(withPayload(request, Payload.of(tampered)), ErrorCode.INVALID_SIGNATURE)
                .hasMessage(SigV4Verifier.CONTENT_SHA256_MISMATCH);
        assertFails(withPayload(received(invokeEndpoint()), Payload.of(new byte[] {1, 2, 3})),
                ErrorCode.INVALID_SIGNATURE).hasMessage(SigV4Verifier.CONTENT_SHA256_MISMATCH);
    }

    @Test
    void aBodyHashComputedByTheCallerWorksLikeTheBody() {
        SignedRequest request = received(invokeEndpoint());

        assertThat(verifier.verify(withPayload(request, Payload.sha256Hex(Crypto.hex(Crypto.sha256(BINARY))))))
                .isNotNull();
        assertFails(withPayload(request, Payload.sha256Hex(Crypto.hex(Crypto.sha256(new byte[1])))),
                ErrorCode.INVALID_SIGNATURE);
    }

    @Test
    void tamperedSignedHeaderIsAnInvalidSignature() {
        SignedRequest request = withHeaders(received(createModel()),
                h -> put(h, "X-Amz-Target", "SageMaker.DeleteModel"));

        assertFails(request, ErrorCode.INVALID_SIGNATURE).hasMessage(SigV4Verifier.SIGNATURE_MISMATCH);
    }

    @Test
    void changingAHeaderOutsideSignedHeadersStillVerifies() {
        SignedRequest request = withHeaders(received(createModel()), h -> {
            put(h, "User-Agent", "something/else");
            put(h, "X-Amzn-Trace-Id", "Root=1-abc");
            return h;
        });

        assertThat(verifier.verify(request)).isNotNull();
    }

    @Test
    void signedHeaderNamesMatchReceivedHeadersInAnyCase() {
        SignedRequest request = withHeaders(received(createModel()), h -> {
            Map<String, List<String>> shouted = new LinkedHashMap<>();
            h.forEach((name, values) -> shouted.put(name.toUpperCase(Locale.ROOT), values));
            return shouted;
        });

        assertThat(verifier.verify(request)).isNotNull();
    }

    @Test
    void staleDateIsExpired() {
        SigV4Verifier later = new SigV4Verifier(new StaticCredentials(ACCESS_KEY, SECRET_KEY),
                Clock.fixed(SIGNED_AT.plus(Duration.ofMinutes(16)), ZoneOffset.UTC));

        assertThatThrownBy(() -> later.verify(received(createModel())))
                .isInstanceOf(SageboxException.class)
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_SIGNATURE)
                .hasMessage("Signature expired: 20240601T100000Z is now earlier than 20240601T100100Z"
                        + " (20240601T101600Z - 15 min.)");
    }

    @Test
    void futureDateIsNotYetCurrent() {
        SigV4Verifier earlier = new SigV4Verifier(new StaticCredentials(ACCESS_KEY, SECRET_KEY),
                Clock.fixed(SIGNED_AT.minus(Duration.ofMinutes(20)), ZoneOffset.UTC));

        assertThatThrownBy(() -> earlier.verify(received(createModel())))
                .hasFieldOrPropertyWithValue("code", ErrorCode.INVALID_SIGNATURE)
                .hasMessage("Signature not yet current: 20240601T100000Z is still later than 20240601T095500Z"
                        + " (20240601T094000Z + 15 min.)");
    }

    @Test
    void skewWithinTheLimitVerifiesAndTheLimitIsConfigurable() {
        Clock nearly = Clock.fixed(SIGNED_AT.plus(Duration.ofMinutes(14)), ZoneOffset.UTC);
        assertThat(new SigV4Verifier(new StaticCredentials(ACCESS_KEY, SECRET_KEY), nearly)
                .verify(received(createModel()))).isNotNull();

        SigV4Verifier strict = new SigV4Verifier(new StaticCredentials(ACCESS_KEY, SECRET_KEY), nearly,
                Duration.ofMinutes(5));
        assertThatThrownBy(() -> strict.verify(received(createModel())))
                .hasMessage("Signature expired: 20240601T100000Z is now earlier than 20240601T100900Z"
                        + " (20240601T101400Z - 5 min.)");
    }

    @Test
    void missingAuthorizationHeaderIsAMissingToken() {
        SignedRequest request = withHeaders(received(createModel()), h -> remove(h, "Authorization"));

        assertFails(request, ErrorCode.MISSING_AUTHENTICATION_TOKEN).hasMessage("Missing Authentication Token");
        assertFails(withHeaders(request, h -> put(h, "Authorization", "Bearer abc")),
                ErrorCode.MISSING_AUTHENTICATION_TOKEN).hasMessage("Missing Authentication Token");
    }

    @Test
    void authorizationWithoutSignatureIsIncomplete() {
        SignedRequest request = received(createModel());
        String authorization = header(request, "Authorization");
        String withoutSignature = authorization.substring(0, authorization.indexOf(", Signature="));

        assertFails(withHeaders(request, h -> put(h, "Authorization", withoutSignature)),
                ErrorCode.INCOMPLETE_SIGNATURE)
                .hasMessage("Authorization header requires 'Signature' parameter. Authorization=" + withoutSignature);
    }

    @Test
    void everyMissingPartIsListedInOneMessage() {
        SignedRequest request = withHeaders(received(createModel()), h -> {
            remove(h, "X-Amz-Date");
            return put(h, "Authorization", "AWS4-HMAC-SHA256 ");
        });

        assertFails(request, ErrorCode.INCOMPLETE_SIGNATURE).hasMessage(
                "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature'"
                        + " parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header"
                        + " requires existence of either a 'X-Amz-Date' or a 'Date' header."
                        + " Authorization=AWS4-HMAC-SHA256 ");
    }

    @Test
    void malformedAuthorizationHeadersAreIncomplete() {
        SignedRequest request = received(createModel());
        String good = header(request, "Authorization");
        String noEquals = good.replace("SignedHeaders=", "SignedHeaders");
        String fourElements = good.replace("/aws4_request", "");
        String otherAlgorithm = good.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512");

        assertFails(withHeaders(request, h -> put(h, "Authorization", noEquals)), ErrorCode.INCOMPLETE_SIGNATURE)
                .hasMessageStartingWith("'SignedHeaders").hasMessageEndingWith(
                        "' not a valid key=value pair (missing equal-sign) in Authorization header: '" + noEquals + "'.");
        assertFails(withHeaders(request, h -> put(h, "Authorization", fourElements)), ErrorCode.INCOMPLETE_SIGNATURE)
                .hasMessage("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                        + " got '" + ACCESS_KEY + "/20240601/us-east-1/sagemaker'");
        assertFails(withHeaders(request, h -> put(h, "Authorization", otherAlgorithm)), ErrorCode.INCOMPLETE_SIGNATURE)
                .hasMessage("Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now).");
        assertFails(withHeaders(request, h -> put(h, "X-Amz-Date", "2024-06-01T10:00:00Z")),
                ErrorCode.INCOMPLETE_SIGNATURE).hasMessage("Date must be in ISO-8601 'basic format'. Got"
                        + " '2024-06-01T10:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void wrongScopeElementsAreListedTogether() {
        SignedRequest request = received(createModel());
        String badScope = header(request, "Authorization")
                .replace("/20240601/us-east-1/sagemaker/aws4_request", "/20240602/us-east-1/execute-api/aws5_request");

        assertFails(withHeaders(request, h -> put(h, "Authorization", badScope)), ErrorCode.INVALID_SIGNATURE)
                .hasMessage("Credential should be scoped to correct service: 'sagemaker'. Credential should be"
                        + " scoped with a valid terminator: 'aws4_request', not 'aws5_request'. Date in Credential"
                        + " scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240602' !="
                        + " '20240601', from '20240601T100000Z'.");
    }

    @Test
    void hostMustBeSigned() {
        SignedRequest request = received(createModel());
        String unsignedHost = header(request, "Authorization").replace(";host;", ";");

        assertFails(withHeaders(request, h -> put(h, "Authorization", unsignedHost)), ErrorCode.INVALID_SIGNATURE)
                .hasMessage("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void malformedSignatureHexIsAMismatchNotACrash() {
        SignedRequest request = received(createModel());
        String auth = header(request, "Authorization");
        String shortSignature = auth.substring(0, auth.length() - 2);
        String notHex = auth.substring(0, auth.length() - 1) + "z";

        assertFails(withHeaders(request, h -> put(h, "Authorization", shortSignature)), ErrorCode.INVALID_SIGNATURE)
                .hasMessage(SigV4Verifier.SIGNATURE_MISMATCH);
        assertFails(withHeaders(request, h -> put(h, "Authorization", notHex)), ErrorCode.INVALID_SIGNATURE)
                .hasMessage(SigV4Verifier.SIGNATURE_MISMATCH);
    }

    @Test
    void dateHeaderIsUsedWhenXAmzDateIsAbsent() {
        SignedRequest request = withHeaders(received(createModel()), h -> {
            remove(h, "X-Amz-Date");
            return put(h, "Date", "Sat, 01 Jun 2024 09:30:00 GMT");
        });

        // Parsed and converted to basic format for the expiry check, which runs before the signature check.
        assertFails(request, ErrorCode.INVALID_SIGNATURE).hasMessage("Signature expired: 20240601T093000Z is now"
                + " earlier than 20240601T094500Z (20240601T100000Z - 15 min.)");
        // Within the skew the Date header drives the string to sign; this SDK signature covered X-Amz-Date instead.
        assertFails(withHeaders(request, h -> put(h, "Date", "Sat, 01 Jun 2024 10:00:00 GMT")),
                ErrorCode.INVALID_SIGNATURE).hasMessage(SigV4Verifier.SIGNATURE_MISMATCH);
    }

    @Test
    void unsignedPayloadVerifiesWhateverTheBody() {
        Unsigned unsigned = new Unsigned("POST", "https://localhost:8443/endpoints/my-ep/invocations",
                Map.of("Content-Type", List.of("application/octet-stream")), BINARY);
        SdkHttpRequest signed = SdkSigning.sign(unsigned, identity(), SIGNING_CLOCK, "us-east-1", "sagemaker",
                r -> r.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false));

        assertThat(signed.firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
        assertThat(verifier.verify(SdkSigning.received(signed, BINARY))).isNotNull();
        assertThat(verifier.verify(SdkSigning.received(signed, new byte[] {9}))).isNotNull();
    }

    @Test
    void declaredContentSha256MustMatchTheBody() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(invokeEndpoint().headers());
        headers.put("X-Amz-Content-SHA256", List.of(Crypto.hex(Crypto.sha256(BINARY))));
        Unsigned unsigned = new Unsigned("POST", invokeEndpoint().uri(), headers, BINARY);
        SdkHttpRequest signed = SdkSigning.sign(unsigned, SIGNING_CLOCK);

        assertThat(verifier.verify(SdkSigning.received(signed, BINARY))).isNotNull();
        assertFails(SdkSigning.received(signed, new byte[] {9}), ErrorCode.INVALID_SIGNATURE)
                .hasMessage("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void pathIsDoubleEncodedAndQuerySortedAsTheSdkSigns() {
        Unsigned unsigned = new Unsigned("GET",
                "http://localhost:8080/endpoints/caf%C3%A9%20ep/./x/../invocations?b=2&a=%2Fslash&c=x%20y&a=0",
                Map.of(), new byte[0]);

        assertThat(verifier.verify(SdkSigning.received(SdkSigning.sign(unsigned, SIGNING_CLOCK), new byte[0])))
                .isNotNull();
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndJoinedAsTheSdkSigns() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Amzn-SageMaker-Custom-Attributes", List.of("  a   b\tc  "));
        headers.put("X-Multi", List.of("one", " two  three "));
        headers.put("Content-Type", List.of("text/csv"));
        Unsigned unsigned = new Unsigned("POST", "http://localhost:8080/endpoints/my-ep/invocations", headers,
                BINARY);
        SdkHttpRequest signed = SdkSigning.sign(unsigned, SIGNING_CLOCK);

        assertThat(header(SdkSigning.received(signed, BINARY), "Authorization"))
                .contains("x-amzn-sagemaker-custom-attributes").contains("x-multi");
        assertThat(verifier.verify(SdkSigning.received(signed, BINARY))).isNotNull();
    }

    @Test
    void credentialsToStringHidesTheSecret() {
        assertThat(new StaticCredentials(ACCESS_KEY, SECRET_KEY).toString()).contains(ACCESS_KEY)
                .doesNotContain(SECRET_KEY);
    }

    private static Unsigned createModel() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/x-amz-json-1.1"));
        headers.put("X-Amz-Target", List.of("SageMaker.CreateModel"));
        headers.put("amz-sdk-invocation-id", List.of("5f1f7c2e-1111-4222-8333-944455556666"));
        headers.put("Content-Length", List.of(String.valueOf(JSON.length)));
        return new Unsigned("POST", "http://localhost:8080/", headers, JSON);
    }

    private static Unsigned invokeEndpoint() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/octet-stream"));
        headers.put("Accept", List.of("application/json"));
        return new Unsigned("POST", "http://localhost:8080/endpoints/my-ep/invocations", headers, BINARY);
    }

    private static SignedRequest received(Unsigned unsigned) {
        return SdkSigning.received(SdkSigning.sign(unsigned, SIGNING_CLOCK), unsigned.body());
    }

    private static AwsCredentialsIdentity identity() {
        return AwsCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertFails(SignedRequest request, ErrorCode code) {
        return assertThatThrownBy(() -> verifier.verify(request))
                .isInstanceOf(SageboxException.class)
                .hasFieldOrPropertyWithValue("code", code);
    }

    private static SignedRequest withPayload(SignedRequest request, Payload payload) {
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(), payload);
    }

    /** Re-reads the headers through the known names, so tests can edit them as a map. */
    private static SignedRequest withHeaders(SignedRequest request,
                                             UnaryOperator<Map<String, List<String>>> edit) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : List.of("Authorization", "X-Amz-Date", "Date", "Host", "Content-Type", "X-Amz-Target",
                "amz-sdk-invocation-id", "Content-Length", "X-Amz-Security-Token", "X-Amz-Content-SHA256", "Accept",
                "User-Agent")) {
            List<String> values = request.headers().values(name);
            if (!values.isEmpty()) {
                headers.put(name, new ArrayList<>(values));
            }
        }
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(),
                RequestHeaders.of(edit.apply(headers)), request.payload());
    }

    private static Map<String, List<String>> put(Map<String, List<String>> headers, String name, String value) {
        headers.put(name, List.of(value));
        return headers;
    }

    private static Map<String, List<String>> remove(Map<String, List<String>> headers, String name) {
        headers.remove(name);
        return headers;
    }

    private static String header(SignedRequest request, String name) {
        return request.headers().values(name).get(0);
    }

    private static byte[] binary() {
        byte[] bytes = new byte[4096];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return bytes;
    }
}
