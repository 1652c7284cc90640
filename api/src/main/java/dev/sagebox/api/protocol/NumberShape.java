package dev.sagebox.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** An integer, long or float with optional bounds, kept both as numbers and as the text the model spells them in. */
record NumberShape(String name, Kind kind, BigDecimal min, String minText, BigDecimal max, String maxText)
        implements Shape {

    /** Which JSON numbers the shape accepts. */
    enum Kind {
        INTEGER("an Integer"),
        LONG("a Long"),
        FLOAT("a Float"),
        DOUBLE("a Double");

        private final String article;

        Kind(String article) {
            this.article = article;
        }

        String article() {
            return article;
        }

        /** Integers reject fractions and values outside their range; floats take any JSON number. */
        boolean accepts(JsonNode number) {
            return switch (this) {
                case INTEGER -> number.isIntegralNumber() && number.canConvertToInt();
                case LONG -> number.isIntegralNumber() && number.canConvertToLong();
                case FLOAT, DOUBLE -> true;
            };
        }
    }

    List<String> constraintPhrases() {
        List<String> phrases = new ArrayList<>(2);
        if (max != null) {
            phrases.add(Phrases.maxValue(maxText));
        }
        if (min != null) {
            phrases.add(Phrases.minValue(minText));
        }
        return phrases;
    }

    boolean hasConstraints() {
        return min != null || max != null;
    }

    void check(JsonNode number, List<String> out) {
        if (max != null && compare(number, max) > 0) {
            out.add(Phrases.maxValue(maxText));
        }
        if (min != null && compare(number, min) < 0) {
            out.add(Phrases.minValue(minText));
        }
    }

    boolean satisfiedBy(JsonNode number) {
        return (max == null || compare(number, max) <= 0) && (min == null || compare(number, min) >= 0);
    }

    /** Integral values compare as longs without allocating; only fractions and huge values need BigDecimal. */
    private static int compare(JsonNode number, BigDecimal bound) {
        if (number.isIntegralNumber() && number.canConvertToLong() && bound.scale() <= 0 && bound.precision() < 19) {
            return Long.compare(number.longValue(), bound.longValueExact());
        }
        return number.decimalValue().compareTo(bound);
    }
}
