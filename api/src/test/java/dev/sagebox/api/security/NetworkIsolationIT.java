package dev.sagebox.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.docker.ContainerState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Issue 16, item 5: EnableNetworkIsolation was ignored. An isolated training job now runs without any network and
 * without keys, yet gets its channels and has its model uploaded; the hosts of an isolated cluster reach each other
 * and no container outside their network; an isolated model's instances answer the router but reach no container
 * outside their network. (Docker's internal networks still route to this host's own addresses; what listens there
 * for containers, Sagebox's API and S3, answers only signed requests, and isolated containers get no keys.)
 */
@Tag("docker")
@Tag("security")
class NetworkIsolationIT {
    static final String SHELL_IMAGE = "sagebox/test-python:latest";
    static final String ALGORITHM_IMAGE = "sagebox/test-algorithm:latest";
    static final String SERVER_IMAGE = "sagebox/test-server:latest";

    @TempDir
    static java.nio.file.Path home;
    static RealDockerSagebox sagebox;

    @BeforeAll
    static void start() {
        sagebox = RealDockerSagebox.start(home, c -> c.withTraining(new SageboxConfig.Training(2,
                Duration.ofSeconds(2), true)));
        sagebox.s3.createBucket(r -> r.bucket("data"));
        sagebox.s3.putObject(r -> r.bucket("data").key("train/part-0.txt"), RequestBody.fromString("rows"));
    }

    @AfterAll
    static void stop() {
        if (sagebox != null) {
            sagebox.close();
        }
    }

    static CreateTrainingJobRequest.Builder job(String name, String image, int hosts) {
        return CreateTrainingJobRequest.builder().trainingJobName(name)
                .roleArn(RealDockerSagebox.ROLE)
                .enableNetworkIsolation(true)
                .algorithmSpecification(a -> a.trainingImage(image).trainingInputMode(TrainingInputMode.FILE))
                .inputDataConfig(RealDockerSagebox.channel("train", "s3://data/train/"))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/jobs/"))
                .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(hosts).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(300));
    }

    @Test
    void anIsolatedJobHasNoNetworkAndNoKeysYetGetsItsChannelsAndItsModelUploaded() throws IOException {
        String script = String.join("\n",
                "cd /opt/ml/model",
                "ls /sys/class/net > interfaces.txt",
                "env > env.txt",
                "cat /opt/ml/input/data/train/part-0.txt > channel.txt",
                "python3 -c \"import urllib.request; urllib.request.urlopen('$PROBE_URL', timeout=3)\" > probe.txt 2>&1"
                        + " && echo reached >> probe.txt",
                "exit 0");
        sagebox.s3.putObject(r -> r.bucket("data").key("code/isolated.sh"), RequestBody.fromString(script));
        sagebox.sm.createTrainingJob(job("isolated", SHELL_IMAGE, 1)
                .algorithmSpecification(a -> a.trainingImage(SHELL_IMAGE).trainingInputMode(TrainingInputMode.FILE)
                        .containerEntrypoint("sh", "/opt/ml/input/data/code/isolated.sh"))
                .inputDataConfig(RealDockerSagebox.channel("train", "s3://data/train/"),
                        RealDockerSagebox.channel("code", "s3://data/code/"))
                .environment(Map.of("PROBE_URL", sagebox.s3ForContainers()))
                .build());
        DescribeTrainingJobResponse done = sagebox.trainingJobEnded("isolated");
        assertThat(done.trainingJobStatus()).as(done.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);
        assertThat(done.enableNetworkIsolation()).isTrue();

        Map<String, String> files = sagebox.archive("data", "jobs/isolated/output/model.tar.gz");
        assertThat(files.get("interfaces.txt").strip().lines()).containsExactly("lo");
        assertThat(files.get("env.txt")).doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", sagebox.config.secretKey());
        assertThat(files.get("channel.txt")).isEqualTo("rows");
        assertThat(files.get("probe.txt")).doesNotContain("reached");
    }

    /**
     * Each host serves its name on port 9000 and fetches the other's, and does not end before the other fetched its
     * own (a host that ends leaves the network's DNS, and on an internal network a name it cannot answer waits for
     * resolvers it cannot reach); then it tries PROBE_URL and writes what it found.
     */
    static final String CLUSTER_SCRIPT = String.join("\n",
            "import http.server, json, os, threading, time, urllib.error, urllib.request",
            "me = json.load(open('/opt/ml/input/config/resourceconfig.json'))['current_host']",
            "other = 'algo-2' if me == 'algo-1' else 'algo-1'",
            "served = threading.Event()",
            "class Name(http.server.BaseHTTPRequestHandler):",
            "    def do_GET(self):",
            "        self.send_response(200); self.end_headers(); self.wfile.write(me.encode()); served.set()",
            "    def log_message(self, *args):",
            "        pass",
            "server = http.server.ThreadingHTTPServer(('0.0.0.0', 9000), Name)",
            "threading.Thread(target=server.serve_forever, daemon=True).start()",
            "answer, deadline = None, time.time() + 60",
            "while answer is None and time.time() < deadline:",
            "    try:",
            "        answer = urllib.request.urlopen('http://%s:9000/' % other, timeout=2).read().decode()",
            "    except Exception:",
            "        time.sleep(0.2)",
            "served.wait(60)",
            "try:",
            "    urllib.request.urlopen(os.environ['PROBE_URL'], timeout=3)",
            "    outside = 'reached'",
            "except urllib.error.HTTPError:",
            "    outside = 'reached'",
            "except Exception as e:",
            "    outside = 'refused: %s' % e",
            "keys = sorted(k for k in os.environ if k.startswith('AWS_'))",
            "json.dump({'other': answer, 'outside': outside, 'keys': keys}, open('/opt/ml/model/%s.json' % me, 'w'))",
            "");

    @Test
    void theHostsOfAnIsolatedClusterReachEachOtherAndNothingElse() throws IOException {
        String outside = sagebox.startBridgeServer("outside-cluster");
        sagebox.s3.putObject(r -> r.bucket("data").key("code/cluster.py"), RequestBody.fromString(CLUSTER_SCRIPT));
        sagebox.sm.createTrainingJob(job("isolated-cluster", SHELL_IMAGE, 2)
                .algorithmSpecification(a -> a.trainingImage(SHELL_IMAGE).trainingInputMode(TrainingInputMode.FILE)
                        .containerEntrypoint("python3", "/opt/ml/input/data/code/cluster.py"))
                .inputDataConfig(RealDockerSagebox.channel("code", "s3://data/code/"))
                .environment(Map.of("PROBE_URL", outside)).build());
        DescribeTrainingJobResponse done = sagebox.trainingJobEnded("isolated-cluster");
        assertThat(done.trainingJobStatus()).as(done.failureReason()).isEqualTo(TrainingJobStatus.COMPLETED);

        Map<String, String> files = sagebox.archive("data", "jobs/isolated-cluster/output/model.tar.gz");
        for (String host : List.of("algo-1", "algo-2")) {
            JsonNode record = RealDockerSagebox.JSON.readTree(files.get(host + ".json"));
            assertThat(record.path("other").asText()).as(host + " reached the other host")
                    .isEqualTo(host.equals("algo-1") ? "algo-2" : "algo-1");
            assertThat(record.path("outside").asText()).as(host + " reached " + outside).startsWith("refused");
            assertThat(record.path("keys").toString()).as(host + "'s AWS variables")
                    .doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL");
        }
    }

    @Test
    void anIsolatedModelIsEchoedAndItsInstancesAnswerTheRouterButReachNothing() throws IOException {
        String outside = sagebox.startBridgeServer("outside-model");
        sagebox.sm.createModel(r -> r.modelName("isolated").executionRoleArn(RealDockerSagebox.ROLE)
                .enableNetworkIsolation(true)
                .primaryContainer(c -> c.image(SERVER_IMAGE)
                        .environment(Map.of("TEST_PROBE_URL", outside))));
        assertThat(sagebox.sm.describeModel(r -> r.modelName("isolated")).enableNetworkIsolation()).isTrue();
        sagebox.sm.createModel(r -> r.modelName("open").executionRoleArn(RealDockerSagebox.ROLE)
                .primaryContainer(c -> c.image(SERVER_IMAGE)));
        assertThat(sagebox.sm.describeModel(r -> r.modelName("open")).enableNetworkIsolation()).isFalse();

        sagebox.sm.createEndpointConfig(r -> r.endpointConfigName("isolated").productionVariants(v -> v
                .variantName("A").modelName("isolated").initialInstanceCount(1).initialVariantWeight(1f)
                .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM)));
        sagebox.sm.createEndpoint(r -> r.endpointName("isolated").endpointConfigName("isolated"));
        sagebox.awaitInService("isolated");

        JsonNode answer = sagebox.invoke("isolated");
        assertThat(answer.path("probe").asText()).startsWith("refused");
        List<ContainerState> containers = sagebox.containersOf("isolated");
        assertThat(containers).hasSize(1);
        assertThat(containers.get(0).ipAddresses())
                .containsOnlyKeys("sagebox-endpoints-isolated-" + sagebox.serverId());
        assertThat(containers.get(0).publishedPorts()).isEmpty();
        sagebox.deleteEndpointAndWait("isolated");
    }
}
