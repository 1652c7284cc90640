package dev.sagebox.runner;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a job's MetricDefinitions to every line its hosts write: where a definition's regex is found in a line, its
 * first group, read as a double, is one sample of that metric stamped with the line's time. Lines whose group is not
 * a number (or that match without a group) give no sample, as in SageMaker.
 */
public final class MetricExtractor implements TrainingLogListener {
    private final List<Compiled> definitions;
    private final Consumer<MetricSample> samples;

    /** @param samples hears each sample on the calling log thread; must be quick */
    public MetricExtractor(List<MetricDefinition> definitions, Consumer<MetricSample> samples) {
        this.definitions = definitions.stream().map(d -> new Compiled(d.name(), Pattern.compile(d.regex()))).toList();
        this.samples = samples;
    }

    /** The listener for {@code definitions}: {@link TrainingLogListener#NONE} when there are none. */
    public static TrainingLogListener of(List<MetricDefinition> definitions, Consumer<MetricSample> samples) {
        return definitions.isEmpty() ? TrainingLogListener.NONE : new MetricExtractor(definitions, samples);
    }

    @Override
    public void line(String host, Instant timestamp, String line) {
        for (Compiled d : definitions) {
            Matcher m = d.pattern().matcher(line);
            if (!m.find() || m.groupCount() < 1 || m.group(1) == null) {
                continue;
            }
            parse(m.group(1).strip()).ifPresent(v -> samples.accept(new MetricSample(host, d.name(), timestamp, v)));
        }
    }

    private static OptionalDouble parse(String text) {
        try {
            double value = Double.parseDouble(text);
            // CloudWatch cannot hold NaN or infinities; a log line saying "loss=nan" is no value.
            return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    private record Compiled(String name, Pattern pattern) {
    }
}
