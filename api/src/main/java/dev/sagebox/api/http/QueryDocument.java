package dev.sagebox.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The AWS query protocol's documents as member trees: a form's flattened members ({@code A.member.2.B=x}) in, an
 * {@code <OpResponse><OpResult>…</OpResult><ResponseMetadata/></OpResponse>} XML answer out (lists as
 * {@code member} elements, timestamps as ISO 8601). Shared by the query services (CloudWatch, IAM).
 */
public final class QueryDocument {
    private QueryDocument() {
    }

    /** {@code Dimensions.member.2.Name=x} → {@code {"Dimensions": [_, {"Name": "x"}]}}; Action and Version go. */
    public static ObjectNode members(Map<String, String> form) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> e : new TreeMap<>(form).entrySet()) {
            if (e.getKey().equals("Action") || e.getKey().equals("Version")) {
                continue;
            }
            String[] parts = e.getKey().split("\\.");
            JsonNode at = root;
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                if (parts[i].equals("member") && i + 1 < parts.length && at instanceof ArrayNode list) {
                    int index = memberIndex(e.getKey(), parts[++i]);
                    while (list.size() <= index) {
                        list.addObject();
                    }
                    if (i == parts.length - 1) {
                        list.set(index, JsonNodeFactory.instance.textNode(e.getValue()));
                    } else {
                        at = list.get(index);
                    }
                    continue;
                }
                if (!(at instanceof ObjectNode object)) {
                    throw malformed(e.getKey());
                }
                if (last) {
                    object.put(parts[i], e.getValue());
                } else if (parts[i + 1].equals("member")) {
                    at = object.has(parts[i]) ? object.get(parts[i]) : object.putArray(parts[i]);
                } else {
                    at = object.has(parts[i]) ? object.get(parts[i]) : object.putObject(parts[i]);
                }
            }
        }
        return root;
    }

    /**
     * The XML answer of {@code operation}: {@code result}'s members inside {@code <OpResult>}; objects named in
     * {@code maps} are written as query maps ({@code entry}, {@code key}, {@code value}).
     */
    public static String response(String operation, String namespace, ObjectNode result, String requestId,
            Set<String> maps) {
        StringBuilder out = new StringBuilder();
        out.append('<').append(operation).append("Response xmlns=\"").append(namespace).append("\">\n<")
                .append(operation).append("Result>");
        result.properties().forEach(f -> element(out, f.getKey(), f.getValue(), maps));
        out.append("</").append(operation).append("Result>\n<ResponseMetadata><RequestId>")
                .append(Xml.escape(requestId)).append("</RequestId></ResponseMetadata>\n</").append(operation)
                .append("Response>\n");
        return out.toString();
    }

    private static void element(StringBuilder out, String name, JsonNode node, Set<String> maps) {
        out.append('<').append(name).append('>');
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof Instant t) {
            out.append(t);
        } else if (node.isObject() && maps.contains(name)) {
            node.properties().forEach(e -> {
                out.append("<entry><key>").append(Xml.escape(e.getKey())).append("</key>");
                element(out, "value", e.getValue(), maps);
                out.append("</entry>");
            });
        } else if (node.isObject()) {
            node.properties().forEach(f -> element(out, f.getKey(), f.getValue(), maps));
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                element(out, "member", n, maps);
            }
        } else {
            out.append(Xml.escape(node.asText()));
        }
        out.append("</").append(name).append(">");
    }

    private static int memberIndex(String key, String text) {
        try {
            int index = Integer.parseInt(text);
            if (index >= 1 && index <= 10_000) {
                return index - 1;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw malformed(key);
    }

    private static SageboxException malformed(String key) {
        return new SageboxException(ErrorCode.VALIDATION_EXCEPTION,
                "The parameter " + key + " is not a well-formed member of a query-protocol request.");
    }
}
