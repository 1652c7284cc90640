package dev.sagebox.api.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.io.IOException;

/** An AWS JSON request body as a tree: an empty body is an empty object, as AWS reads it; anything but one object is refused. */
public final class JsonBody {
    private JsonBody() {
    }

    public static JsonNode parse(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        JsonNode tree;
        try {
            // One JSON object and nothing after it: `{} {}` is not a request.
            tree = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        } catch (IOException e) {
            throw new SageboxException(ErrorCode.SERIALIZATION_EXCEPTION, "Request body is not valid JSON.");
        }
        if (tree == null || !tree.isObject()) {
            throw new SageboxException(ErrorCode.SERIALIZATION_EXCEPTION, "Request body must be a JSON object.");
        }
        return tree;
    }
}
