package dev.sagebox.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.api.Sagebox;
import dev.sagebox.api.SageboxConfig;
import dev.sagebox.api.TestSagebox;
import dev.sagebox.core.ResourceType;
import dev.sagebox.docker.FakeContainerEngine;
import dev.sagebox.docker.Poll;
import dev.sagebox.hosting.NotebookSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobStatus;

/**
 * Records the stored shape of every record type as the next fixture of {@link RecordFormatTest} where the newest one
 * no longer matches: a server with fake containers creates one resource of each type through the API, with most
 * members set, and its documents are read from the record store. Runs only when asked:
 * {@code mvn -pl api test -Dtest=RecordFormatFixtures -Dsagebox.writeRecordFixtures=true}.
 */
@EnabledIfSystemProperty(named = "sagebox.writeRecordFixtures", matches = "true")
class RecordFormatFixtures {
    static final String IMAGE = "sagebox/fake-trainer:1";
    static final String ROLE = "arn:aws:iam::123456789012:role/SageboxRole";

    /** The resource of each type that {@link #create} makes. */
    static final Map<ResourceType, String> NAMES = Map.of(ResourceType.TRAINING_JOB, "fixture-training",
            ResourceType.MODEL, "fixture-model", ResourceType.ENDPOINT_CONFIG, "fixture-config",
            ResourceType.ENDPOINT, "fixture-endpoint", ResourceType.NOTEBOOK_INSTANCE, "fixture-notebook",
            ResourceType.PROCESSING_JOB, "fixture-processing", ResourceType.TRANSFORM_JOB, "fixture-transform",
            ResourceType.HYPER_PARAMETER_TUNING_JOB, "fixture-tuning");

    @TempDir
    Path home;

