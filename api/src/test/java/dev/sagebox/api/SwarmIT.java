package dev.sagebox.api;

import static dev.sagebox.api.EndpointSteps.counts;
import static dev.sagebox.api.EndpointSteps.variant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.docker.ContainerSpec;
import dev.sagebox.docker.ContainerState;
import dev.sagebox.docker.DockerEngineSettings;
import dev.sagebox.docker.LabelledObject;
import dev.sagebox.docker.Mount;
import dev.sagebox.docker.Poll;
import dev.sagebox.docker.RecordingLogSink;
import dev.sagebox.docker.SageboxLabels;
import dev.sagebox.docker.SwarmContainerEngine;
import dev.sagebox.docker.SwarmNodes;
import dev.sagebox.storage.TarGz;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.NotebookInstanceStatus;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * {@code SAGEBOX_ENGINE=swarm} on a real three-node swarm ({@code ./sagebox cluster up 3}). An endpoint's three
 * instances are tasks spread over the nodes, their model shipped through the cluster's registry, and invoked through
 * the router; a node drained under load loses at most 1% of the invocations and its instance comes back on another
 * node; a server restart adopts the running tasks; deleting the endpoint removes them. A two-host training job runs
 * its hosts on two nodes, which resolve each other by name, with the channel staged and the model uploaded there. A
 * notebook instance runs on a node, comes back there with its files after a stop and a server restart, and leaves its
 * volume empty when deleted.
 */
@Tag("docker")
class SwarmIT {
    static final String IMAGE = "sagebox/test-server:latest";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";
    static final Duration WAIT = Duration.ofSeconds(180);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static SageboxConfig config;
    static TestSagebox sagebox;
    static SageMakerRuntimeClient runtime;
    static SwarmContainerEngine swarm;
    static SwarmNodes nodes;
    static String serverId;

