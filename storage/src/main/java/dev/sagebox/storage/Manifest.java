package dev.sagebox.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A SageMaker ManifestFile: a prefix and object keys relative to it, in the order given. */
record Manifest(S3Location prefix, List<String> suffixes) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String EXPECTED = "expected a JSON array whose first element is"
            + " {\"prefix\": \"s3://bucket/prefix/\"} followed by object keys (strings) relative to that prefix";

    Manifest {
        Objects.requireNonNull(prefix, "prefix");
        suffixes = List.copyOf(suffixes);
    }

    /** Reads a manifest as a stream (it may list millions of keys) and explains any departure from the format. */
    static Manifest read(InputStream in, S3Location where) throws IOException {
        try (JsonParser json = JSON.createParser(in)) {
            if (json.nextToken() != JsonToken.START_ARRAY) {
                throw malformed(where, "it does not start with '['");
            }
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw malformed(where, "the first element is not an object holding the prefix");
            }
            S3Location prefix = readPrefix(json, where);
            List<String> suffixes = new ArrayList<>();
            JsonToken token;
            while ((token = json.nextToken()) == JsonToken.VALUE_STRING) {
                suffixes.add(json.getText());
            }
            if (token != JsonToken.END_ARRAY) {
                throw malformed(where, "element " + (suffixes.size() + 2) + " is not a string");
            }
            if (json.nextToken() != null) {
                throw malformed(where, "there is more content after the closing ']'");
            }
            return new Manifest(prefix, suffixes);
        } catch (StreamReadException e) {
            throw malformed(where, "it is not valid JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static S3Location readPrefix(JsonParser json, S3Location where) throws IOException {
        String prefix = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            if ("prefix".equals(field) && value == JsonToken.VALUE_STRING) {
                prefix = json.getText();
            } else {
                json.skipChildren();
            }
        }
        if (prefix == null) {
            throw malformed(where, "the first element has no string member \"prefix\"");
        }
        String text = prefix;
        return S3Location.parse(text).orElseThrow(
                () -> malformed(where, "the prefix \"" + text + "\" is not an s3:// URI"));
    }

    private static ChannelResolutionException malformed(S3Location where, String problem) {
        return new ChannelResolutionException(
                "ClientError: Manifest file \"" + where + "\" given in input data source is malformed: " + problem
                        + "; " + EXPECTED + ".");
    }
}
