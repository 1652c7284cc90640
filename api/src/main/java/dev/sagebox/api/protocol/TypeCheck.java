package dev.sagebox.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;

/** Builds the SerializationException texts of AWS JSON services for a value of the wrong JSON type. */
final class TypeCheck {
    private TypeCheck() {
    }

    static void requireObject(JsonNode node, String target) {
        if (!node.isObject()) {
            throw mismatch(node, target);
        }
    }

    static void requireArray(JsonNode node) {
        if (!node.isArray()) {
            throw mismatch(node, "a List");
        }
    }

    static void requireString(JsonNode node) {
        if (!node.isTextual()) {
            throw mismatch(node, "a String");
        }
    }

    static void requireNumber(JsonNode node, NumberShape.Kind kind) {
        if (!node.isNumber() || !kind.accepts(node)) {
            throw mismatch(node, kind.article());
        }
    }

    static void requireScalar(JsonNode node, ScalarShape.Kind kind) {
        boolean ok = switch (kind) {
            case BOOLEAN -> node.isBoolean();
            case TIMESTAMP -> node.isNumber();
            case BLOB -> node.isTextual();
        };
        if (!ok) {
            throw mismatch(node, kind.article());
        }
    }

    static SageboxException mismatch(JsonNode node, String target) {
        String message;
        if (node.isObject()) {
            message = "Start of structure or map found where not expected.";
        } else if (node.isArray()) {
            message = "Start of list found where not expected.";
        } else {
            message = token(node) + " can not be converted to " + target;
        }
        return new SageboxException(ErrorCode.SERIALIZATION_EXCEPTION, message);
    }

    /** The JSON token names AWS's parser uses in these messages. */
    private static String token(JsonNode node) {
        if (node.isTextual()) {
            return "STRING_VALUE";
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "TRUE_VALUE" : "FALSE_VALUE";
        }
        if (node.isIntegralNumber()) {
            return "NUMBER_VALUE";
        }
        if (node.isNumber()) {
            return "DECIMAL_VALUE";
        }
        return "NULL_VALUE";
    }
}
