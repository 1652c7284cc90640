package dev.sagebox.api.protocol;

import java.util.List;

/** The constraint sentences of AWS validation messages. */
final class Phrases {
    static final String NOT_NULL = "Member must not be null";

    private Phrases() {
    }

    static String maxLength(int n) {
        return "Member must have length less than or equal to " + n;
    }

    static String minLength(int n) {
        return "Member must have length greater than or equal to " + n;
    }

    static String maxValue(String n) {
        return "Member must have value less than or equal to " + n;
    }

    static String minValue(String n) {
        return "Member must have value greater than or equal to " + n;
    }

    static String pattern(String displayed) {
        return "Member must satisfy regular expression pattern: " + displayed;
    }

    static String enumSet(List<String> values) {
        return "Member must satisfy enum value set: [" + String.join(", ", values) + "]";
    }
}
