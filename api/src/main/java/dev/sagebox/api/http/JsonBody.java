package dev.sagebox.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.io.IOException;

/** An AWS JSON request body as a tree: an empty body is an empty object, as AWS reads it. */
public final class JsonBody {
    private JsonBody() {
    }

    public static JsonNode parse(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new SageboxException(ErrorCode.SERIALIZATION_EXCEPTION, "Request body is not valid JSON.");
        }
    }
}
