package dev.sagebox.api.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sagebox.core.ResourceType;
import dev.sagebox.hosting.Endpoint;
import dev.sagebox.hosting.EndpointConfig;
import dev.sagebox.hosting.Model;
import dev.sagebox.hosting.NotebookInstance;
import dev.sagebox.hosting.transform.TransformJob;
import dev.sagebox.scheduler.TrainingJob;
import dev.sagebox.scheduler.processing.ProcessingJob;
import dev.sagebox.scheduler.tuning.HyperParameterTuningJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The stored record format, held to golden fixtures: {@code src/test/resources/record-formats/<type>/<n>.json} are
 * documents as Sagebox stored them, oldest first, and are never edited. Every build must read each of them without
 * losing a member, and must write the newest one back exactly. When a test here fails because a record's shape
 * changed: a field added keeps the old fixtures readable, so record the new shape as the next fixture with
 * {@code mvn -pl api test -Dtest=RecordFormatFixtures -Dsagebox.writeRecordFixtures=true}; a field renamed or retyped
 * needs a step in {@link DocumentUpgrades} first, or documents in users' homes would lose it.
 */
class RecordFormatTest {
    static final Path FIXTURES = Path.of("src/test/resources/record-formats");
    static final Map<ResourceType, Class<?>> RECORDS = new EnumMap<>(Map.of(
            ResourceType.TRAINING_JOB, TrainingJob.class,
            ResourceType.MODEL, Model.class,
            ResourceType.ENDPOINT_CONFIG, EndpointConfig.class,
            ResourceType.ENDPOINT, Endpoint.class,
            ResourceType.NOTEBOOK_INSTANCE, NotebookInstance.class,
            ResourceType.PROCESSING_JOB, ProcessingJob.class,
            ResourceType.TRANSFORM_JOB, TransformJob.class,
            ResourceType.HYPER_PARAMETER_TUNING_JOB, HyperParameterTuningJob.class));
    static final ObjectMapper JSON = new ObjectMapper();

    private final DocumentCodec codec = new DocumentCodec();

    /** The fixtures of a record type, oldest first. */
    static List<Path> fixtures(ResourceType type) throws IOException {
        Path dir = FIXTURES.resolve(type.arnSegment());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d+\\.json"))
                    .sorted(Comparator.comparingInt(f -> Integer.parseInt(f.getFileName().toString()
                            .replace(".json", ""))))
                    .toList();
        }
    }

    @Test
    void everyRecordTypeHasAFixture() throws IOException {
        for (ResourceType type : ResourceType.values()) {
            assertThat(RECORDS).as("the record class of " + type).containsKey(type);
            assertThat(fixtures(type)).as("fixtures of " + type + " (see this class's comment)").isNotEmpty();
        }
    }

    @TestFactory
    List<DynamicTest> everyStoredShapeStillReadsWithNothingLost() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (ResourceType type : ResourceType.values()) {
            for (Path fixture : fixtures(type)) {
                tests.add(DynamicTest.dynamicTest(type.arnSegment() + "/" + fixture.getFileName(), () -> {
                    Class<?> record = RECORDS.get(type);
                    String stored = Files.readString(fixture, StandardCharsets.UTF_8);
                    ObjectNode upgraded = codec.upgraded(stored, record);
                    JsonNode written = JSON.readTree(codec.write(codec.read(stored, record)));
                    List<String> lost = new ArrayList<>();
                    missing("", upgraded, written, lost);
                    assertThat(lost).as("members of " + fixture + " that reading loses: add a step to DocumentUpgrades"
                            + " (see RecordFormatTest's comment)").isEmpty();
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> theNewestShapeIsWhatThisBuildWrites() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (ResourceType type : ResourceType.values()) {
            List<Path> all = fixtures(type);
            if (all.isEmpty()) {
                continue;
            }
            Path newest = all.get(all.size() - 1);
            tests.add(DynamicTest.dynamicTest(type.arnSegment(), () -> {
                Class<?> record = RECORDS.get(type);
                String stored = Files.readString(newest, StandardCharsets.UTF_8);
                ObjectNode written = (ObjectNode) JSON.readTree(codec.write(codec.read(stored, record)));
                ObjectNode expected = codec.upgraded(stored, record);
                written.remove(DocumentCodec.FORMAT);
                List<String> added = new ArrayList<>();
                missing("", written, expected, added);
                assertThat(added).as("members this build writes that " + newest + " lacks: the shape changed; record"
                        + " it as the next fixture (see RecordFormatTest's comment)").isEmpty();
                assertThat(JSON.readTree(codec.write(codec.read(stored, record))).path(DocumentCodec.FORMAT).asInt())
                        .isEqualTo(codec.format(record));
            }));
        }
        return tests;
    }

    @Test
    void anOlderFormatIsUpgradedStepByStepAndANewerOneRefused() throws Exception {
        record Sample(String name, int count) {
        }
        UnaryOperator<ObjectNode> renameTotal = d -> {
            d.set("count", d.remove("total"));
            return d;
        };
        UnaryOperator<ObjectNode> doubleCount = d -> d.put("count", d.path("count").asInt() * 2);
        DocumentCodec v3 = new DocumentCodec(Map.of(Sample.class, List.of(renameTotal, doubleCount)));

        assertThat(v3.format(Sample.class)).isEqualTo(3);
        assertThat(v3.read("{\"name\":\"a\",\"total\":2}", Sample.class)).isEqualTo(new Sample("a", 4));
        assertThat(v3.read("{\"_format\":2,\"name\":\"a\",\"count\":2}", Sample.class)).isEqualTo(new Sample("a", 4));
        assertThat(v3.write(new Sample("b", 1))).isEqualTo("{\"_format\":3,\"name\":\"b\",\"count\":1}");
        assertThat(v3.read(v3.write(new Sample("b", 1)), Sample.class)).isEqualTo(new Sample("b", 1));
        assertThatThrownBy(() -> new DocumentCodec().read("{\"_format\":4,\"name\":\"a\",\"count\":1}",
                Sample.class)).hasMessage("stored Sample has format 4, newer than the 1 this Sagebox reads: it was"
                        + " written by a newer Sagebox");
    }

    /** Collects the paths of {@code expected}'s members that {@code actual} lacks or holds with another value. */
    static void missing(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                out.add(path + " (was an object)");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(DocumentCodec.FORMAT)) {
                    continue;
                }
                JsonNode there = actual.get(e.getKey());
                if (there == null) {
                    if (!e.getValue().isNull()) {
                        out.add(path + "/" + e.getKey());
                    }
                } else {
                    missing(path + "/" + e.getKey(), e.getValue(), there, out);
                }
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                out.add(path + " (an array of " + expected.size() + ")");
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                missing(path + "/" + i, expected.get(i), actual.get(i), out);
            }
        } else if (!expected.equals(actual)
                && !(expected.isNumber() && actual.isNumber() && expected.asDouble() == actual.asDouble())) {
            out.add(path + " (" + expected + " became " + actual + ")");
        }
    }
}
