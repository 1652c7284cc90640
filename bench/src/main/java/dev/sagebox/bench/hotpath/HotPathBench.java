package dev.sagebox.bench.hotpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.api.auth.Payload;
import dev.sagebox.api.auth.RequestHeaders;
import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.api.auth.SignedRequest;
import dev.sagebox.api.auth.StaticCredentials;
import dev.sagebox.api.protocol.RequestValidator;
import dev.sagebox.api.protocol.ServiceModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The per-request checks every call pays before any work (issue 17: the timing the unit tests used to assert lives
 * here): SigV4 verification of a CreateModel signed by the AWS SDK, and validation of a DescribeModel body. Each is
 * measured in rounds interleaved with a baseline measured in the same run, in the same JVM; the figure is the median
 * of the rounds, the ratio is figure ÷ baseline. Exits 0 when every target is met, 1 when one is missed.
 */
public final class HotPathBench {
    private static final String ACCESS_KEY = "AKIDSAGEBOXBENCH";
    private static final String SECRET_KEY = "sagebox/bench/secret+key";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-06-01T10:00:00Z"), ZoneOffset.UTC);
    private static final byte[] CREATE_MODEL = ("{\"ModelName\":\"my-model\",\"ExecutionRoleArn\":"
            + "\"arn:aws:iam::123456789012:role/R\"}").getBytes(StandardCharsets.UTF_8);
    private static final String DESCRIBE_MODEL = "{\"ModelName\":\"my-model-2024-06-01\"}";
    private static final int ROUNDS = Integer.getInteger("rounds", 15);
    /** Every request passes through verification; 5,000 req/s on 2 cores leaves 400 µs in all, so 200 µs for it. */
    private static final double SIGV4_TARGET_MICROS = 200;
    /** Validation of a small body: the unit test's old bound, which only a gross regression crosses. */
    private static final double VALIDATION_TARGET_MICROS = 20;

    /** Defeats dead-code elimination: every measured call's result is folded into it. */
    private static volatile int sink;

    private HotPathBench() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "hot path: %d rounds each, interleaved with the baseline; %d processors%n",
                ROUNDS, Runtime.getRuntime().availableProcessors());
        boolean met = true;

        SdkHttpRequest signed = sign();
        SignedRequest received = received(signed);
        SigV4Verifier verifier = new SigV4Verifier(new StaticCredentials(ACCESS_KEY, SECRET_KEY), CLOCK);
        verifier.verify(received); // fails loudly, before any timing, if the bench's request does not verify
        CryptoFloor floor = new CryptoFloor(signed);
        Comparison sigv4 = compare(20_000, () -> sink ^= verifier.verify(received).hashCode(),
                () -> sink ^= floor.run());
        met &= report("SigV4 verification (CreateModel)", sigv4, "crypto floor: SHA-256 of body and canonical"
                + " request, one HMAC with a cached key", SIGV4_TARGET_MICROS);
        Comparison sdk = compare(5_000, () -> sink ^= verifier.verify(received).hashCode(),
                () -> sink ^= sign().hashCode());
        System.out.printf(Locale.ROOT, "  shown: the AWS SDK signing the same request %.2f µs; verification/signing"
                + " %.2f%n", sdk.baselineMicros(), sdk.ratio());

        ObjectMapper json = new ObjectMapper();
        RequestValidator validator = new RequestValidator(ServiceModel.load());
        JsonNode body = json.readTree(DESCRIBE_MODEL);
        validator.validate("DescribeModel", body);
        Comparison validation = compare(100_000, () -> {
            validator.validate("DescribeModel", body);
            sink ^= 1;
        }, () -> sink ^= parse(json).size());
        met &= report("request validation (DescribeModel body)", validation, "Jackson parsing the same body",
                VALIDATION_TARGET_MICROS);

        System.out.println(met ? "hot path: every target met" : "hot path: a target was missed");
        System.exit(met ? 0 : 1);
    }

    private static JsonNode parse(ObjectMapper json) {
        try {
            return json.readTree(DESCRIBE_MODEL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Median µs per call of {@code measured} and of {@code baseline}, rounds alternating so drift touches both. */
    private static Comparison compare(int callsPerRound, Runnable measured, Runnable baseline) {
        for (int warm = 0; warm < 3; warm++) {
            round(callsPerRound, measured);
            round(callsPerRound, baseline);
        }
        double[] m = new double[ROUNDS];
        double[] b = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            m[r] = round(callsPerRound, measured);
            b[r] = round(callsPerRound, baseline);
        }
        return new Comparison(median(m), median(b));
    }

    private static double round(int calls, Runnable call) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (System.nanoTime() - start) / 1_000.0 / calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static boolean report(String what, Comparison c, String baseline, double targetMicros) {
        boolean met = c.micros() <= targetMicros;
        System.out.printf(Locale.ROOT, "%-42s %9.2f µs/call  target <= %.0f µs  %s%n", what, c.micros(),
                targetMicros, met ? "PASS" : "FAIL");
        System.out.printf(Locale.ROOT, "  baseline (%s) %.2f µs; ratio %.2f%n", baseline, c.baselineMicros(),
                c.ratio());
        return met;
    }

    private record Comparison(double micros, double baselineMicros) {
        double ratio() {
            return micros / baselineMicros;
        }
    }

    private static SdkHttpRequest sign() {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:7070/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "SageMaker.CreateModel")
                .putHeader("amz-sdk-invocation-id", "5f1f7c2e-1111-4222-8333-944455556666")
                .putHeader("Content-Length", String.valueOf(CREATE_MODEL.length))
                .build();
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(ACCESS_KEY, SECRET_KEY))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(CREATE_MODEL))
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sagemaker")
                .putProperty(HttpSigner.SIGNING_CLOCK, CLOCK)).request();
    }

    /** The request as the server receives it: the HTTP client adds Host, which the SDK signed. */
    private static SignedRequest received(SdkHttpRequest signed) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(signed.headers());
        headers.putIfAbsent("Host", List.of(signed.host() + ":" + signed.port()));
        return new SignedRequest(signed.method().name(), signed.encodedPath().isEmpty() ? "/" : signed.encodedPath(),
                "", RequestHeaders.of(headers), Payload.of(CREATE_MODEL));
    }

    /**
     * What verifying any SigV4 request costs at the least, with the signing key already derived: hash the body, hash
     * a canonical request of this request's size, one HMAC of the string to sign.
     */
    private static final class CryptoFloor {
        private final MessageDigest sha256;
        private final Mac hmac;
        private final byte[] canonical;

        CryptoFloor(SdkHttpRequest signed) throws GeneralSecurityException {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.hmac = Mac.getInstance("HmacSHA256");
            this.hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            List<String> lines = new ArrayList<>(List.of("POST", "/", ""));
            signed.headers().forEach((k, v) -> lines.add(k.toLowerCase(Locale.ROOT) + ":" + String.join(",", v)));
            lines.add("content-type;host;x-amz-date;x-amz-target");
            lines.add("0".repeat(64));
            this.canonical = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        }

        int run() {
            sha256.reset();
            byte[] body = sha256.digest(CREATE_MODEL);
            sha256.reset();
            byte[] request = sha256.digest(canonical);
            byte[] signature = hmac.doFinal(("AWS4-HMAC-SHA256\n20240601T100000Z\n20240601/us-east-1/sagemaker/"
                    + "aws4_request\n" + HexFormat.of().formatHex(request)).getBytes(StandardCharsets.UTF_8));
            return body[0] ^ signature[0];
        }
    }
}
