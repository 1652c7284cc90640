package dev.sagebox.api.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the SigV4 canonical request the way non-S3 clients (botocore, AWS SDK for Java v2) do: the path is
 * normalised and URI-encoded a second time, the query re-encoded and sorted, and the canonical headers are made of
 * exactly the signed header names with their received values trimmed, inner whitespace collapsed and repeated
 * values comma-joined.
 */
final class CanonicalRequest {
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private CanonicalRequest() {
    }

    static String build(SignedRequest request, AuthorizationHeader auth, String payloadHash) {
        StringBuilder out = new StringBuilder(256 + 64 * auth.signedHeaderNames().length);
        out.append(request.method()).append('\n');
        appendUri(out, request.rawPath());
        out.append('\n');
        appendQuery(out, request.rawQuery());
        out.append('\n');
        for (String name : auth.signedHeaderNames()) {
            out.append(name).append(':');
            appendHeaderValues(out, request.headers().values(name));
            out.append('\n');
        }
        out.append('\n').append(auth.signedHeaders()).append('\n').append(payloadHash);
        return out.toString();
    }

    static void appendUri(StringBuilder out, String rawPath) {
        String path = needsNormalising(rawPath) ? normalise(rawPath) : rawPath;
        if (path.isEmpty()) {
            out.append('/');
            return;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' || isUnreserved(c)) {
                out.append(c);
            } else {
                i = appendEncoded(out, path, i);
            }
        }
    }

    /** True when the path has empty, "." or ".." segments; the common "/" and "/endpoints/x/invocations" do not. */
    private static boolean needsNormalising(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return true;
        }
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (path.charAt(i - 1) == '/' && (c == '/' || c == '.')) {
                return true;
            }
        }
        return false;
    }

    /** botocore's remove_dot_segments, which also drops empty segments (AWS services collapse "//"). */
    private static String normalise(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
            } else {
                segments.add(segment);
            }
        }
        String joined = String.join("/", segments);
        boolean trailingSlash = !segments.isEmpty() && path.endsWith("/");
        return "/" + joined + (trailingSlash ? "/" : "");
    }

    static void appendQuery(StringBuilder out, String rawQuery) {
        if (rawQuery.isEmpty()) {
            return;
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
        }
        pairs.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                out.append('&');
            }
            out.append(pairs.get(i)[0]).append('=').append(pairs.get(i)[1]);
        }
    }

    /** Trims each value, collapses inner whitespace runs to one space, and joins repeated headers with commas. */
    static void appendHeaderValues(StringBuilder out, List<String> values) {
        for (int v = 0; v < values.size(); v++) {
            if (v > 0) {
                out.append(',');
            }
            String value = values.get(v);
            boolean pendingSpace = false;
            boolean started = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
                    pendingSpace = started;
                } else {
                    if (pendingSpace) {
                        out.append(' ');
                        pendingSpace = false;
                    }
                    out.append(c);
                    started = true;
                }
            }
        }
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    static String encode(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnreserved(c)) {
                if (out != null) {
                    out.append(c);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                i = appendEncoded(out, text, i);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Percent-encodes the code point at {@code index} as UTF-8; returns the index of its last char. */
    private static int appendEncoded(StringBuilder out, String text, int index) {
        int codePoint = text.codePointAt(index);
        byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            out.append('%').append(HEX_UPPER[(b >> 4) & 0xF]).append(HEX_UPPER[b & 0xF]);
        }
        return index + Character.charCount(codePoint) - 1;
    }

    /** Percent-decodes as UTF-8; a stray '%' stays literal, and '+' stays '+' because SigV4 clients send %20. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%' && isEscape(text, i)) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) << 4 | Character.digit(text.charAt(i + 2), 16));
                i += 3;
            } else {
                int next = text.indexOf('%', i + 1);
                int end = next < 0 ? text.length() : next;
                byte[] literal = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
                bytes.write(literal, 0, literal.length);
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isEscape(String text, int percent) {
        return percent + 2 < text.length()
                && Character.digit(text.charAt(percent + 1), 16) >= 0
                && Character.digit(text.charAt(percent + 2), 16) >= 0;
    }
}
