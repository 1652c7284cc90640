package dev.sagebox.hosting.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** JSON records: parse, select, join with an answer, write compact. */
final class JsonRecords {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonRecords() {
    }

    /** The record parsed; IllegalStateException naming {@code what} when it is not JSON. */
    static JsonNode parse(byte[] bytes, String what) {
        JsonNode node = tryParse(bytes);
        if (node == null) {
            throw new IllegalStateException(what + " is not JSON: " + abbreviate(bytes));
        }
        return node;
    }

    /** The answer as JSON if it parses, else as a string (so a plain-text prediction still joins). */
    static JsonNode parseLenient(byte[] bytes) {
        JsonNode node = tryParse(bytes);
        return node != null ? node : JsonNodeFactory.instance.textNode(new String(bytes, StandardCharsets.UTF_8).strip());
    }

    static byte[] select(byte[] bytes, JsonPath path) {
        return write(path.select(parse(bytes, "The record")));
    }

    /** SageMaker's join: the answer as member SageMakerOutput of an object record, else both wrapped. */
    static JsonNode join(byte[] input, byte[] answer) {
        JsonNode record = parse(input, "With JoinSource Input and JSON content, the record");
        JsonNode output = parseLenient(answer);
        if (record instanceof ObjectNode object) {
            object.set("SageMakerOutput", output);
            return object;
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.set("SageMakerInput", record);
        wrapped.set("SageMakerOutput", output);
        return wrapped;
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private static JsonNode tryParse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 80), StandardCharsets.UTF_8);
        return bytes.length > 80 ? text + "..." : text;
    }
}
