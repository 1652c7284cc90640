package dev.sagebox.api.auth;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies AWS Signature Version 4 in its header form ({@code Authorization: AWS4-HMAC-SHA256 …}), as botocore, the
 * AWS CLI and the AWS SDK for Java v2 send it, and fails with the codes and texts AWS uses. Any region is accepted;
 * the credential scope must name the addressed service's signing name ({@value #SERVICE} unless told). Thread-safe.
 */
public final class SigV4Verifier {
    /** How far a request's timestamp may lie from the clock, as in AWS. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(15);
    /**
     * The service in the credential scope unless the caller names another: the SageMaker control plane and runtime
     * both sign with it ({@code signingName} of both botocore models). A request scoped to another service than the
     * one it addresses was signed for another endpoint, so AWS rejects it and so does Sagebox.
     */
    public static final String SERVICE = "sagemaker";

    static final String MISSING_TOKEN = "Missing Authentication Token";
    static final String UNKNOWN_ACCESS_KEY = "The security token included in the request is invalid.";
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you"
            + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation"
            + " for details.";
    static final String CONTENT_SHA256_MISMATCH =
            "The provided 'x-amz-content-sha256' header does not match what was computed.";
    static final String HOST_NOT_SIGNED = "'Host' must be a 'SignedHeader' in the AWS Authorization.";
    static final String UNSIGNED_HEADERS = "There were headers present in the request which were not signed: ";
    private static final java.util.List<String> MUST_BE_SIGNED = java.util.List.of("x-amz-target",
            "x-amz-content-sha256", "x-amz-security-token");

    private static final String TERMINATOR = "aws4_request";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final CredentialsLookup credentials;
    private final Clock clock;
    private final Duration maxSkew;
    private final String skewText;
    private final SigningKeyCache signingKeys = new SigningKeyCache();

    public SigV4Verifier(CredentialsLookup credentials, Clock clock) {
        this(credentials, clock, DEFAULT_MAX_SKEW);
    }

