package dev.sagebox.api.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A string with its model constraints. {@code pattern} is null when the model has none, likewise an empty
 * {@code enumValues}; lengths are -1 when absent.
 */
record StringShape(String name, int minLength, int maxLength, Pattern pattern, String patternText,
                   List<String> enumValues, Set<String> enumSet) implements Shape {
    static final int NO_LIMIT = -1;

    StringShape {
        enumValues = List.copyOf(enumValues);
        enumSet = Set.copyOf(enumSet);
    }

    /** Every constraint of the shape, in the order AWS lists them inside "Map keys must satisfy constraint: […]". */
    List<String> constraintPhrases() {
        List<String> phrases = new ArrayList<>(4);
        if (maxLength != NO_LIMIT) {
            phrases.add(Phrases.maxLength(maxLength));
        }
        if (minLength != NO_LIMIT) {
            phrases.add(Phrases.minLength(minLength));
        }
        if (pattern != null) {
            phrases.add(Phrases.pattern(patternText));
        }
        if (!enumValues.isEmpty()) {
            phrases.add(Phrases.enumSet(enumValues));
        }
        return phrases;
    }

    boolean hasConstraints() {
        return maxLength != NO_LIMIT || minLength != NO_LIMIT || pattern != null || !enumValues.isEmpty();
    }

    /** Appends the violated constraints of {@code value} to {@code out}; pattern before length, as AWS orders them. */
    void check(String value, List<String> out) {
        if (!enumValues.isEmpty() && !enumSet.contains(value)) {
            out.add(Phrases.enumSet(enumValues));
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            out.add(Phrases.pattern(patternText));
        }
        if (maxLength != NO_LIMIT || minLength != NO_LIMIT) {
            int length = value.codePointCount(0, value.length());
            if (maxLength != NO_LIMIT && length > maxLength) {
                out.add(Phrases.maxLength(maxLength));
            }
            if (minLength != NO_LIMIT && length < minLength) {
                out.add(Phrases.minLength(minLength));
            }
        }
    }

    /** The allocation-free form of {@link #check} for the common case where everything holds. */
    boolean satisfiedBy(String value) {
        if (!enumValues.isEmpty() && !enumSet.contains(value)) {
            return false;
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            return false;
        }
        if (maxLength == NO_LIMIT && minLength == NO_LIMIT) {
            return true;
        }
        int length = value.codePointCount(0, value.length());
        return (maxLength == NO_LIMIT || length <= maxLength) && (minLength == NO_LIMIT || length >= minLength);
    }
}
