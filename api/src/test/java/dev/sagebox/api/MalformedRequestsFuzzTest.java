package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Issue 16's fuzz run: 10,000 malformed requests from a fixed seed (bad JSON, wrong types, nulls, oversized and
 * unicode names, deep nesting, tampered signatures, dates and tokens, odd S3 object keys) against the control plane (the
 * SageMaker, CloudWatch Logs and STS services), InvokeEndpoint and the embedded S3. No answer may be a 5xx, every
 * refusal carries its protocol's error shape, and the server is healthy afterwards. Each failure is listed with the
 * request that caused it, so a seed that finds one reproduces it.
 */
@Tag("security")
class MalformedRequestsFuzzTest {
    private static final long SEED = 20161216L;
    private static final int REQUESTS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private static final List<String> SAGEMAKER_OPERATIONS = List.of("AddTags", "CreateEndpoint",
            "CreateEndpointConfig", "CreateModel", "CreateNotebookInstance", "CreatePresignedNotebookInstanceUrl",
            "CreateTrainingJob", "DeleteEndpoint", "DeleteEndpointConfig", "DeleteModel", "DeleteNotebookInstance",
            "DeleteTags", "DescribeEndpoint", "DescribeEndpointConfig", "DescribeModel", "DescribeNotebookInstance",
            "DescribeTrainingJob", "ListEndpointConfigs", "ListEndpoints", "ListModels", "ListNotebookInstances",
            "ListTags", "ListTrainingJobs", "StartNotebookInstance", "StopNotebookInstance", "StopTrainingJob",
            "UpdateEndpoint", "UpdateEndpointWeightsAndCapacities", "UpdateNotebookInstance", "NoSuchOperation", "",
            "createModel", "ListModels ", "../ListModels");
    private static final List<String> LOGS_OPERATIONS = List.of("DescribeLogGroups", "DescribeLogStreams",
            "GetLogEvents", "FilterLogEvents", "PutLogEvents", "NoSuchOperation");
    private static final List<String> MEMBERS = List.of("ModelName", "EndpointName", "EndpointConfigName",
            "TrainingJobName", "NotebookInstanceName", "ProductionVariants", "PrimaryContainer", "Containers",
            "ExecutionRoleArn", "Tags", "ResourceArn", "TagKeys", "MaxResults", "NextToken", "SortBy", "SortOrder",
            "NameContains", "CreationTimeAfter", "StatusEquals", "AlgorithmSpecification", "InputDataConfig",
            "OutputDataConfig", "ResourceConfig", "StoppingCondition", "HyperParameters", "RoleArn", "InstanceType",
            "DesiredWeightsAndCapacities", "VariantName", "CheckpointConfig", "MetricDefinitions",
            "SessionExpirationDurationInSeconds", "VolumeSizeInGB", "logGroupName", "logGroupNamePrefix",
            "logStreamName", "logStreamNamePrefix", "logStreamNames", "limit", "nextToken", "startTime", "endTime",
            "filterPattern", "orderBy", "descending", "startFromHead", "interleaved", "__type", "", "\u0000");
    private static final List<String> ODD_TEXT = List.of("", " ", "..", ".", "a/../b", "%00", "%2F", "\u0000",
            "\uD83D\uDE42", "名前", "\u202Eevil", "a\nb", "<x/>", "' OR 1=1 --", "${jndi:ldap://x}", "arn:aws:sagemaker:"
                    + "us-east-1:123456789012:model/x", "s3://", "s3://data/../x", "s3://a/b", "ml.m5.large", "-1",
            "NaN", "\\", "\"", "{}", "[]", "null", "true");

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static HttpClient http;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
        sagebox.s3.createBucket(r -> r.bucket("fuzz"));
        sagebox.sageMaker.createModel(r -> r.modelName("fuzz-model").executionRoleArn(ModelAndEndpointConfigTest.ROLE)
                .primaryContainer(c -> c.image("img:1")));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
    }

    /** One generated request: what it aims at (for the report and the expected error shape) and its parts. */
    private record Attempt(String kind, String method, String path, Map<String, String> headers, byte[] body) {
        String describe() {
            String text = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8);
            return kind + " " + method + " " + path + " " + headers.keySet() + " body[" + body.length + "]=" + text;
        }
    }

    @Test
    void tenThousandMalformedRequestsGetNoServerErrorAndLeaveTheServerHealthy() throws Exception {
        Random random = new Random(SEED);
        List<String> serverErrors = new ArrayList<>();
        List<String> shapeless = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Attempt attempt = switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> sageMaker(random);
                case 4 -> logs(random);
                case 5 -> sts(random);
                case 6 -> tamperedSignature();
                case 7 -> invocation(random);
                default -> s3(random);
            };
            HttpResponse<String> response;
            try {
                response = send(attempt);
            } catch (IOException e) {
                unanswered.add("#" + i + " " + e + ": " + attempt.describe());
                continue;
            }
            int status = response.statusCode();
            statuses.merge(attempt.kind() + " " + status, 1, Integer::sum);
            if (status >= 500) {
                serverErrors.add("#" + i + " " + status + " " + abbreviate(response.body()) + " <- "
                        + attempt.describe());
            } else if (status >= 400 && !hasErrorShape(attempt, response)) {
                shapeless.add("#" + i + " " + status + " " + abbreviate(response.body()) + " <- " + attempt.describe());
            }
        }
        System.out.println("fuzz answers by target and status: " + statuses);
        assertThat(serverErrors).as("answers of 5xx").isEmpty();
        assertThat(unanswered).as("requests the server did not answer").isEmpty();
        assertThat(shapeless).as("refusals without their protocol's error shape").isEmpty();

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(sagebox.endpoint()
                + "/_sagebox/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"ready\"");
        assertThat(sagebox.sageMaker.describeModel(r -> r.modelName("fuzz-model")).modelName()).isEqualTo("fuzz-model");
        assertThat(sagebox.sageMaker.listModels(r -> r.maxResults(100)).models()).isNotEmpty();
    }

    // ---- what is sent ------------------------------------------------------------------------------------------

    private static Attempt sageMaker(Random random) {
        String operation = pick(random, SAGEMAKER_OPERATIONS);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Target", random.nextInt(20) == 0 ? pick(random, ODD_TEXT) : "SageMaker." + operation);
        headers.put("Content-Type", random.nextInt(15) == 0 ? "text/plain" : "application/x-amz-json-1.1");
        return new Attempt("sagemaker", "POST", "/", headers, jsonBody(random, template(operation)));
    }

    private static Attempt logs(Random random) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Target", "Logs_20140328." + pick(random, LOGS_OPERATIONS));
        headers.put("Content-Type", "application/x-amz-json-1.1");
        ObjectNode template = NODES.objectNode().put("logGroupName", "/aws/sagemaker/TrainingJobs")
                .put("logStreamName", "job/algo-1-1700000000").put("limit", 10).put("startFromHead", true);
        return new Attempt("logs", "POST", "/", headers, jsonBody(random, template));
    }

    private static Attempt sts(Random random) {
        List<String> pairs = new ArrayList<>(List.of("Action=GetCallerIdentity", "Version=2011-06-15"));
        switch (random.nextInt(5)) {
            case 0 -> pairs.set(0, "Action=" + encode(pick(random, ODD_TEXT)));
            case 1 -> pairs.set(1, "Version=" + encode(pick(random, ODD_TEXT)));
            case 2 -> pairs.add(encode(pick(random, ODD_TEXT)) + "=" + encode(pick(random, ODD_TEXT)));
            case 3 -> pairs.add("%%%=&&&==");
            default -> pairs.clear();
        }
        byte[] body = random.nextInt(10) == 0 ? randomBytes(random, 200) : String.join("&", pairs)
                .getBytes(StandardCharsets.UTF_8);
        return new Attempt("sts", "POST", "/", Map.of("Content-Type", "application/x-www-form-urlencoded"), body);
    }

    /** A valid ListModels whose signature, date, scope or token is then broken. */
    private static Attempt tamperedSignature() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Target", "SageMaker.ListModels");
        headers.put("Content-Type", "application/x-amz-json-1.1");
        return new Attempt("tampered", "POST", "/", headers, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static Attempt invocation(Random random) {
        String name = switch (random.nextInt(6)) {
            case 0 -> "no-such-endpoint";
            case 1 -> encode(pick(random, ODD_TEXT));
            case 2 -> "x".repeat(1 + random.nextInt(3000));
            case 3 -> encode("名前-" + random.nextInt(100));
            case 4 -> "%2e%2e";
            default -> "ep-" + random.nextInt(1000);
        };
        String path = random.nextInt(12) == 0 ? "/endpoints/" + name + "/" + encode(pick(random, ODD_TEXT)) + "/invocations"
                : "/endpoints/" + name + "/invocations";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", random.nextBoolean() ? "application/json" : pick(random, ODD_TEXT) + "/x");
        headers.put("Accept", pick(random, ODD_TEXT).isEmpty() ? "*/*" : "application/json");
        if (random.nextInt(4) == 0) {
            headers.put("X-Amzn-SageMaker-Custom-Attributes", pick(random, ODD_TEXT) + "x".repeat(random.nextInt(2000)));
        }
        int size = random.nextInt(50) == 0 ? 6 * 1024 * 1024 + random.nextInt(1024) : random.nextInt(4096);
        return new Attempt("runtime", "POST", path, headers, randomBytes(random, size));
    }

    private static Attempt s3(Random random) {
        String key = switch (random.nextInt(8)) {
            case 0 -> ".";
            case 1 -> "..";
            case 2 -> "a/../b";
            case 3 -> "x".repeat(1000 + random.nextInt(200));
            case 4 -> encode("名前/🙂/" + random.nextInt(10));
            case 5 -> encode(pick(random, ODD_TEXT));
            case 6 -> "a//b/";
            default -> encode("k" + random.nextInt(100));
        };
        String bucket = random.nextInt(10) == 0 ? encode(pick(random, ODD_TEXT)) : "fuzz";
        String method = pick(random, List.of("PUT", "GET", "HEAD", "DELETE", "PUT", "GET"));
        // Object requests only: S3Proxy answers sub-resources it does not implement (HEAD ?tagging) with S3's own
        // 501 NotImplemented, and a malformed ACL document with 500 (see SECURITY.md).
        String path = "/" + bucket + "/" + (key.isEmpty() ? "k" : key);
        byte[] body = method.equals("PUT") ? randomBytes(random, random.nextInt(2048)) : new byte[0];
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-content-sha256", random.nextInt(10) == 0 ? "UNSIGNED-PAYLOAD" : sha256(body));
        return new Attempt("s3", method, path, headers, body);
    }

    /** A request body for one operation: a mutated template, or text that is not the JSON it should be. */
    private static byte[] jsonBody(Random random, ObjectNode template) {
        return switch (random.nextInt(12)) {
            case 0 -> randomBytes(random, random.nextInt(512));
            case 1 -> truncated(random, template.toString());
            case 2 -> ("[".repeat(2000 + random.nextInt(3000))).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"a\":".repeat(1500) + "1" + "}".repeat(1500)).getBytes(StandardCharsets.UTF_8);
            case 4 -> (template + " " + template).getBytes(StandardCharsets.UTF_8);
            case 5 -> pick(random, List.of("null", "[]", "1", "\"x\"", "", "\uFEFF{}", "{\"ModelName\":1e999999}",
                    "{\"MaxResults\":99999999999999999999999}", "{\"ModelName\":\"\\ud800\"}", "{,}",
                    "{\"ModelName\":\"a\",\"ModelName\":\"b\"}")).getBytes(StandardCharsets.UTF_8);
            case 6 -> {
                ObjectNode body = template.deepCopy();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    body.set(pick(random, MEMBERS), value(random, 0));
                }
                yield bytes(body);
            }
            default -> bytes(mutateOneLeaf(random, template.deepCopy()));
        };
    }

    /** Replaces one value somewhere in {@code body} by a random one of any type. */
    private static JsonNode mutateOneLeaf(Random random, ObjectNode body) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(body, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object && object.size() > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.set(pick(random, names), value(random, 0));
        } else if (target instanceof ArrayNode array && array.size() > 0) {
            array.set(random.nextInt(array.size()), value(random, 0));
        } else if (target instanceof ObjectNode object) {
            object.set(pick(random, MEMBERS), value(random, 0));
        }
        return body;
    }

    private static void collectContainers(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            node.elements().forEachRemaining(child -> collectContainers(child, into));
        }
    }

    private static JsonNode value(Random random, int depth) {
        return switch (random.nextInt(depth > 3 ? 8 : 11)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(pick(random, List.of(0L, -1L, 1L, (long) Integer.MAX_VALUE + 1,
                    Long.MIN_VALUE, Long.MAX_VALUE, 100_000L, 86_401L)));
            case 3 -> NODES.numberNode(pick(random, List.of(-0.5, 1e300, 3.5, Double.MIN_VALUE)));
            case 4 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(60))));
            case 5 -> NODES.textNode("n".repeat(random.nextInt(2) == 0 ? 64 : 70_000));
            case 6, 7 -> NODES.textNode(pick(random, ODD_TEXT));
            case 8 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(pick(random, MEMBERS), value(random, depth + 1));
                }
                yield object;
            }
        };
    }

    /** A request each operation would accept, so that one mutation reaches past the first check. */
    private static ObjectNode template(String operation) {
        String text = switch (operation) {
            case "CreateModel" -> "{\"ModelName\":\"fz-m\",\"ExecutionRoleArn\":\"" + ModelAndEndpointConfigTest.ROLE
                    + "\",\"PrimaryContainer\":{\"Image\":\"img:1\",\"Environment\":{\"A\":\"b\"},"
                    + "\"ModelDataUrl\":\"s3://fuzz/m.tar.gz\"},\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}";
            case "CreateEndpointConfig" -> "{\"EndpointConfigName\":\"fz-c\",\"ProductionVariants\":[{\"VariantName\":"
                    + "\"A\",\"ModelName\":\"fuzz-model\",\"InitialInstanceCount\":1,\"InstanceType\":\"ml.m5.large\","
                    + "\"InitialVariantWeight\":1.0}]}";
            case "CreateEndpoint", "UpdateEndpoint" -> "{\"EndpointName\":\"fz-e\",\"EndpointConfigName\":\"fz-c\"}";
            case "UpdateEndpointWeightsAndCapacities" -> "{\"EndpointName\":\"fz-e\",\"DesiredWeightsAndCapacities\":"
                    + "[{\"VariantName\":\"A\",\"DesiredWeight\":1.0,\"DesiredInstanceCount\":1}]}";
            case "CreateTrainingJob" -> "{\"TrainingJobName\":\"fz-t\",\"RoleArn\":\"" + ModelAndEndpointConfigTest.ROLE
                    + "\",\"AlgorithmSpecification\":{\"TrainingImage\":\"img:1\",\"TrainingInputMode\":\"File\"},"
                    + "\"InputDataConfig\":[{\"ChannelName\":\"train\",\"DataSource\":{\"S3DataSource\":{"
                    + "\"S3DataType\":\"S3Prefix\",\"S3Uri\":\"s3://fuzz/train/\"}}}],\"HyperParameters\":{\"a\":\"1\"},"
                    + "\"OutputDataConfig\":{\"S3OutputPath\":\"s3://fuzz/out/\"},\"ResourceConfig\":{\"InstanceType\":"
                    + "\"ml.m5.large\",\"InstanceCount\":1,\"VolumeSizeInGB\":1},\"StoppingCondition\":"
                    + "{\"MaxRuntimeInSeconds\":60},\"MetricDefinitions\":[{\"Name\":\"m\",\"Regex\":\"m=(.*)\"}]}";
            case "CreateNotebookInstance" -> "{\"NotebookInstanceName\":\"fz-n\",\"InstanceType\":\"ml.t2.medium\","
                    + "\"RoleArn\":\"" + ModelAndEndpointConfigTest.ROLE + "\",\"VolumeSizeInGB\":5}";
            case "AddTags", "ListTags", "DeleteTags" -> "{\"ResourceArn\":\"arn:aws:sagemaker:us-east-1:123456789012:"
                    + "model/fuzz-model\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}],\"TagKeys\":[\"k\"]}";
            case "CreatePresignedNotebookInstanceUrl" -> "{\"NotebookInstanceName\":\"fz-n\","
                    + "\"SessionExpirationDurationInSeconds\":1800}";
            default -> operation.startsWith("List") ? "{\"MaxResults\":10,\"SortOrder\":\"Ascending\","
                    + "\"NameContains\":\"f\",\"CreationTimeAfter\":1.7E9}"
                    : "{\"ModelName\":\"fuzz-model\",\"EndpointName\":\"fz-e\",\"EndpointConfigName\":\"fz-c\","
                            + "\"TrainingJobName\":\"fz-t\",\"NotebookInstanceName\":\"fz-n\"}";
        };
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- how it is sent ----------------------------------------------------------------------------------------

    private HttpResponse<String> send(Attempt attempt) throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>(attempt.headers());
        String service = switch (attempt.kind()) {
            case "logs" -> "logs";
            case "sts" -> "sts";
            case "s3" -> "s3";
            default -> "sagemaker";
        };
        URI base = attempt.kind().equals("s3") ? sagebox.server.s3Endpoint() : sagebox.endpoint();
        URI uri = URI.create(base + attempt.path());
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri)
                .method(SdkHttpMethod.fromValue(attempt.method()));
        headers.forEach((name, value) -> unsigned.putHeader(name, printable(value)));
        Random random = new Random(attempt.describe().hashCode());
        boolean sign = !attempt.kind().equals("runtime") || random.nextInt(8) != 0;
        SdkHttpRequest request = sign ? sign(unsigned.build(), attempt.body(), service) : unsigned.build();
        if (attempt.kind().equals("tampered")) {
            request = tamper(request, random);
        }
        HttpRequest.Builder out = HttpRequest.newBuilder(request.getUri()).timeout(Duration.ofSeconds(30))
                .method(attempt.method(), attempt.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(attempt.body()));
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> out.header(name, printable(v))); // tampered values are not printable yet
            }
        });
        return http.send(out.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SdkHttpRequest sign(SdkHttpRequest request, byte[] body, String service) {
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(sagebox.server.config().accessKey(),
                        sagebox.server.config().secretKey()))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, !service.equals("s3"))
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, !service.equals("s3"))).request();
    }

    private static SdkHttpRequest tamper(SdkHttpRequest signed, Random random) {
        SdkHttpRequest.Builder b = signed.toBuilder();
        String authorization = signed.firstMatchingHeader("Authorization").orElse("");
        switch (random.nextInt(9)) {
            case 0 -> {
                char[] chars = authorization.toCharArray();
                int at = chars.length - 1 - random.nextInt(64);
                chars[at] = chars[at] == 'a' ? 'b' : 'a';
                b.putHeader("Authorization", new String(chars));
            }
            case 1 -> b.putHeader("X-Amz-Date", pick(random, List.of("20000101T000000Z", "garbage", "",
                    "99999999T999999Z", "20261203T000000")));
            case 2 -> b.putHeader("X-Amz-Security-Token", pick(random, ODD_TEXT) + "tampered");
            case 3 -> b.removeHeader("Authorization");
            case 4 -> b.putHeader("Authorization", pick(random, ODD_TEXT));
            case 5 -> b.putHeader("Authorization", authorization.replace("us-east-1", pick(random, List.of("",
                    "eu-west-1", "../..", "名前"))));
            case 6 -> b.putHeader("Authorization", authorization.replace("SignedHeaders=", "SignedHeaders=;;"));
            case 7 -> b.putHeader("Authorization", "AWS4-HMAC-SHA256 Credential=" + "k".repeat(5000));
            default -> b.putHeader("Authorization", authorization.replace("Credential=", "Credential=x"));
        }
        return b.build();
    }

    // ---- what is expected --------------------------------------------------------------------------------------

    private static boolean hasErrorShape(Attempt attempt, HttpResponse<String> response) {
        String body = response.body();
        return switch (attempt.kind()) {
            // The embedded S3's HTTP parser refuses a NUL or a ".." in the path itself before S3 sees the request.
            case "s3" -> attempt.method().equals("HEAD") || body.contains("<Error>") && body.contains("<Code>")
                    || body.startsWith("<h1>Bad Message 400</h1>");
            case "sts" -> body.contains("<ErrorResponse") && body.contains("<Code>");
            default -> jsonError(body) && response.headers().firstValue("x-amzn-ErrorType").isPresent();
        };
    }

    private static boolean jsonError(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.path("__type").isTextual() && node.path("message").isTextual();
        } catch (IOException e) {
            return false;
        }
    }

    // ---- small things ------------------------------------------------------------------------------------------

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] truncated(Random random, String json) {
        return json.substring(0, random.nextInt(Math.max(1, json.length()))).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an HTTP client lets through in a header value: other characters become '?'. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