    public SigV4Verifier(CredentialsLookup credentials, Clock clock, Duration maxSkew) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
        if (maxSkew.isNegative() || maxSkew.isZero()) {
            throw new IllegalArgumentException("maxSkew must be positive: " + maxSkew);
        }
        this.skewText = maxSkew.toSeconds() % 60 == 0 ? maxSkew.toMinutes() + " min" : maxSkew.toSeconds() + " sec";
    }

    /**
     * Returns who signed {@code request}, or throws {@link SageboxException} with MissingAuthenticationTokenException,
     * IncompleteSignatureException, UnrecognizedClientException or InvalidSignatureException.
     */
    public AuthenticatedCaller verify(SignedRequest request) {
        return verify(request, SERVICE);
    }

    /** As {@link #verify(SignedRequest)}, for a request addressed to the service that signs as {@code service}. */
    public AuthenticatedCaller verify(SignedRequest request, String service) {
        Objects.requireNonNull(service, "service");
        RequestHeaders headers = request.headers();
        String authorization = first(headers, "Authorization");
        // AWS answers a non-SigV4 Authorization header (Basic, Bearer, …) as if there were none.
        if (authorization == null || !authorization.startsWith("AWS4-")) {
            throw new SageboxException(ErrorCode.MISSING_AUTHENTICATION_TOKEN, MISSING_TOKEN);
        }
        String amzDate = first(headers, "X-Amz-Date");
        String httpDate = amzDate == null ? first(headers, "Date") : null;
        AuthorizationHeader auth = AuthorizationHeader.parse(authorization, amzDate != null || httpDate != null);

        Instant signedAt = amzDate != null ? AmzDate.parseBasic(amzDate) : AmzDate.parseHttpDate(httpDate);
        if (signedAt == null) {
            throw AuthorizationHeader.incomplete("Date must be in ISO-8601 'basic format'. Got '"
                    + (amzDate != null ? amzDate : httpDate) + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        String timestamp = amzDate != null ? amzDate : AmzDate.formatBasic(signedAt);
        checkSkew(timestamp, signedAt);
        if (!auth.signs("host")) {
            throw invalid(HOST_NOT_SIGNED);
        }
        // The operation and the declared payload hash decide what the request does: left unsigned, anyone on the
        // path could change them without breaking the signature.
        for (String header : MUST_BE_SIGNED) {
            if (first(headers, header) != null && !auth.signs(header)) {
                throw invalid(UNSIGNED_HEADERS + header);
            }
        }
        if (!auth.algorithm().equals(AuthorizationHeader.ALGORITHM)) {
            throw AuthorizationHeader.incomplete("Unsupported AWS 'algorithm': '" + auth.algorithm()
                    + "' (only AWS4-HMAC-SHA256 for now).");
        }
        CredentialScope scope = CredentialScope.parse(auth.credential());
        checkScope(scope, timestamp, service);
        String secret = credentials.secretFor(scope.accessKeyId())
                .orElseThrow(() -> new SageboxException(ErrorCode.UNRECOGNIZED_CLIENT, UNKNOWN_ACCESS_KEY));
        // Session credentials verify only with their own token; a long-term key only without one.
        String token = first(headers, "X-Amz-Security-Token");
        Optional<String> expectedToken = credentials.sessionTokenFor(scope.accessKeyId());
        boolean tokenMatches = expectedToken.isPresent() ? token != null && MessageDigest.isEqual(
                expectedToken.get().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))
                : token == null;
        if (!tokenMatches) {
            throw new SageboxException(ErrorCode.UNRECOGNIZED_CLIENT, UNKNOWN_ACCESS_KEY);
        }

        String canonicalRequest = CanonicalRequest.build(request, auth, payloadHash(request));
        String stringToSign = AuthorizationHeader.ALGORITHM + '\n' + timestamp + '\n' + scope.scope() + '\n'
                + Crypto.hex(Crypto.sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] expected = Crypto.hmac(
                signingKeys.signingKey(secret, scope.date(), scope.region(), scope.service()), stringToSign);
        byte[] provided = Crypto.unhex(auth.signature(), expected.length);
        // MessageDigest.isEqual takes the same time wherever the first difference is.
        if (provided == null || !MessageDigest.isEqual(expected, provided)) {
            throw invalid(SIGNATURE_MISMATCH);
        }
        return new AuthenticatedCaller(scope.accessKeyId(), scope.region());
    }

    /**
     * The service a request says it is signed for: the credential scope's service in its {@code Authorization:
     * AWS4-HMAC-SHA256} header, else in its {@code X-Amz-Credential} query parameter; empty when neither names one
     * readably. Only a claim: {@link #verify} decides whether the signature holds.
     */
    public static Optional<String> signedService(RequestHeaders headers, String rawQuery) {
        String authorization = first(headers, "Authorization");
        try {
            String credential = authorization != null && authorization.startsWith("AWS4-")
                    ? AuthorizationHeader.parse(authorization, true).credential()
                    : queryParameter(rawQuery, "X-Amz-Credential");
            return credential == null ? Optional.empty()
                    : Optional.of(CredentialScope.parse(credential).service()).filter(s -> !s.isEmpty());
        } catch (SageboxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void checkSkew(String timestamp, Instant signedAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant earliest = now.minus(maxSkew);
        if (signedAt.isBefore(earliest)) {
            throw invalid("Signature expired: " + timestamp + " is now earlier than " + AmzDate.formatBasic(earliest)
                    + " (" + AmzDate.formatBasic(now) + " - " + skewText + ".)");
        }
        Instant latest = now.plus(maxSkew);
        if (signedAt.isAfter(latest)) {
            throw invalid("Signature not yet current: " + timestamp + " is still later than "
                    + AmzDate.formatBasic(latest) + " (" + AmzDate.formatBasic(now) + " + " + skewText + ".)");
        }
    }

    /** AWS lists every wrong scope element in one message, each sentence ending in a space. */
    private static void checkScope(CredentialScope scope, String timestamp, String service) {
        StringBuilder problems = new StringBuilder();
        if (scope.region().isEmpty()) {
            problems.append("Credential should be scoped to a valid region, not '").append(scope.region())
                    .append("'. ");
        }
        if (!scope.service().equals(service)) {
            problems.append("Credential should be scoped to correct service: '").append(service).append("'. ");
        }
        if (!scope.terminator().equals(TERMINATOR)) {
            problems.append("Credential should be scoped with a valid terminator: '").append(TERMINATOR)
                    .append("', not '").append(scope.terminator()).append("'. ");
        }
        if (!timestamp.startsWith(scope.date()) || scope.date().length() != 8) {
            problems.append("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '")
                    .append(scope.date()).append("' != '").append(timestamp, 0, 8).append("', from '")
                    .append(timestamp).append("'.");
        }
        if (problems.length() > 0) {
            throw invalid(problems.toString().strip());
        }
    }

    /**
     * The header's value when the client declared one (it is what was signed, UNSIGNED-PAYLOAD included); a declared
     * hex hash must also match the body, or a tampered body would verify.
     */
    private static String payloadHash(SignedRequest request) {
        String declared = first(request.headers(), "X-Amz-Content-SHA256");
        if (declared == null) {
            return bodyHash(request.payload());
        }
        if (declared.length() == 64 && Crypto.unhex(declared, 32) != null
                && !declared.equalsIgnoreCase(bodyHash(request.payload()))) {
            throw invalid(CONTENT_SHA256_MISMATCH);
        }
        return declared;
    }

    private static String bodyHash(Payload payload) {
        if (payload instanceof Payload.Sha256 sha) {
            return sha.hex();
        }
        byte[] body = ((Payload.Bytes) payload).body();
        return body.length == 0 ? EMPTY_SHA256 : Crypto.hex(Crypto.sha256(body));
    }

    private static String first(RequestHeaders headers, String name) {
        List<String> values = headers.values(name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static SageboxException invalid(String message) {
        return new SageboxException(ErrorCode.INVALID_SIGNATURE, message);
    }
}