    @Test
    void recordTheShapesThatChanged() throws Exception {
        FakeContainerEngine engine = new FakeContainerEngine(IMAGE, NotebookSettings.DEFAULT_IMAGE);
        engine.onStart(c -> {
            c.stdout("epoch 1: loss=0.5\n");
            c.exit(0);
        });
        try (TestSagebox sagebox = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home))
                .containerEngine(engine).notebookProbe((host, port, basePath, token) -> true))) {
            create(sagebox);
        }
        Database db = Database.onDisk(home.resolve("db"));
        try {
            DocumentCodec codec = new DocumentCodec();
            ObjectMapper json = new ObjectMapper();
            for (ResourceType type : ResourceType.values()) {
                String document = document(db, type);
                List<Path> existing = RecordFormatTest.fixtures(type);
                if (!existing.isEmpty()) {
                    Path newest = existing.get(existing.size() - 1);
                    Class<?> record = RecordFormatTest.RECORDS.get(type);
                    String stored = Files.readString(newest, StandardCharsets.UTF_8);
                    var written = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                            codec.write(codec.read(stored, record)));
                    written.remove(DocumentCodec.FORMAT);
                    List<String> added = new java.util.ArrayList<>();
                    RecordFormatTest.missing("", written, codec.upgraded(stored, record), added);
                    if (added.isEmpty()) {
                        continue;
                    }
                }
                Path dir = RecordFormatTest.FIXTURES.resolve(type.arnSegment());
                Files.createDirectories(dir);
                Path next = dir.resolve((existing.size() + 1) + ".json");
                Files.writeString(next, json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(
                        document)) + "\n", StandardCharsets.UTF_8);
                System.out.println("recorded " + next);
            }
        } finally {
            db.close();
        }
    }

    private static String document(Database db, ResourceType type) throws Exception {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT document FROM resource WHERE resource_type = ? AND name = ?")) {
            ps.setString(1, type.name());
            ps.setString(2, NAMES.get(type));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a stored " + type).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static void create(TestSagebox sagebox) {
        SageMakerClient sm = sagebox.sageMaker;
        sagebox.s3.createBucket(r -> r.bucket("data"));
        sagebox.s3.putObject(r -> r.bucket("data").key("train/a.csv"), RequestBody.fromString("1,2\n"));
        sagebox.s3.putObject(r -> r.bucket("data").key("model/model.tar.gz"), RequestBody.fromBytes(new byte[0]));
        Tag tag = Tag.builder().key("team").value("ml").build();

        sm.createTrainingJob(r -> r.trainingJobName("fixture-training").roleArn(ROLE)
                .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE)
                        .metricDefinitions(m -> m.name("loss").regex("loss=([0-9.]+)")))
                .hyperParameters(Map.of("epochs", "1"))
                .environment(Map.of("MODE", "fixture"))
                .inputDataConfig(c -> c.channelName("train").contentType("text/csv").dataSource(d -> d
                        .s3DataSource(s -> s.s3DataType("S3Prefix").s3Uri("s3://data/train/")
                                .s3DataDistributionType("FullyReplicated"))))
                .outputDataConfig(o -> o.s3OutputPath("s3://data/output"))
                .checkpointConfig(c -> c.s3Uri("s3://data/checkpoints/fixture"))
                .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(3600)).tags(tag));
        Poll.until(Duration.ofSeconds(60), "the training job ends", () -> sm.describeTrainingJob(r -> r
                .trainingJobName("fixture-training")).trainingJobStatus() == TrainingJobStatus.COMPLETED);

        sm.createModel(r -> r.modelName("fixture-model").executionRoleArn(ROLE).primaryContainer(c -> c.image(IMAGE)
                .modelDataUrl("s3://data/model/model.tar.gz").environment(Map.of("MODE", "fixture"))).tags(tag));
        sm.createEndpointConfig(r -> r.endpointConfigName("fixture-config").productionVariants(v -> v
                .variantName("AllTraffic").modelName("fixture-model").initialInstanceCount(1)
                .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM).initialVariantWeight(1f)).tags(tag));
        sm.createEndpoint(r -> r.endpointName("fixture-endpoint").endpointConfigName("fixture-config").tags(tag));
        Poll.until(Duration.ofSeconds(60), "the endpoint leaves Creating", () -> !sm.describeEndpoint(r -> r
                .endpointName("fixture-endpoint")).endpointStatusAsString().equals("Creating"));

        sm.createTransformJob(r -> r.transformJobName("fixture-transform").modelName("fixture-model")
                .maxConcurrentTransforms(1).batchStrategy("SingleRecord")
                .transformInput(i -> i.dataSource(d -> d.s3DataSource(s -> s.s3DataType("S3Prefix")
                        .s3Uri("s3://data/train/"))).contentType("text/csv").splitType("Line"))
                .transformOutput(o -> o.s3OutputPath("s3://data/transformed").assembleWith("Line"))
                .transformResources(t -> t.instanceType("ml.m5.large").instanceCount(1)).tags(tag));
        Poll.until(Duration.ofSeconds(60), "the transform job ends", () -> !sm.describeTransformJob(r -> r
                .transformJobName("fixture-transform")).transformJobStatusAsString().equals("InProgress"));

        sm.createProcessingJob(r -> r.processingJobName("fixture-processing").roleArn(ROLE)
                .appSpecification(a -> a.imageUri(IMAGE).containerArguments("--fixture"))
                .processingInputs(in -> in.inputName("input").s3Input(s -> s.s3Uri("s3://data/train/")
                        .localPath("/opt/ml/processing/input").s3DataType("S3Prefix").s3InputMode("File")))
                .processingOutputConfig(o -> o.outputs(out -> out.outputName("output").s3Output(s -> s
                        .s3Uri("s3://data/processed").localPath("/opt/ml/processing/output").s3UploadMode("EndOfJob"))))
                .processingResources(p -> p.clusterConfig(c -> c.instanceCount(1).instanceType("ml.m5.large")
                        .volumeSizeInGB(1)))
                .stoppingCondition(s -> s.maxRuntimeInSeconds(600)).tags(tag));
        Poll.until(Duration.ofSeconds(60), "the processing job ends", () -> !sm.describeProcessingJob(r -> r
                .processingJobName("fixture-processing")).processingJobStatusAsString().equals("InProgress"));

        sm.createHyperParameterTuningJob(r -> r.hyperParameterTuningJobName("fixture-tuning")
                .hyperParameterTuningJobConfig(c -> c.strategy("Random").randomSeed(7)
                        .hyperParameterTuningJobObjective(o -> o.type("Minimize").metricName("loss"))
                        .resourceLimits(l -> l.maxNumberOfTrainingJobs(2).maxParallelTrainingJobs(1))
                        .parameterRanges(p -> p.continuousParameterRanges(cr -> cr.name("lr").minValue("0.01")
                                .maxValue("0.1"))))
                .trainingJobDefinition(d -> d.roleArn(ROLE).staticHyperParameters(Map.of("epochs", "1"))
                        .algorithmSpecification(a -> a.trainingImage(IMAGE).trainingInputMode(TrainingInputMode.FILE)
                                .metricDefinitions(m -> m.name("loss").regex("loss=([0-9.]+)")))
                        .outputDataConfig(o -> o.s3OutputPath("s3://data/tuning"))
                        .resourceConfig(c -> c.instanceType("ml.m5.large").instanceCount(1).volumeSizeInGB(1))
                        .stoppingCondition(s -> s.maxRuntimeInSeconds(600))).tags(tag));
        Poll.until(Duration.ofSeconds(120), "the tuning job ends", () -> !sm.describeHyperParameterTuningJob(r -> r
                .hyperParameterTuningJobName("fixture-tuning")).hyperParameterTuningJobStatusAsString()
                .equals("InProgress"));

        sm.createNotebookInstance(r -> r.notebookInstanceName("fixture-notebook").instanceType("ml.t3.medium")
                .roleArn(ROLE).volumeSizeInGB(5).tags(tag));
        Poll.until(Duration.ofSeconds(60), "the notebook instance leaves Pending", () -> !sm.describeNotebookInstance(
                r -> r.notebookInstanceName("fixture-notebook")).notebookInstanceStatusAsString().equals("Pending"));
    }
}
