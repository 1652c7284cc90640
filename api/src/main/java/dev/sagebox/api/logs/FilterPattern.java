package dev.sagebox.api.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch Logs' term filter pattern: space-separated terms that must all occur (case-sensitive), "quoted phrases"
 * as one term, {@code -term} that must not occur, {@code ?term} of which at least one must occur when any is given.
 * An empty pattern matches every event. JSON ({@code {…}}), space-delimited ({@code […]}) and regular-expression
 * ({@code %…%}) patterns are refused as not supported.
 */
public final class FilterPattern {
    private static final FilterPattern ALL = new FilterPattern(List.of(), List.of(), List.of());

    private final List<String> required;
    private final List<String> excluded;
    private final List<String> anyOf;

    private FilterPattern(List<String> required, List<String> excluded, List<String> anyOf) {
        this.required = List.copyOf(required);
        this.excluded = List.copyOf(excluded);
        this.anyOf = List.copyOf(anyOf);
    }

    /** Parses a pattern; an unsupported or malformed one throws InvalidParameterException. */
    public static FilterPattern parse(String pattern) {
        String text = pattern.strip();
        if (text.isEmpty()) {
            return ALL;
        }
        char first = text.charAt(0);
        if (first == '{' || first == '[' || first == '%') {
            throw LogsErrors.invalidParameter(
                    "Invalid filter pattern: Sagebox supports term patterns only (terms, \"phrases\", -term, ?term).");
        }
        List<String> required = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        List<String> anyOf = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            List<String> kind = required;
            if ((c == '-' || c == '?') && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1))) {
                kind = c == '-' ? excluded : anyOf;
                i++;
            }
            StringBuilder term = new StringBuilder();
            if (text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw LogsErrors.invalidParameter("Invalid filter pattern: unterminated quoted phrase in '%s'.",
                            pattern);
                }
                term.append(text, i + 1, close);
                i = close + 1;
            } else {
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    term.append(text.charAt(i++));
                }
            }
            if (!term.isEmpty()) {
                kind.add(term.toString());
            }
        }
        return new FilterPattern(required, excluded, anyOf);
    }

    public boolean matches(String message) {
        for (String term : required) {
            if (!message.contains(term)) {
                return false;
            }
        }
        for (String term : excluded) {
            if (message.contains(term)) {
                return false;
            }
        }
        if (anyOf.isEmpty()) {
            return true;
        }
        for (String term : anyOf) {
            if (message.contains(term)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every event matches, so a reader need not test each. */
    public boolean matchesAll() {
        return required.isEmpty() && excluded.isEmpty() && anyOf.isEmpty();
    }

    @Override
    public String toString() {
        return "FilterPattern[required=" + required + ", excluded=" + excluded + ", anyOf=" + anyOf + "]";
    }
}
