package dev.sagebox.hosting.transform;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Turns one input object into request payloads, and one payload's response into output bytes. */
public final class TransformRecords {
    /** What a record is, for filters and joins. */
    enum Format { CSV, JSON, OTHER }

    private final SplitType split;
    private final BatchStrategy strategy;
    private final long maxPayloadBytes;
    private final Optional<JsonPath> inputPath;
    private final Optional<JsonPath> outputPath;
    private final boolean join;
    private final Format inputFormat;
    private final Format outputFormat;
    // CSV and JSON Lines hold one record per line even when the object is not split.
    private final boolean lineContent;

    public TransformRecords(SplitType split, BatchStrategy strategy, long maxPayloadBytes, DataProcessing processing,
                            Optional<String> contentType, Optional<String> accept) {
        this.split = Objects.requireNonNull(split, "split");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(processing, "processing");
        if (maxPayloadBytes < 0) {
            throw new IllegalArgumentException("maxPayloadBytes must not be negative: " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
        processing.problem().ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        this.inputPath = processing.inputPath();
        this.outputPath = processing.outputPath();
        this.join = processing.joinSource() == JoinSource.INPUT;
        this.inputFormat = format(contentType, split);
        Format accepted = format(accept, SplitType.NONE);
        this.outputFormat = join || accepted == Format.OTHER ? inputFormat : accepted;
        this.lineContent = split == SplitType.LINE || inputFormat == Format.CSV
                || contentType.map(t -> t.toLowerCase(Locale.ROOT).contains("jsonlines")).orElse(false);
        check();
    }

    /** Lazily reads the object's records (streaming: never the whole object in memory) and groups them into payloads. */
    public Iterator<Payload> payloads(InputStream object) {
        Objects.requireNonNull(object, "object");
        // An input filter may shrink a record below the limit, so only unfiltered records are cut short while read.
        long readLimit = inputPath.isPresent() ? 0 : maxPayloadBytes;
        return new PayloadIterator(RecordReader.of(split, object, readLimit),
                strategy == BatchStrategy.MULTI_RECORD, split == SplitType.LINE, maxPayloadBytes, this::filterInput);
    }

    /** The output for one payload: the response, split per record when needed, joined with the input (JoinSource Input), output-filtered. */
    public byte[] output(Payload payload, byte[] response) {
        Objects.requireNonNull(response, "response");
        if (!join && outputPath.isEmpty()) {
            return response;
        }
        List<byte[]> inputs = inputRows(payload);
        if (inputs.size() <= 1) {
            return process(inputs.isEmpty() ? new byte[0] : inputs.get(0), LineReader.chomp(response));
        }
        List<byte[]> answers = LineReader.split(response);
        if (join && answers.size() != inputs.size()) {
            throw new IllegalStateException("The model answered " + answers.size() + " lines for a payload of "
                    + inputs.size() + " records; JoinSource Input needs one line of answer per record");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(response.length * 2 + 16);
        for (int i = 0; i < answers.size(); i++) {
            byte[] row = process(join ? inputs.get(i) : null, answers.get(i));
            out.write(row, 0, row.length);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private byte[] process(byte[] input, byte[] answer) {
        if (outputFormat == Format.CSV) {
            byte[] row = join ? CsvRow.join(input, answer) : answer;
            return outputPath.isPresent() ? CsvRow.select(row, outputPath.get()) : row;
        }
        JsonNode node = join ? JsonRecords.join(input, answer) : JsonRecords.parse(answer, "The model's answer");
        return JsonRecords.write(outputPath.isPresent() ? outputPath.get().select(node) : node);
    }

    private List<byte[]> inputRows(Payload payload) {
        if (split == SplitType.NONE && lineContent && payload.records().size() == 1) {
            return LineReader.split(payload.records().get(0));
        }
        return payload.records();
    }

    private byte[] filterInput(byte[] record) {
        if (inputPath.isEmpty()) {
            return record;
        }
        if (split == SplitType.NONE && lineContent) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(record.length);
            for (byte[] line : LineReader.split(record)) {
                byte[] filtered = filterRow(line);
                out.write(filtered, 0, filtered.length);
                out.write('\n');
            }
            return out.toByteArray();
        }
        return filterRow(record);
    }

    private byte[] filterRow(byte[] row) {
        return inputFormat == Format.CSV ? CsvRow.select(row, inputPath.get()) : JsonRecords.select(row, inputPath.get());
    }

    private void check() {
        boolean processing = join || inputPath.isPresent() || outputPath.isPresent();
        if (processing && split != SplitType.NONE && split != SplitType.LINE) {
            throw new IllegalArgumentException("DataProcessing works on CSV and JSON records; SplitType "
                    + split.wireName() + " records are neither");
        }
        if ((join || inputPath.isPresent()) && inputFormat == Format.OTHER) {
            throw new IllegalArgumentException(
                    "DataProcessing needs CSV or JSON input: set ContentType to text/csv or application/json");
        }
        if (outputPath.isPresent() && outputFormat == Format.OTHER) {
            throw new IllegalArgumentException(
                    "OutputFilter needs CSV or JSON output: set Accept or ContentType to text/csv or application/json");
        }
        requireIndexOnly(inputPath, inputFormat, "InputFilter");
        requireIndexOnly(outputPath, outputFormat, "OutputFilter");
    }

    private static void requireIndexOnly(Optional<JsonPath> path, Format format, String field) {
        if (path.isPresent() && format == Format.CSV && !path.get().isIndexOnly()) {
            throw new IllegalArgumentException(field + " " + path.get()
                    + " selects by name, but a CSV row is an array: use indexes such as $[1:]");
        }
    }

    private static Format format(Optional<String> mimeType, SplitType split) {
        if (mimeType.isEmpty() || mimeType.get().isBlank()) {
            return split == SplitType.LINE ? Format.CSV : Format.OTHER;
        }
        String type = mimeType.get().toLowerCase(Locale.ROOT);
        if (type.contains("json")) {
            return Format.JSON;
        }
        return type.contains("csv") ? Format.CSV : Format.OTHER;
    }
}