    @BeforeAll
    static void start() throws Exception {
        LocalImages.build("test-server", "test-algorithm", "notebook");
        cluster("up", "3");
        swarm = new SwarmContainerEngine(DockerEngineSettings.fromEnvironment(), "127.0.0.1:5000",
                home.resolve("test-images"));
        nodes = new SwarmNodes();
        // A dev cluster shares one machine's CPUs: instance types reserve nothing, so every node can take any task.
        config = SageboxConfig.forTests(home)
                .withTraining(new SageboxConfig.Training(2, Duration.ofSeconds(5), false))
                .withHosting(new SageboxConfig.Hosting(Duration.ofSeconds(120), Duration.ofMillis(300),
                        Duration.ofSeconds(5), Duration.ofSeconds(10)))
                .withEngine(new SageboxConfig.Engine(true, "127.0.0.1:5000"));
        startServer();
        serverId = Files.readString(home.resolve("server-id")).strip();
        Path dir = Files.createTempDirectory(home, "model");
        Files.writeString(dir.resolve("weights.txt"), "42");
        Path archive = home.resolve("model.tar.gz");
        TarGz.pack(dir, archive);
        sagebox.s3.createBucket(b -> b.bucket("models"));
        sagebox.s3.putObject(p -> p.bucket("models").key("m/model.tar.gz"), archive);
        for (int i = 0; i < 3; i++) {
            int n = i;
            sagebox.s3.putObject(p -> p.bucket("models").key("train/part-" + n + ".csv"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("row " + n + "\n"));
        }
        sagebox.sageMaker.createModel(r -> r.modelName("m").executionRoleArn(ROLE).primaryContainer(c -> c.image(IMAGE)
                .modelDataUrl("s3://models/m/model.tar.gz").environment(Map.of("TEST_TAG", "swarm"))));
        sagebox.sageMaker.createEndpointConfig(r -> r.endpointConfigName("cfg-3").productionVariants(
                variant("AllTraffic", "m", 3, 1f)));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nodes != null) {
                nodes.activateAll();
                nodes.close();
            }
            if (sagebox != null) {
                closeServer();
            }
            if (swarm != null) {
                swarm.close();
            }
        } finally {
            cluster("down");
        }
    }

    @Test
    void instancesSpreadOverNodesSurviveADrainUnderLoadAndARestart() throws Exception {
        sagebox.sageMaker.createEndpoint(r -> r.endpointName("ep-swarm").endpointConfigName("cfg-3"));
        DescribeEndpointResponse d = awaitInService();
        assertThat(counts(d)).containsExactly("AllTraffic:1.0/1.0:3/3");
        List<ContainerState> tasks = instances();
        assertThat(tasks).hasSize(3).allSatisfy(t -> assertThat(t.running()).isTrue());
        assertThat(tasks.stream().map(ContainerState::publishedHost).collect(Collectors.toSet()))
                .as("nodes of the three instances").hasSizeGreaterThanOrEqualTo(2);
        assertThat(JSON.readTree(invoke()).get("tag").asText()).isEqualTo("swarm");
        assertThat(JSON.readTree(invoke()).get("model_files").toString()).contains("weights.txt");

        // A worker node that runs an instance is drained while clients invoke without a pause and without retries:
        // at most 1% fail. Then another worker is drained while clients retry as the SDKs do by default: none fails.
        String managerAddress = nodes.manager().address();
        String first = drainUnderLoad(tasks.stream().map(ContainerState::publishedHost)
                .filter(h -> !h.equals(managerAddress)).findFirst().orElseThrow(), runtime, 1);
        nodes.activate(nodes.at(first).id());
        String second = nodes.list().stream().map(SwarmNodes.Node::address)
                .filter(a -> !a.equals(managerAddress) && !a.equals(first)).findFirst().orElseThrow();
        try (SageMakerRuntimeClient retrying = SageMakerRuntimeClient.builder().endpointOverride(sagebox.endpoint())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(config.accessKey(), config.secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)).build()) {
            drainUnderLoad(second, retrying, 0);
        }
        assertThat(describe().endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);

        // A restart adopts the running tasks: the same services, still answering.
        List<String> servicesBefore = instances().stream().map(ContainerState::id).sorted().toList();
        closeServer();
        startServer();
        assertThat(counts(awaitInService())).containsExactly("AllTraffic:1.0/1.0:3/3");
        assertThat(instances().stream().map(ContainerState::id).sorted().toList()).isEqualTo(servicesBefore);
        assertThat(JSON.readTree(invoke()).get("tag").asText()).isEqualTo("swarm");

        sagebox.sageMaker.deleteEndpoint(r -> r.endpointName("ep-swarm"));
        Poll.until(WAIT, "the endpoint and its tasks gone", () -> instances().isEmpty() && gone());
    }

    /**
     * Drains the node at {@code address} while 8 clients invoke through {@code client}, until the endpoint has its
     * three instances again, none on that node; at most {@code percent}% of the invocations may fail.
     */
    static String drainUnderLoad(String address, SageMakerRuntimeClient client, int percent) throws Exception {
        EndpointSteps.Load load = new EndpointSteps.Load(8, () -> JSON.readTree(invoke(client)).get("hostname")
                .asText());
        try (load) {
            Poll.until(WAIT, "invocations under way", () -> load.served.get() > 200);
            nodes.drain(nodes.at(address).id());
            Poll.until(WAIT, "three instances again, none on the drained node", () -> {
                List<ContainerState> now = instances();
                return now.size() == 3 && now.stream().allMatch(ContainerState::running)
                        && now.stream().noneMatch(t -> t.publishedHost().equals(address))
                        && counts(describe()).equals(List.of("AllTraffic:1.0/1.0:3/3"));
            });
            int before = load.served.get();
            Poll.until(WAIT, "invocations after the drain", () -> load.served.get() > before + 200);
        }
        int total = load.served.get() + load.failures.size();
        System.out.printf("drain of %s under load: %d of %d invocations failed%n", address, load.failures.size(),
                total);
        assertThat(load.failures.size()).as("failed invocations of " + total + ": "
                + load.failures.stream().limit(3).map(Throwable::toString).toList())
                .isLessThanOrEqualTo(total * percent / 100);
        return address;
    }

    static boolean gone() {
        try {
            describe();
            return false;
        } catch (software.amazon.awssdk.services.sagemaker.model.SageMakerException e) {
            return true;
        }
    }

    @Test
    void aTwoHostJobRunsItsHostsOnTwoNodesWithTheDataStagedAndTheModelUploadedThere() throws Exception {
        sagebox.sageMaker.createTrainingJob(job("swarm-train", 2, Map.of("behaviour", "sleep", "seconds", "4",
                "resolve_seconds", "60")));
        Map<String, String> nodeOfHost = Poll.until(WAIT, "both hosts running", () -> {
            var d = sagebox.sageMaker.describeTrainingJob(r -> r.trainingJobName("swarm-train"));
            assertThat(d.trainingJobStatus()).as(String.valueOf(d.failureReason()))
                    .isEqualTo(software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus.IN_PROGRESS);
            return swarm.containersWithLabels(
                Map.of(SageboxLabels.INSTANCE, serverId, SageboxLabels.RESOURCE, jobArn("swarm-train"))).stream()
                .filter(c -> c.running() && c.labels().get(SageboxLabels.ROLE).matches("algo-\\d"))
                .collect(Collectors.toMap(c -> c.labels().get(SageboxLabels.ROLE), ContainerState::node));
        }, m -> m.size() == 2);
        assertThat(Set.copyOf(nodeOfHost.values())).as("nodes of the two hosts").hasSize(2);
        var done = TrainingJobs.ended(sagebox.sageMaker, "swarm-train", WAIT);
        assertThat(done.trainingJobStatus()).as(String.valueOf(done.failureReason()))
                .isEqualTo(software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus.COMPLETED);
        Path extracted = model("swarm-train");
        for (String host : List.of("algo-1", "algo-2")) {
            var record = JSON.readTree(extracted.resolve(host + ".json").toFile());
            assertThat(record.path("resolved").path("algo-1").isTextual()).as(host + " resolves algo-1").isTrue();
            assertThat(record.path("resolved").path("algo-2").isTextual()).as(host + " resolves algo-2").isTrue();
            assertThat(record.path("channels").path("train").size()).as(host + "'s channel files").isEqualTo(3);
            assertThat(record.path("s3").asBoolean()).isTrue();
        }
        Poll.until(WAIT, "the job's tasks removed", () -> swarm.containersWithLabels(Map.of(SageboxLabels.INSTANCE,
                serverId, SageboxLabels.RESOURCE, jobArn("swarm-train"))).isEmpty());

        // A restart while a host trains: the job is picked up again and completes with its model.
        sagebox.sageMaker.createTrainingJob(job("swarm-restart", 1, Map.of("behaviour", "sleep", "seconds", "10")));
        Poll.until(WAIT, "the host running", () -> swarm.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId,
                SageboxLabels.RESOURCE, jobArn("swarm-restart"), SageboxLabels.ROLE, "algo-1")).stream()
                .anyMatch(ContainerState::running));
        closeServer();
        startServer();
        var resumed = TrainingJobs.ended(sagebox.sageMaker, "swarm-restart", WAIT);
        assertThat(resumed.trainingJobStatus()).as(String.valueOf(resumed.failureReason()))
                .isEqualTo(software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus.COMPLETED);
        assertThat(sagebox.s3.headObject(h -> h.bucket("models").key("output/swarm-restart/output/model.tar.gz"))
                .contentLength()).isPositive();

        // Pipe mode: the agent on the host's node streams the channel into FIFOs in the host's volume.
        sagebox.sageMaker.createTrainingJob(job("swarm-pipe", 1, Map.of("behaviour", "pipe", "epochs", "2")).toBuilder()
                .algorithmSpecification(a -> a.trainingImage("sagebox/test-algorithm:latest")
                        .trainingInputMode("Pipe"))
                .inputDataConfig(c -> c.channelName("train").inputMode("Pipe").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://models/train/").s3DataDistributionType("FullyReplicated"))))
                .build());
        var piped = TrainingJobs.ended(sagebox.sageMaker, "swarm-pipe", WAIT);
        assertThat(piped.trainingJobStatus()).as(String.valueOf(piped.failureReason()))
                .isEqualTo(software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus.COMPLETED);
        Path pipeExtracted = model("swarm-pipe");
        var epochs = JSON.readTree(pipeExtracted.resolve("algo-1-pipe.json").toFile()).path("train");
        assertThat(epochs.size()).isEqualTo(2);
        String all = "row 0\nrow 1\nrow 2\n";
        for (var epoch : epochs) {
            assertThat(epoch.path("bytes").asInt()).isEqualTo(all.length());
            assertThat(epoch.path("sha256").asText()).isEqualTo(PipeBytes.sha256(all.getBytes(StandardCharsets.UTF_8)));
        }

        // A stop: the host gets SIGTERM, saves, and what it saved is uploaded from its node.
        sagebox.sageMaker.createTrainingJob(job("swarm-stop", 1, Map.of("behaviour", "wait-for-stop")));
        Poll.until(WAIT, "the host running", () -> swarm.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId,
                SageboxLabels.RESOURCE, jobArn("swarm-stop"), SageboxLabels.ROLE, "algo-1")).stream()
                .anyMatch(ContainerState::running));
        sagebox.sageMaker.stopTrainingJob(r -> r.trainingJobName("swarm-stop"));
        var stopped = TrainingJobs.ended(sagebox.sageMaker, "swarm-stop", WAIT);
        assertThat(stopped.trainingJobStatus())
                .isEqualTo(software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus.STOPPED);
        Path stoppedExtracted = model("swarm-stop");
        assertThat(stoppedExtracted.resolve("stopped.txt")).hasContent("saved on SIGTERM");

        // EnableNetworkIsolation: the host reaches nothing but its peers, while the agents still stage and upload.
        // The job names the S3 address containers use on this machine: the host must find no route to it.
        String containerS3 = "http://172.17.0.1:" + sagebox.server.s3Endpoint().getPort();
        sagebox.sageMaker.createTrainingJob(job("swarm-isolated", 1, Map.of()).toBuilder()
                .environment(Map.of("AWS_ENDPOINT_URL_S3", containerS3)).enableNetworkIsolation(true).build());
        var isolated = TrainingJobs.ended(sagebox.sageMaker, "swarm-isolated", WAIT);
        assertThat(isolated.trainingJobStatus()).as(String.valueOf(isolated.failureReason()))
                .isEqualTo(software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus.COMPLETED);
        Path isolatedExtracted = model("swarm-isolated");
        var isolatedRecord = JSON.readTree(isolatedExtracted.resolve("algo-1.json").toFile());
        assertThat(isolatedRecord.path("channels").path("train").size()).isEqualTo(3);
        assertThat(isolatedRecord.path("s3").isTextual()).as("S3 from an isolated host: " + isolatedRecord.path("s3"))
                .isTrue();

        // CheckpointConfig: the agent on the host's node restores S3Uri into LocalPath and syncs it while the host
        // runs; a stopped job's checkpoint is there for the next job, which finds it on its own node.
        sagebox.sageMaker.createTrainingJob(checkpointing("swarm-ckpt-1", 600));
        Poll.until(WAIT, "the running host's checkpoint synced", () -> sagebox.s3.listObjectsV2(l -> l.bucket("models")
                .prefix("checkpoints/swarm/")).contents().stream()
                .anyMatch(o -> o.key().equals("checkpoints/swarm/ckpt-swarm-ckpt-1.txt")));
        sagebox.sageMaker.stopTrainingJob(r -> r.trainingJobName("swarm-ckpt-1"));
        assertThat(TrainingJobs.ended(sagebox.sageMaker, "swarm-ckpt-1", WAIT).trainingJobStatus())
                .isEqualTo(software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus.STOPPED);
        sagebox.sageMaker.createTrainingJob(checkpointing("swarm-ckpt-2", 0));
        var resumedFromCheckpoint = TrainingJobs.ended(sagebox.sageMaker, "swarm-ckpt-2", WAIT);
        assertThat(resumedFromCheckpoint.trainingJobStatus()).as(String.valueOf(resumedFromCheckpoint.failureReason()))
                .isEqualTo(software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus.COMPLETED);
        assertThat(model("swarm-ckpt-2").resolve("found.txt")).hasContent("ckpt-swarm-ckpt-1.txt,");
        assertThat(sagebox.s3.getObjectAsBytes(g -> g.bucket("models").key("checkpoints/swarm/ckpt-swarm-ckpt-2.txt"))
                .asUtf8String()).isEqualTo("weights");

        // The job's own credentials, written on the host's node by its agent: the configured keys never reach the
        // host, and the credentials it finds may read its channel and nothing outside the job's prefixes.
        sagebox.sageMaker.createTrainingJob(job("swarm-own", 1, Map.of()).toBuilder()
                .algorithmSpecification(a -> a.trainingImage("sagebox/test-algorithm:latest").trainingInputMode("File")
                        .containerEntrypoint("sh", "-c", "env > /opt/ml/model/env.txt; sleep 600")).build());
        ContainerState ownHost = Poll.value(WAIT, "the host running", () -> swarm.containersWithLabels(Map.of(
                SageboxLabels.INSTANCE, serverId, SageboxLabels.RESOURCE, jobArn("swarm-own"), SageboxLabels.ROLE,
                "algo-1")).stream().filter(ContainerState::running).findFirst());
        var own = JSON.readTree(readOnNode(ownHost.node(), "sagebox-" + serverId + "-swarm-own-algo-1-aws",
                "credentials.json"));
        assertThat(own.path("AccessKeyId").asText()).startsWith("ASIA");
        try (S3Client jobS3 = s3As(AwsSessionCredentials.create(own.path("AccessKeyId").asText(),
                own.path("SecretAccessKey").asText(), own.path("SessionToken").asText()))) {
            assertThat(jobS3.getObjectAsBytes(g -> g.bucket("models").key("train/part-0.csv")).asUtf8String())
                    .isEqualTo("row 0\n");
            assertThatThrownBy(() -> jobS3.getObjectAsBytes(g -> g.bucket("models").key("m/model.tar.gz")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        sagebox.sageMaker.stopTrainingJob(r -> r.trainingJobName("swarm-own"));
        TrainingJobs.ended(sagebox.sageMaker, "swarm-own", WAIT);
        assertThat(model("swarm-own").resolve("env.txt")).content()
                .contains("AWS_CONFIG_FILE=/etc/sagebox/aws/config").doesNotContain(config.secretKey())
                .doesNotContain("AWS_ACCESS_KEY_ID");
        try (S3Client revoked = s3As(AwsSessionCredentials.create(own.path("AccessKeyId").asText(),
                own.path("SecretAccessKey").asText(), own.path("SessionToken").asText()))) {
            assertThatThrownBy(() -> revoked.getObjectAsBytes(g -> g.bucket("models").key("train/part-0.csv")))
                    .as("revoked when the job ended").isInstanceOf(S3Exception.class);
        }

        sagebox.sageMaker.createTrainingJob(job("swarm-fail", 1, Map.of("behaviour", "fail")));
        var failed = TrainingJobs.ended(sagebox.sageMaker, "swarm-fail", WAIT);
        assertThat(failed.failureReason()).isEqualTo("AlgorithmError: it broke: learning_rate must be positive");
    }

    @Test
    void aNotebookInstanceStaysOnItsVolumesNodeAcrossAStopAndARestart() throws Exception {
        String name = "swarm-nb";
        String arn = "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/" + name;
        sagebox.sageMaker.createNotebookInstance(r -> r.notebookInstanceName(name).instanceType("ml.t3.medium")
                .roleArn(ROLE));
        awaitNotebook(name, NotebookInstanceStatus.IN_SERVICE);
        String node = jupyterTask(arn).node();
        NotebookBrowser browser = NotebookBrowser.open(sagebox.sageMaker, sagebox.endpoint().getPort(), name, WAIT);
        browser.write("kept.txt", "on its node");
        // boto3 in a kernel on the node reaches Sagebox's API and S3, with the instance's own credentials.
        HttpResponse<String> kernel = browser.send("POST", "api/kernels", "{\"name\": \"python3\"}");
        assertThat(kernel.statusCode()).as(kernel.body()).isEqualTo(201);
        String output = JupyterKernels.execute(browser.client(), sagebox.endpoint().getPort(), name,
                JSON.readTree(kernel.body()).path("id").asText(), String.join("\n",
                        "import boto3",
                        "print('described', boto3.client('sagemaker').describe_notebook_instance("
                                + "NotebookInstanceName='" + name + "')['NotebookInstanceStatus'])",
                        "print('buckets', [b['Name'] for b in boto3.client('s3').list_buckets()['Buckets']])",
                        "import os",
                        "print('own key', boto3.Session().get_credentials().access_key[:4],"
                                + " 'AWS_ACCESS_KEY_ID' in os.environ)"));
        assertThat(output).contains("described InService").contains("'models'").contains("own key ASIA False");

        sagebox.sageMaker.stopNotebookInstance(r -> r.notebookInstanceName(name));
        awaitNotebook(name, NotebookInstanceStatus.STOPPED);
        assertThat(swarm.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId, SageboxLabels.RESOURCE, arn)))
                .isEmpty();
        sagebox.sageMaker.startNotebookInstance(r -> r.notebookInstanceName(name));
        awaitNotebook(name, NotebookInstanceStatus.IN_SERVICE);
        assertThat(jupyterTask(arn).node()).as("the node of its volume").isEqualTo(node);
        assertThat(NotebookBrowser.open(sagebox.sageMaker, sagebox.endpoint().getPort(), name, WAIT)
                .content("kept.txt")).isEqualTo("on its node");

        closeServer();
        startServer();
        awaitNotebook(name, NotebookInstanceStatus.IN_SERVICE);
        assertThat(NotebookBrowser.open(sagebox.sageMaker, sagebox.endpoint().getPort(), name, WAIT)
                .content("kept.txt")).isEqualTo("on its node");
        assertThat(jupyterTask(arn).node()).isEqualTo(node);

        sagebox.sageMaker.stopNotebookInstance(r -> r.notebookInstanceName(name));
        awaitNotebook(name, NotebookInstanceStatus.STOPPED);
        sagebox.sageMaker.deleteNotebookInstance(r -> r.notebookInstanceName(name));
        Poll.until(WAIT, name + " deleted", () -> sagebox.sageMaker.listNotebookInstances(r -> r.nameContains(name))
                .notebookInstances().isEmpty());
        assertThat(swarm.containersWithLabels(Map.of(SageboxLabels.INSTANCE, serverId, SageboxLabels.RESOURCE, arn)))
                .as("Jupyter and the task that emptied its volume").isEmpty();
        String volume = "sagebox-" + serverId + "-nb-" + name;
        if (node.equals(nodes.manager().id())) {
            assertThat(swarm.listVolumes(Map.of(SageboxLabels.INSTANCE, serverId))).extracting(LabelledObject::name)
                    .doesNotContain(volume);
        } else {
            // A worker's volume cannot be removed from the manager: it is left there empty.
            String check = swarm.start(ContainerSpec.of("sagebox/notebook:latest", volume + "-check", List.of(),
                    SageboxLabels.forResource(serverId, arn, "check"))
                    .withEntrypoint(List.of("sh", "-c", "test -z \"$(ls -A /v)\""))
                    .withUser("0:0").withNode(node).withMounts(List.of(Mount.volume(volume, "/v"))));
            try {
                assertThat(swarm.awaitExit(check, WAIT)).as("the volume emptied").hasValue(0);
            } finally {
                swarm.remove(check);
            }
        }
    }

    static ContainerState jupyterTask(String arn) {
        return Poll.value(WAIT, "the Jupyter task of " + arn, () -> swarm.containersWithLabels(Map.of(
                SageboxLabels.INSTANCE, serverId, SageboxLabels.RESOURCE, arn, SageboxLabels.ROLE, "notebook"))
                .stream().filter(ContainerState::running).findFirst());
    }

    static void awaitNotebook(String name, NotebookInstanceStatus status) {
        Poll.until(WAIT, name + " " + status, () -> {
            var d = sagebox.sageMaker.describeNotebookInstance(r -> r.notebookInstanceName(name));
            assertThat(d.notebookInstanceStatus()).as(d.failureReason()).isNotEqualTo(NotebookInstanceStatus.FAILED);
            return d.notebookInstanceStatus() == status;
        });
    }

    /** A file of a node's volume, read by a task on that node. */
    static String readOnNode(String node, String volume, String file) {
        String reader = swarm.start(ContainerSpec.of("sagebox/test-algorithm:latest", volume + "-read", List.of(),
                SageboxLabels.forResource(serverId, "arn:test:read", "read"))
                .withEntrypoint(List.of("cat", "/v/" + file)).withNode(node)
                .withMounts(List.of(Mount.readOnlyVolume(volume, "/v"))));
        try {
            assertThat(swarm.awaitExit(reader, WAIT)).hasValue(0);
            RecordingLogSink out = new RecordingLogSink();
            try (var follow = swarm.followLogs(reader, out)) {
                follow.awaitEnd(WAIT);
            }
            return out.stdout();
        } finally {
            swarm.remove(reader);
        }
    }

    static S3Client s3As(AwsSessionCredentials credentials) {
        return S3Client.builder().endpointOverride(sagebox.server.s3Endpoint()).forcePathStyle(true)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(credentials))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The job's model.tar.gz, downloaded and extracted into a directory of its own. */
    static Path model(String job) throws IOException {
        Path archive = home.resolve(job + "-model.tar.gz");
        sagebox.s3.getObject(g -> g.bucket("models").key("output/" + job + "/output/model.tar.gz"), archive);
        Path dir = Files.createDirectories(home.resolve(job + "-model"));
        TarGz.extract(archive, dir);
        return dir;
    }

    static software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest job(String name, int hosts,
            Map<String, String> hyperParameters) {
        return software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest.builder()
                .trainingJobName(name).roleArn(ROLE).hyperParameters(hyperParameters)
                .algorithmSpecification(a -> a.trainingImage("sagebox/test-algorithm:latest").trainingInputMode("File"))
                .inputDataConfig(c -> c.channelName("train").dataSource(d -> d.s3DataSource(s -> s
                        .s3DataType("S3Prefix").s3Uri("s3://models/train/").s3DataDistributionType("FullyReplicated"))))
                .outputDataConfig(o -> o.s3OutputPath("s3://models/output/"))
                .resourceConfig(r -> r.instanceType("ml.m5.large").instanceCount(hosts).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)).build();
    }

    /**
     * A job that lists the checkpoints it found into its model, saves one of its own, then holds for {@code hold}
     * seconds (a shell ignores SIGTERM as PID 1: a stop ends it after the grace).
     */
    static software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest checkpointing(String name,
            int hold) {
        return job(name, 1, Map.of()).toBuilder()
                .algorithmSpecification(a -> a.trainingImage("sagebox/test-algorithm:latest").trainingInputMode("File")
                        .containerEntrypoint("sh", "-c", "ls /opt/ml/checkpoints | tr '\\n' , > /opt/ml/model/found.txt;"
                                + " printf weights > /opt/ml/checkpoints/ckpt-$TRAINING_JOB_NAME.txt; sleep " + hold))
                .checkpointConfig(c -> c.s3Uri("s3://models/checkpoints/swarm"))
                .build();
    }

    static String jobArn(String name) {
        return "arn:aws:sagemaker:us-east-1:123456789012:training-job/" + name;
    }

    static List<ContainerState> instances() {
        return swarm.containersWithLabels(Map.of(SageboxLabels.MANAGED, "true", SageboxLabels.INSTANCE, serverId,
                SageboxLabels.RESOURCE, EndpointSteps.arn("ep-swarm")));
    }

    static byte[] invoke() {
        return invoke(runtime);
    }

    static byte[] invoke(SageMakerRuntimeClient client) {
        return client.invokeEndpoint(r -> r.endpointName("ep-swarm").contentType("application/json")
                .body(SdkBytes.fromUtf8String("{}"))).body().asByteArray();
    }

    static DescribeEndpointResponse describe() {
        return sagebox.sageMaker.describeEndpoint(r -> r.endpointName("ep-swarm"));
    }

    static DescribeEndpointResponse awaitInService() {
        return EndpointSteps.awaitStatus(sagebox.sageMaker, "ep-swarm", EndpointStatus.IN_SERVICE, WAIT);
    }

    static void startServer() {
        sagebox = TestSagebox.start(Sagebox.builder(config));
        runtime = sagebox.onApiPort(SageMakerRuntimeClient.builder());
    }

    static void closeServer() {
        runtime.close();
        sagebox.close();
    }

    /** Runs docker/scripts/cluster.sh with this test's home. */
    static void cluster(String... args) throws IOException, InterruptedException {
        Path script = Path.of("..", "docker", "scripts", "cluster.sh").toAbsolutePath().normalize();
        Path log = Files.createTempFile("cluster", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("bash", script.toString()), java.util.Arrays.stream(args)).toList())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("SAGEBOX_HOME", home.toString());
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("cluster.sh " + String.join(" ", args) + " did not finish");
            }
            assertThat(process.exitValue()).as(Files.readString(log, StandardCharsets.UTF_8)).isZero();
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
