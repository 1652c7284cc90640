package dev.sagebox.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricExtractorTest {
    static final Instant T1 = Instant.parse("2026-12-03T06:00:00.123Z");
    static final Instant T2 = Instant.parse("2026-12-03T06:00:01.456Z");

    final List<MetricSample> samples = new ArrayList<>();

    MetricExtractor extractor(MetricDefinition... definitions) {
        return new MetricExtractor(List.of(definitions), samples::add);
    }

    @Test
    void theFirstGroupIsTheValueStampedWithTheLinesTime() {
        MetricExtractor e = extractor(new MetricDefinition("loss", "epoch=(\\d+) loss=([0-9.]+)"),
                new MetricDefinition("lr", "lr: ([-+0-9.eE]+)"));
        e.line("algo-1", T1, "epoch=3 loss=0.25 lr: 1e-3");
        e.line("algo-2", T2, "lr: -2.5E2");
        assertThat(samples).containsExactly(
                new MetricSample("algo-1", "loss", T1, 3.0),
                new MetricSample("algo-1", "lr", T1, 0.001),
                new MetricSample("algo-2", "lr", T2, -250.0));
    }

    @Test
    void theRegexIsFoundAnywhereInTheLine() {
        extractor(new MetricDefinition("acc", "acc=(\\S+)")).line("algo-1", T1, "[INFO] train acc=0.9 done");
        assertThat(samples).containsExactly(new MetricSample("algo-1", "acc", T1, 0.9));
    }

    @Test
    void linesWhoseGroupIsNoNumberGiveNoValue() {
        MetricExtractor e = extractor(new MetricDefinition("loss", "loss=(\\S*)"));
        e.line("algo-1", T1, "loss=nan");
        e.line("algo-1", T1, "loss=inf");
        e.line("algo-1", T1, "loss=abc");
        e.line("algo-1", T1, "loss=");
        e.line("algo-1", T1, "nothing here");
        assertThat(samples).isEmpty();
    }

    @Test
    void aRegexWithoutAGroupOrWithAnUnmatchedGroupGivesNoValue() {
        MetricExtractor e = extractor(new MetricDefinition("nogroup", "loss=\\d+"),
                new MetricDefinition("optional", "loss=\\d+(x(\\d+))?"));
        e.line("algo-1", T1, "loss=5");
        assertThat(samples).isEmpty();
    }

    @Test
    void everyMatchingLineIsASampleInOrderSoTheLastIsTheLatestValue() {
        MetricExtractor e = extractor(new MetricDefinition("loss", "loss=([0-9.]+)"));
        e.line("algo-1", T1, "loss=0.5");
        e.line("algo-1", T2, "loss=0.25");
        assertThat(samples).extracting(MetricSample::value).containsExactly(0.5, 0.25);
        assertThat(samples.get(samples.size() - 1).timestamp()).isEqualTo(T2);
    }

    @Test
    void noDefinitionsListenToNothing() {
        assertThat(MetricExtractor.of(List.of(), samples::add)).isSameAs(TrainingLogListener.NONE);
    }
}
