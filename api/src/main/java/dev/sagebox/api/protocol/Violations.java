package dev.sagebox.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** The constraint violations of one request, in walk order, and the one ValidationException that reports them. */
final class Violations {
    private List<String> items;

    /** {@code value} null renders as AWS's {@code Value null}; otherwise the value is quoted. */
    void add(MemberPath path, JsonNode value, Shape shape, String constraint) {
        if (items == null) {
            items = new ArrayList<>(4);
        }
        String rendered = value == null ? "null" : "'" + ValueText.render(value, shape) + "'";
        items.add("Value " + rendered + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    /** Adds one item per constraint {@code check} reports for {@code value}. */
    void addEach(MemberPath path, JsonNode value, Shape shape, BiConsumer<JsonNode, List<String>> check) {
        List<String> constraints = new ArrayList<>(2);
        check.accept(value, constraints);
        for (String constraint : constraints) {
            add(path, value, shape, constraint);
        }
    }

    void throwIfAny() {
        if (items == null) {
            return;
        }
        String head = items.size() == 1 ? "1 validation error detected: "
                : items.size() + " validation errors detected: ";
        throw new SageboxException(ErrorCode.VALIDATION_EXCEPTION, head + String.join("; ", items));
    }
}
