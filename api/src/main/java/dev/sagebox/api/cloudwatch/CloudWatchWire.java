package dev.sagebox.api.cloudwatch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.sagebox.api.http.FormBody;
import dev.sagebox.api.http.QueryDocument;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * CloudWatch's three wires: AWS query (form in, XML out; the AWS CLI 2.9 and the Java SDK 2.40), AWS JSON 1.0 and
 * Smithy RPC v2 CBOR (botocore 1.40 and newer), each turned into and out of the member trees {@link MetricQueries}
 * works on. Timestamps leave as ISO 8601 text, epoch seconds, and CBOR tag 1 epoch seconds.
 */
public enum CloudWatchWire {
    QUERY("text/xml"),
    JSON_1_0("application/x-amz-json-1.0"),
    RPC_V2_CBOR("application/cbor");

    static final String XML_NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private final String contentType;

    CloudWatchWire(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The request's members; the query protocol's {@code A.member.1.B} become lists and structures. */
    public JsonNode read(byte[] body) {
        try {
            return switch (this) {
                case QUERY -> QueryDocument.members(FormBody.parse(body));
                case JSON_1_0 -> body.length == 0 ? JsonNodeFactory.instance.objectNode() : JSON.readTree(body);
                case RPC_V2_CBOR -> body.length == 0 ? JsonNodeFactory.instance.objectNode() : CBOR.readTree(body);
            };
        } catch (IOException e) {
            throw new SageboxException(ErrorCode.SERIALIZATION_EXCEPTION, "The request body could not be read as "
                    + name() + ": " + e.getMessage());
        }
    }

    /** The answer of {@code operation} as this wire sends it. */
    public byte[] write(String operation, ObjectNode result, String requestId) {
        try {
            return switch (this) {
                case QUERY -> xml(operation, result, requestId).getBytes(StandardCharsets.UTF_8);
                case JSON_1_0 -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                        write(g, result);
                    }
                    yield out.toByteArray();
                }
                case RPC_V2_CBOR -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (JsonGenerator g = CBOR.getFactory().createGenerator(out)) {
                        write(g, result);
                    }
                    yield out.toByteArray();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant t) {
            if (g instanceof CBORGenerator cbor) {
                cbor.writeTag(1);
            }
            g.writeNumber(t.toEpochMilli() / 1000.0);
        } else if (node.isObject()) {
            g.writeStartObject();
            for (Map.Entry<String, JsonNode> f : node.properties()) {
                g.writeFieldName(f.getKey());
                write(g, f.getValue());
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode n : node) {
                write(g, n);
            }
            g.writeEndArray();
        } else if (node.isDouble() && !Double.isFinite(node.asDouble())) {
            g.writeNumber(0.0);
        } else {
            g.writeTree(node);
        }
    }

    private static String xml(String operation, ObjectNode result, String requestId) {
        // The one map of these answers: ExtendedStatistics, entries of key and value.
        return QueryDocument.response(operation, XML_NAMESPACE, result, requestId, Set.of("ExtendedStatistics"));
    }
}
