package dev.sagebox.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The botocore SageMaker service model Sagebox serves, loaded once: which operations exist, their input and output
 * shape names, and every input shape compiled for {@link RequestValidator} (patterns precompiled, bounds parsed).
 */
public final class ServiceModel {
    /** The model subset on the classpath, next to this class. */
    public static final String RESOURCE = "sagemaker-2017-07-24.json";

    private final Map<String, Operation> operations;
    private final Map<String, Shape> shapes;

    private ServiceModel(Map<String, Operation> operations, Map<String, Shape> shapes) {
        this.operations = Map.copyOf(operations);
        this.shapes = Map.copyOf(shapes);
    }

    /** Loads {@value #RESOURCE} from the classpath. */
    public static ServiceModel load() {
        try (InputStream in = ServiceModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("service model " + RESOURCE + " is not on the classpath");
            }
            return load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a botocore service-2.json document. */
    public static ServiceModel load(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode shapeNodes = root.path("shapes");
        Map<String, Shape> shapes = new HashMap<>();
        Map<String, Pattern> compiled = new HashMap<>();
        shapeNodes.properties().forEach(e -> shapes.put(e.getKey(), create(e.getKey(), e.getValue(), compiled)));
        shapeNodes.properties().forEach(e -> link(shapes.get(e.getKey()), e.getValue(), shapes));

        Map<String, Operation> operations = new HashMap<>();
        root.path("operations").properties().forEach(e -> {
            JsonNode op = e.getValue();
            Optional<StructureShape> input = shapeName(op.path("input"))
                    .map(name -> (StructureShape) resolve(name, shapes));
            operations.put(e.getKey(), new Operation(e.getKey(), input, shapeName(op.path("output"))));
        });
        return new ServiceModel(operations, shapes);
    }

    public boolean hasOperation(String operation) {
        return operations.containsKey(operation);
    }

    public Set<String> operationNames() {
        return new TreeSet<>(operations.keySet());
    }

    /** The input shape's name, empty for an unknown operation or one without input. */
    public Optional<String> inputShapeName(String operation) {
        return Optional.ofNullable(operations.get(operation)).flatMap(o -> o.input().map(StructureShape::name));
    }

    /** The output shape's name, empty for an unknown operation or one that answers with an empty body. */
    public Optional<String> outputShapeName(String operation) {
        return Optional.ofNullable(operations.get(operation)).flatMap(Operation::outputShape);
    }

    Optional<Operation> operation(String operation) {
        return Optional.ofNullable(operations.get(operation));
    }

    /** Every string shape that carries a pattern, for tests that check the compiled patterns. */
    List<StringShape> patternedStrings() {
        List<StringShape> patterned = new ArrayList<>();
        for (Shape shape : shapes.values()) {
            if (shape instanceof StringShape s && s.pattern() != null) {
                patterned.add(s);
            }
        }
        return patterned;
    }

    private static Shape create(String name, JsonNode node, Map<String, Pattern> compiled) {
        String type = node.path("type").asText();
        return switch (type) {
            case "structure" -> new StructureShape(name);
            case "list" -> new ListShape(name, length(node, "min"), length(node, "max"));
            case "map" -> new MapShape(name, length(node, "min"), length(node, "max"));
            case "string" -> string(name, node, compiled);
            case "integer" -> number(name, node, NumberShape.Kind.INTEGER);
            case "long" -> number(name, node, NumberShape.Kind.LONG);
            case "float" -> number(name, node, NumberShape.Kind.FLOAT);
            case "double" -> number(name, node, NumberShape.Kind.DOUBLE);
            case "boolean" -> new ScalarShape(name, ScalarShape.Kind.BOOLEAN);
            case "timestamp" -> new ScalarShape(name, ScalarShape.Kind.TIMESTAMP);
            case "blob" -> new ScalarShape(name, ScalarShape.Kind.BLOB);
            default -> throw new IllegalArgumentException("shape " + name + " has unsupported type " + type);
        };
    }

    private static StringShape string(String name, JsonNode node, Map<String, Pattern> compiled) {
        Pattern pattern = null;
        String patternText = null;
        if (node.hasNonNull("pattern")) {
            String modelPattern = node.get("pattern").asText();
            // Many shapes share a pattern; compile each text once.
            pattern = compiled.computeIfAbsent(modelPattern, ModelPatterns::compile);
            patternText = ModelPatterns.display(modelPattern);
        }
        List<String> enumValues = new ArrayList<>();
        node.path("enum").forEach(v -> enumValues.add(v.asText()));
        return new StringShape(name, length(node, "min"), length(node, "max"), pattern, patternText, enumValues,
                new HashSet<>(enumValues));
    }

    private static NumberShape number(String name, JsonNode node, NumberShape.Kind kind) {
        JsonNode min = node.get("min");
        JsonNode max = node.get("max");
        return new NumberShape(name, kind, min == null ? null : min.decimalValue(), min == null ? null : min.asText(),
                max == null ? null : max.decimalValue(), max == null ? null : max.asText());
    }

    private static int length(JsonNode node, String bound) {
        return node.has(bound) ? node.get(bound).intValue() : StringShape.NO_LIMIT;
    }

    private static void link(Shape shape, JsonNode node, Map<String, Shape> shapes) {
        if (shape instanceof StructureShape structure) {
            Set<String> required = new LinkedHashSet<>();
            node.path("required").forEach(r -> required.add(r.asText()));
            List<StructureShape.Member> members = new ArrayList<>();
            node.path("members").properties().forEach(m -> members.add(new StructureShape.Member(m.getKey(),
                    pathName(m.getKey()), required.contains(m.getKey()),
                    resolve(m.getValue().path("shape").asText(), shapes))));
            structure.link(members);
        } else if (shape instanceof ListShape list) {
            list.link(resolve(node.path("member").path("shape").asText(), shapes));
        } else if (shape instanceof MapShape map) {
            Shape key = resolve(node.path("key").path("shape").asText(), shapes);
            if (!(key instanceof StringShape keyShape)) {
                throw new IllegalArgumentException("map " + map.name() + " has a non-string key shape " + key.name());
            }
            map.link(keyShape, resolve(node.path("value").path("shape").asText(), shapes));
        }
    }

    private static Shape resolve(String name, Map<String, Shape> shapes) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("the model refers to a missing shape " + name);
        }
        return shape;
    }

    /** AWS writes member paths with the first letter lower-cased: ModelName → modelName, S3Uri → s3Uri. */
    static String pathName(String memberName) {
        return memberName.isEmpty() ? memberName
                : memberName.substring(0, 1).toLowerCase(Locale.ROOT) + memberName.substring(1);
    }

    private static Optional<String> shapeName(JsonNode ref) {
        return ref.hasNonNull("shape") ? Optional.of(ref.get("shape").asText()) : Optional.empty();
    }

    /** One operation: its input structure (if any) and its output shape's name (if any). */
    record Operation(String name, Optional<StructureShape> input, Optional<String> outputShape) {
    }

    @Override
    public String toString() {
        return "ServiceModel[" + operations.size() + " operations, " + shapes.size() + " shapes]";
    }
}
