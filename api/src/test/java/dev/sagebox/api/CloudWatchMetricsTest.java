package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Datapoint;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricStatisticsResponse;
import software.amazon.awssdk.services.cloudwatch.model.InvalidParameterValueException;
import software.amazon.awssdk.services.cloudwatch.model.RecentlyActive;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * CloudWatch metrics of a training job (what its MetricDefinitions matched, fake containers) in each protocol real
 * clients speak: the Java SDK 2.40 and Debian's AWS CLI 2.9 (query), a raw JSON 1.0 request, boto3 1.43 (Smithy RPC
 * v2 CBOR), and the SageMaker SDK's TrainingJobAnalytics.
 */
class CloudWatchMetricsTest {
    static final String IMAGE = "sagebox/fake-trainer:1";
    static final String NAMESPACE = "/aws/sagemaker/TrainingJobs";
    static final String JOB = "cw-metrics";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SDK_PYTHON = Path.of(System.getenv().getOrDefault("SAGEBOX_SDK_VENV",
            System.getProperty("user.home") + "/.cache/sagebox/sagemaker-python-sdk"), "bin", "python");

    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static CloudWatchClient cloudWatch;
    static final Instant START = Instant.now().minus(Duration.ofHours(1));
    static final Instant END = Instant.now().plus(Duration.ofHours(1));

