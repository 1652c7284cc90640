package dev.sagebox.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.core.SageboxException;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a request body against its operation's input shape the way AWS does: first JSON types (a mismatch is a
 * SerializationException), then the model's constraints, all violations reported in one ValidationException.
 * Members the model does not know are ignored, so newer and older SDKs both work. Thread-safe.
 */
public final class RequestValidator {
    private final ServiceModel model;

    public RequestValidator(ServiceModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * Validates {@code body} (a missing body or JSON null counts as {@code {}}) for {@code operation}, which must be
     * known to the model ({@link ServiceModel#hasOperation}); throws {@link SageboxException} with
     * SerializationException or ValidationException.
     */
    public void validate(String operation, JsonNode body) {
        ServiceModel.Operation op = model.operation(operation)
                .orElseThrow(() -> new IllegalArgumentException("unknown operation " + operation));
        JsonNode input = body == null || body.isMissingNode() || body.isNull() ? null : body;
        if (input != null && !input.isObject()) {
            throw TypeCheck.mismatch(input, "a Structure");
        }
        if (op.input().isEmpty()) {
            return;
        }
        // One walk does both passes: a type mismatch anywhere throws at once, so constraint violations found
        // before it are never reported, exactly as if types had been checked first.
        Walk walk = new Walk();
        walk.structure(op.input().get(), input);
        walk.violations.throwIfAny();
    }

    /** The state of one validation: where in the document it is, and what it found. */
    private static final class Walk {
        private final MemberPath path = new MemberPath();
        private final Violations violations = new Violations();

        /** {@code node} null means an absent structure body: only required members can be reported. */
        void structure(StructureShape shape, JsonNode node) {
            for (StructureShape.Member member : shape.members()) {
                JsonNode value = node == null ? null : node.get(member.name());
                path.push(member.pathName());
                if (value == null || value.isNull()) {
                    if (member.required()) {
                        violations.add(path, null, null, Phrases.NOT_NULL);
                    }
                } else {
                    value(member.shape(), value);
                }
                path.pop();
            }
        }

        void value(Shape shape, JsonNode node) {
            if (shape instanceof StructureShape s) {
                TypeCheck.requireObject(node, "a Structure");
                structure(s, node);
            } else if (shape instanceof StringShape s) {
                TypeCheck.requireString(node);
                String text = node.textValue();
                if (!s.satisfiedBy(text)) {
                    violations.addEach(path, node, s, (v, out) -> s.check(v.textValue(), out));
                }
            } else if (shape instanceof NumberShape n) {
                TypeCheck.requireNumber(node, n.kind());
                if (!n.satisfiedBy(node)) {
                    violations.addEach(path, node, n, n::check);
                }
            } else if (shape instanceof ScalarShape s) {
                TypeCheck.requireScalar(node, s.kind());
            } else if (shape instanceof ListShape l) {
                list(l, node);
            } else if (shape instanceof MapShape m) {
                map(m, node);
            }
        }

        private void list(ListShape shape, JsonNode node) {
            TypeCheck.requireArray(node);
            checkSize(shape, node, shape.minLength(), shape.maxLength());
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                path.pushItem(i);
                if (item.isNull()) {
                    violations.add(path, null, null, Phrases.NOT_NULL);
                } else {
                    value(shape.member(), item);
                }
                path.pop();
            }
        }

        private void map(MapShape shape, JsonNode node) {
            TypeCheck.requireObject(node, "a Map");
            checkSize(shape, node, shape.minLength(), shape.maxLength());
            boolean badKey = false;
            boolean badValue = false;
            boolean nullValue = false;
            boolean scalarValues = shape.value() instanceof StringShape || shape.value() instanceof NumberShape;
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                badKey |= !shape.key().satisfiedBy(entry.getKey());
                JsonNode value = entry.getValue();
                if (value.isNull()) {
                    nullValue = true;
                } else if (scalarValues) {
                    badValue |= !scalarSatisfied(shape.value(), value);
                } else {
                    path.push(entry.getKey());
                    value(shape.value(), value);
                    path.pop();
                }
            }
            // AWS reports a map's keys once and its values once, keys first, each with the shape's every constraint.
            if (badKey) {
                violations.add(path, node, shape, "Map keys must satisfy constraint: " + shape.keyConstraints());
            }
            if (badValue || nullValue) {
                String constraints = shape.valueConstraints();
                if (nullValue) {
                    constraints = constraints.length() == 2 ? "[" + Phrases.NOT_NULL + "]"
                            : constraints.substring(0, constraints.length() - 1) + ", " + Phrases.NOT_NULL + "]";
                }
                violations.add(path, node, shape, "Map value must satisfy constraint: " + constraints);
            }
        }

        private boolean scalarSatisfied(Shape shape, JsonNode value) {
            if (shape instanceof StringShape s) {
                TypeCheck.requireString(value);
                return s.satisfiedBy(value.textValue());
            }
            NumberShape n = (NumberShape) shape;
            TypeCheck.requireNumber(value, n.kind());
            return n.satisfiedBy(value);
        }

        private void checkSize(Shape shape, JsonNode node, int min, int max) {
            if (max != StringShape.NO_LIMIT && node.size() > max) {
                violations.add(path, node, shape, Phrases.maxLength(max));
            }
            if (min != StringShape.NO_LIMIT && node.size() < min) {
                violations.add(path, node, shape, Phrases.minLength(min));
            }
        }
    }
}
