package dev.sagebox.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagebox.core.Arn;
import dev.sagebox.runner.AlgorithmSpec;
import dev.sagebox.runner.ChannelInputMode;
import dev.sagebox.runner.CheckpointConfig;
import dev.sagebox.runner.MetricDefinition;
import dev.sagebox.runner.TrainingOptions;
import dev.sagebox.runner.TrainingSpec;
import dev.sagebox.scheduler.FinalMetricData;
import dev.sagebox.scheduler.TrainingJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Training jobs stored before MetricDefinitions and CheckpointConfig existed still read after an upgrade. */
class StoredTrainingJobTest {
    static final Instant T0 = Instant.parse("2026-12-03T06:00:00Z");
    final DocumentCodec codec = new DocumentCodec();

    static TrainingJob job() {
        TrainingSpec spec = new TrainingSpec("j", "arn:aws:sagemaker:us-east-1:123456789012:training-job/j",
                new AlgorithmSpec("img:1", ChannelInputMode.FILE, Optional.empty(), Optional.empty(),
                        List.of(new MetricDefinition("loss", "loss=(\\S+)"))),
                "arn:aws:iam::123456789012:role/R", Map.of(), List.of(), "s3://b/out", Optional.empty(), "ml.m5.large",
                1, 1, Duration.ofHours(1), Map.of(), TrainingOptions.DEFAULTS,
                Optional.of(new CheckpointConfig("s3://b/ckpt", CheckpointConfig.DEFAULT_LOCAL_PATH)));
        return TrainingJob.created(spec,
                Arn.parse("arn:aws:sagemaker:us-east-1:123456789012:training-job/j").orElseThrow(), T0)
                .withFinalMetrics(List.of(new FinalMetricData("loss", 0.5, T0)));
    }

    @Test
    void theNewMembersRoundTrip() {
        TrainingJob job = job();
        assertThat(codec.read(codec.write(job), TrainingJob.class)).isEqualTo(job);
    }

    @Test
    void aDocumentWithoutThemReadsAsNone() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode doc = (ObjectNode) json.readTree(codec.write(job()));
        doc.remove("finalMetricDataList");
        ((ObjectNode) doc.get("spec")).remove("checkpointConfig");
        ((ObjectNode) doc.get("spec").get("algorithm")).remove("metricDefinitions");
        TrainingJob old = codec.read(json.writeValueAsString(doc), TrainingJob.class);
        assertThat(old.finalMetricDataList()).isEmpty();
        assertThat(old.spec().checkpointConfig()).isEmpty();
        assertThat(old.spec().algorithm().metricDefinitions()).isEmpty();
    }
}
