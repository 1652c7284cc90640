package dev.sagebox.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders a value the way AWS shows it in validation messages: strings verbatim, numbers as sent, lists as
 * {@code [a, b]} and maps as {@code {k=v}} (Java's collection forms, which AWS prints), structures as JSON text.
 */
final class ValueText {
    private ValueText() {
    }

    static String render(JsonNode value, Shape shape) {
        StringBuilder out = new StringBuilder();
        append(out, value, shape);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode value, Shape shape) {
        if (value.isTextual()) {
            out.append(value.textValue());
        } else if (value.isArray()) {
            Shape member = shape instanceof ListShape l ? l.member() : null;
            out.append('[');
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                append(out, value.get(i), member);
            }
            out.append(']');
        } else if (value.isObject() && shape instanceof MapShape m) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(field.getKey()).append('=');
                append(out, field.getValue(), m.value());
                if (fields.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }
}
