package dev.sagebox.hosting.transform;

import dev.sagebox.hosting.transform.JsonPath.Index;
import dev.sagebox.hosting.transform.JsonPath.Name;
import dev.sagebox.hosting.transform.JsonPath.Selector;
import dev.sagebox.hosting.transform.JsonPath.Slice;
import dev.sagebox.hosting.transform.JsonPath.Wildcard;
import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser of the JSONPath subset; errors name the position, 0-based. */
final class JsonPathParser {
    private final String text;
    private int pos;

    JsonPathParser(String text) {
        this.text = text;
    }

    List<List<Selector>> segments() {
        if (text.isEmpty() || text.charAt(0) != '$') {
            throw fail("a JSONPath starts with '$'");
        }
        pos = 1;
        List<List<Selector>> segments = new ArrayList<>();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '.') {
                pos++;
                segments.add(List.of(dotted()));
            } else if (c == '[') {
                pos++;
                segments.add(bracket());
            } else {
                throw fail("unexpected '" + c + "'");
            }
        }
        return List.copyOf(segments);
    }

    private Selector dotted() {
        if (pos < text.length() && text.charAt(pos) == '.') {
            throw fail("recursive descent '..' is not supported");
        }
        if (pos < text.length() && text.charAt(pos) == '*') {
            pos++;
            return new Wildcard();
        }
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '['
                && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw fail("expected a member name after '.'");
        }
        return new Name(text.substring(start, pos));
    }

    private List<Selector> bracket() {
        List<Selector> selectors = new ArrayList<>();
        while (true) {
            skipSpaces();
            selectors.add(selector());
            skipSpaces();
            if (pos >= text.length()) {
                throw fail("missing ']'");
            }
            char c = text.charAt(pos++);
            if (c == ']') {
                return List.copyOf(selectors);
            }
            if (c != ',') {
                pos--;
                throw fail("expected ',' or ']'");
            }
        }
    }

    private Selector selector() {
        if (pos >= text.length()) {
            throw fail("missing ']'");
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            return new Name(quoted(c));
        }
        if (c == '*') {
            pos++;
            return new Wildcard();
        }
        if (c == '?' || c == '(') {
            throw fail("filter and script expressions are not supported");
        }
        boolean hasStart = startsInteger();
        int start = hasStart ? integer() : 0;
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == ':') {
            pos++;
            skipSpaces();
            boolean hasEnd = startsInteger();
            int end = hasEnd ? integer() : 0;
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == ':') {
                throw fail("slice steps are not supported");
            }
            return new Slice(start, hasStart, end, hasEnd);
        }
        if (!hasStart) {
            throw fail("expected an index, a slice, '*' or a quoted name");
        }
        return new Index(start);
    }

    private String quoted(char quote) {
        StringBuilder name = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return name.toString();
            }
            if (c == '\\' && pos < text.length()) {
                c = text.charAt(pos++);
            }
            name.append(c);
        }
        throw fail("unterminated quoted name");
    }

    private boolean startsInteger() {
        if (pos >= text.length()) {
            return false;
        }
        char c = text.charAt(pos);
        return Character.isDigit(c) || (c == '-' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)));
    }

    private int integer() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        try {
            return Integer.parseInt(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw fail("index out of range");
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(why + " at position " + pos);
    }
}
