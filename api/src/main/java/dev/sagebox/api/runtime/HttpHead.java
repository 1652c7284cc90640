package dev.sagebox.api.runtime;

import dev.sagebox.api.auth.RequestHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The head of an HTTP/1.x message as the invocation lane reads it off the wire: the start line and the header fields
 * in arrival order (ISO-8859-1, as HTTP defines them). Anything it does not understand parses to {@code null}, and
 * the lane then leaves the request to Undertow, which answers it as it always did.
 */
final class HttpHead implements RequestHeaders {
    /** The longest head read; a longer one goes to Undertow. */
    static final int MAX_HEAD = 64 * 1024;

    private final String startLine;
    private final String[] names;
    private final String[] values;

    private HttpHead(String startLine, String[] names, String[] values) {
        this.startLine = startLine;
        this.names = names;
        this.values = values;
    }

    /** Where the head that starts at {@code from} ends (just past its empty line), or -1 when it has not all come. */
    static int end(byte[] b, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (b[i + 3] == '\n' && b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r') {
                return i + 4;
            }
        }
        return -1;
    }

    /** The head in {@code b[from, end)} ({@code end} from {@link #end}), or null when it is not plain HTTP/1.x. */
    static HttpHead parse(byte[] b, int from, int end) {
        int lineEnd = lineEnd(b, from, end);
        if (lineEnd <= from) {
            return null;
        }
        String start = new String(b, from, lineEnd - from, StandardCharsets.ISO_8859_1);
        List<String> names = new ArrayList<>(12);
        List<String> values = new ArrayList<>(12);
        int p = lineEnd + 2;
        while (p < end - 2) {
            int e = lineEnd(b, p, end);
            if (b[p] == ' ' || b[p] == '\t') {
                return null; // obsolete line folding
            }
            int colon = p;
            while (colon < e && b[colon] != ':') {
                colon++;
            }
            if (colon == e || colon == p || b[colon - 1] == ' ' || b[colon - 1] == '\t') {
                return null;
            }
            int v = colon + 1;
            int w = e;
            while (v < w && (b[v] == ' ' || b[v] == '\t')) {
                v++;
            }
            while (w > v && (b[w - 1] == ' ' || b[w - 1] == '\t')) {
                w--;
            }
            names.add(new String(b, p, colon - p, StandardCharsets.ISO_8859_1));
            values.add(new String(b, v, w - v, StandardCharsets.ISO_8859_1));
            p = e + 2;
        }
        return new HttpHead(start, names.toArray(String[]::new), values.toArray(String[]::new));
    }

    private static int lineEnd(byte[] b, int from, int end) {
        for (int i = from; i + 1 < end; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return end;
    }

    String startLine() {
        return startLine;
    }

    /** The first value of {@code name} (any letter case), or null. */
    String first(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** How many times {@code name} came. */
    int count(String name) {
        int n = 0;
        for (String each : names) {
            if (each.equalsIgnoreCase(name)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public List<String> values(String name) {
        List<String> found = List.of();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (found.isEmpty()) {
                    found = List.of(values[i]);
                } else {
                    List<String> more = new ArrayList<>(found);
                    more.add(values[i]);
                    found = more;
                }
            }
        }
        return found;
    }

    /** Whether a {@code Connection} field lists {@code token}, e.g. {@code close}. */
    boolean connectionHas(String token) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase("Connection")) {
                for (String part : values[i].split(",")) {
                    if (part.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A {@code Content-Length} given once as a plain number, else -1 (absent, repeated or malformed). */
    long contentLength() {
        if (count("Content-Length") != 1) {
            return -1;
        }
        String text = first("Content-Length");
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