    @BeforeAll
    static void start() {
        FakeContainerEngine engine = new FakeContainerEngine(IMAGE);
        engine.onStart(c -> {
            c.stdout("epoch 1: loss=0.75\n").stdout("epoch 2: loss=0.5\n");
            c.exit(0);
        });
        sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).inMemoryDatabase()
                .containerEngine(engine));
        cloudWatch = sagebox.onApiPort(CloudWatchClient.builder());
        sagebox.s3.createBucket(r -> r.bucket("data"));
        sagebox.sageMaker.createTrainingJob(r -> r.trainingJobName(JOB)
                .roleArn("arn:aws:iam::123456789012:role/SageboxRole")
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE)
                        .metricDefinitions(m -> m.name("train:loss").regex("loss=([0-9.]+)")))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output"))
                .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(3600)));
        Poll.until(Duration.ofSeconds(30), "the job completes", () -> sagebox.sageMaker.describeTrainingJob(
                r -> r.trainingJobName(JOB)).trainingJobStatus() == TrainingJobStatus.COMPLETED);
    }

    @AfterAll
    static void stop() {
        cloudWatch.close();
        sagebox.close();
    }

    @Test
    void theJavaSdkReadsATrainingJobsValuesByJobAndByHost() {
        GetMetricStatisticsResponse stats = cloudWatch.getMetricStatistics(r -> r.namespace(NAMESPACE)
                .metricName("train:loss").dimensions(d -> d.name("TrainingJobName").value(JOB))
                .startTime(START).endTime(END).period(86400)
                .statistics(Statistic.SAMPLE_COUNT, Statistic.MINIMUM, Statistic.MAXIMUM, Statistic.AVERAGE)
                .extendedStatistics("p50"));

        assertThat(stats.label()).isEqualTo("train:loss");
        assertThat(stats.datapoints().stream().mapToDouble(Datapoint::sampleCount).sum()).isEqualTo(2.0);
        assertThat(stats.datapoints().stream().mapToDouble(Datapoint::minimum).min()).hasValue(0.5);
        assertThat(stats.datapoints().stream().mapToDouble(Datapoint::maximum).max()).hasValue(0.75);
        assertThat(stats.datapoints()).allSatisfy(d -> assertThat(d.extendedStatistics()).containsKey("p50"));
        var byHost = cloudWatch.getMetricData(r -> r.startTime(START).endTime(END).metricDataQueries(q -> q.id("h")
                .metricStat(s -> s.period(60).stat("SampleCount").metric(m -> m.namespace(NAMESPACE)
                        .metricName("train:loss").dimensions(d -> d.name("TrainingJobName").value(JOB),
                                d -> d.name("Host").value("algo-1"))))));
        assertThat(byHost.metricDataResults().get(0).values().stream().mapToDouble(Double::doubleValue).sum())
                .isEqualTo(2.0);
        assertThat(cloudWatch.listMetrics(r -> r.namespace(NAMESPACE).metricName("train:loss")).metrics())
                .extracting(m -> m.dimensions().stream().map(d -> d.name() + "=" + d.value()).toList())
                .containsExactlyInAnyOrder(List.of("TrainingJobName=" + JOB),
                        List.of("Host=algo-1", "TrainingJobName=" + JOB));
    }

    @Test
    void everyMemberOfTheQueriesIsHonouredOrRefused() {
        var labelled = cloudWatch.getMetricData(r -> r.startTime(START).endTime(END)
                .labelOptions(o -> o.timezone("+0130"))
                .metricDataQueries(q -> q.id("loss").label("${PROP('Dim.TrainingJobName')} max ${MAX} of"
                        + " ${DATAPOINT_COUNT} at ${MAX_TIME} ${UNKNOWN}")
                        .metricStat(s -> s.period(86400).stat("Maximum").metric(m -> m.namespace(NAMESPACE)
                                .metricName("train:loss").dimensions(d -> d.name("TrainingJobName").value(JOB)))),
                        q -> q.id("other").accountId("999999999999").metricStat(s -> s.period(60).stat("Sum")
                                .metric(m -> m.namespace(NAMESPACE).metricName("train:loss")
                                        .dimensions(d -> d.name("TrainingJobName").value(JOB)))),
                        q -> q.id("seconds").metricStat(s -> s.period(60).stat("Sum").unit(StandardUnit.SECONDS)
                                .metric(m -> m.namespace(NAMESPACE).metricName("train:loss")
                                        .dimensions(d -> d.name("TrainingJobName").value(JOB))))));
        var results = labelled.metricDataResults();
        assertThat(results.get(0).label()).matches(JOB + " max 0.75 of [12] at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d"
                + ":\\d\\d\\+0130 \\$\\{UNKNOWN}");
        assertThat(results.get(1).statusCodeAsString()).isEqualTo("Forbidden");
        assertThat(results.get(1).values()).isEmpty();
        assertThat(results.get(2).values()).as("the values have no unit, so none are Seconds").isEmpty();
        assertThatThrownBy(() -> cloudWatch.getMetricData(r -> r.startTime(START).endTime(END)
                .labelOptions(o -> o.timezone("UTC")).metricDataQueries(q -> q.id("m").metricStat(s -> s.period(60)
                        .stat("Sum").metric(m -> m.namespace(NAMESPACE).metricName("train:loss"))))))
                .hasMessageContaining("LabelOptions.Timezone must be + or - followed by four digits");
        assertThatThrownBy(() -> cloudWatch.getMetricData(r -> r.startTime(START).endTime(END)
                .metricDataQueries(q -> q.id("m").period(60).metricStat(s -> s.period(60)
                        .stat("Sum").metric(m -> m.namespace(NAMESPACE).metricName("train:loss"))))))
                .hasMessageContaining("only for an Expression");
        assertThatThrownBy(() -> cloudWatch.getMetricData(r -> r.startTime(START).endTime(END)
                .metricDataQueries(q -> q.id("Upper").metricStat(s -> s.period(60)
                        .stat("Sum").metric(m -> m.namespace(NAMESPACE).metricName("train:loss"))))))
                .hasMessageContaining("must start with a lowercase letter");

        var linked = cloudWatch.listMetrics(r -> r.namespace(NAMESPACE).metricName("train:loss")
                .recentlyActive(RecentlyActive.PT3_H).includeLinkedAccounts(true));
        assertThat(linked.metrics()).hasSize(2);
        assertThat(linked.owningAccounts()).containsExactly("123456789012", "123456789012");
        assertThat(cloudWatch.listMetrics(r -> r.namespace(NAMESPACE).includeLinkedAccounts(true)
                .owningAccount("999999999999")).metrics()).isEmpty();
        assertThatThrownBy(() -> cloudWatch.listMetrics(r -> r.namespace(NAMESPACE).owningAccount("123456789012")))
                .hasMessageContaining("only with IncludeLinkedAccounts set to true");
        assertThatThrownBy(() -> cloudWatch.listMetrics(r -> r.recentlyActive("PT1H")))
                .hasMessageContaining("RecentlyActive must be PT3H");
    }

    @Test
    void badParametersAreCloudWatchsErrorsInEachProtocol() {
        assertThatThrownBy(() -> cloudWatch.getMetricStatistics(r -> r.namespace(NAMESPACE).metricName("train:loss")
                .startTime(END).endTime(START).period(60).statistics(Statistic.AVERAGE)))
                .isInstanceOfSatisfying(InvalidParameterValueException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                    assertThat(e.getMessage()).contains("The parameter StartTime must be less than the parameter"
                            + " EndTime.");
                });

        HttpResponse<String> json = json10("GetMetricStatistics", "{\"Namespace\":\"" + NAMESPACE + "\","
                + "\"MetricName\":\"train:loss\",\"StartTime\":" + START.getEpochSecond() + ",\"EndTime\":"
                + END.getEpochSecond() + ",\"Period\":7,\"Statistics\":[\"Average\"]}");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.headers().firstValue("x-amzn-query-error")).hasValue("InvalidParameterValue;Sender");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(json.body()).contains("\"__type\":\"InvalidParameterValue\"")
                .contains("must be 1, 5, 10, 30 or a multiple of 60");
    }

    @Test
    void aJson10RequestGetsEpochSecondTimestamps() throws Exception {
        HttpResponse<String> answer = json10("GetMetricStatistics", "{\"Namespace\":\"" + NAMESPACE + "\","
                + "\"MetricName\":\"train:loss\",\"Dimensions\":[{\"Name\":\"TrainingJobName\",\"Value\":\"" + JOB
                + "\"}],\"StartTime\":" + START.getEpochSecond() + ",\"EndTime\":" + END.getEpochSecond()
                + ",\"Period\":86400,\"Statistics\":[\"Maximum\"]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode datapoint = JSON.readTree(answer.body()).path("Datapoints").get(0);
        assertThat(datapoint.path("Timestamp").isNumber()).as(answer.body()).isTrue();
        assertThat(datapoint.path("Maximum").asDouble()).isEqualTo(0.75);
        assertThat(datapoint.path("Unit").asText()).isEqualTo("None");
    }

    @Test
    void debiansAwsCliGetsTheStatistics() throws Exception {
        assumeTrue(Files.isExecutable(AwsCliTest.AWS), "Debian's awscli is not installed; ./sagebox test installs it");

        AwsCliTest.Result result = AwsCliTest.aws(sagebox, home, "cloudwatch", "get-metric-statistics", "--namespace",
                NAMESPACE, "--metric-name", "train:loss", "--dimensions", "Name=TrainingJobName,Value=" + JOB,
                "--start-time", START.toString(), "--end-time", END.toString(), "--period", "86400",
                "--statistics", "Maximum", "SampleCount");

        assertThat(result.exit()).as(result.err()).isZero();
        JsonNode datapoints = JSON.readTree(result.out()).path("Datapoints");
        double samples = 0;
        for (JsonNode d : datapoints) {
            samples += d.path("SampleCount").asDouble();
        }
        assertThat(samples).isEqualTo(2.0);
        assertThat(result.out()).contains("\"Maximum\": 0.75");
    }

    @Test
    void boto3SpeaksCborAndTrainingJobAnalyticsBuildsItsDataframe() throws Exception {
        assumeTrue(Files.isExecutable(SDK_PYTHON), "the SageMaker SDK kit is not installed; ./sagebox test installs it");

        ProcessBuilder pb = new ProcessBuilder(SDK_PYTHON.toString(), Path.of("src/test/python/cloudwatch_clients.py")
                .toAbsolutePath().toString(), JOB, "train:loss");
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", "sagebox");
        env.put("AWS_SECRET_ACCESS_KEY", "sagebox-secret");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ENDPOINT_URL_SAGEMAKER", sagebox.endpoint().toString());
        env.put("AWS_ENDPOINT_URL_CLOUDWATCH", sagebox.endpoint().toString());
        env.put("AWS_CONFIG_FILE", home.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        // No defaults from the user's SDK configuration.
        Path sdkConfig = Files.writeString(home.resolve("sdk-config.yaml"), "SchemaVersion: '1.0'\n");
        env.put("SAGEMAKER_USER_CONFIG_OVERRIDE", sdkConfig.toString());
        Path out = Files.createTempFile(home, "python", ".out");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(printed).isZero();

        JsonNode r = JSON.readTree(printed.lines().reduce((a, b) -> b).orElseThrow());
        assertThat(r.path("protocol").asText()).isEqualTo("smithy-rpc-v2-cbor");
        assertThat(r.path("samples").asDouble()).isEqualTo(2.0);
        assertThat(r.path("minimum").asDouble()).isEqualTo(0.5);
        assertThat(r.path("maximum").asDouble()).isEqualTo(0.75);
        assertThat(r.path("timestampType").asText()).isEqualTo("datetime");
        assertThat(r.path("dataValues").toString()).contains("0.75");
        assertThat(r.path("listed").toString()).isEqualTo("[[\"Host\",\"TrainingJobName\"],[\"TrainingJobName\"]]");
        assertThat(r.path("error").asText()).isEqualTo("InvalidParameterValue");
        assertThat(r.path("analytics").toString()).contains("\"train:loss\"");
    }

    static HttpResponse<String> json10(String operation, String body) {
        SignedHttp http = new SignedHttp(sagebox.endpoint(), "sagebox", "sagebox-secret", "monitoring");
        return http.send("/", Map.of("X-Amz-Target", "GraniteServiceVersion20100801." + operation, "Content-Type",
                "application/x-amz-json-1.0"), body.getBytes(StandardCharsets.UTF_8), true, java.time.Clock.systemUTC());
    }
}
