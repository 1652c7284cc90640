package dev.sagebox.hosting.transform;

import java.util.Objects;
import java.util.Optional;

/** DataProcessing of CreateTransformJob. */
public record DataProcessing(Optional<String> inputFilter, Optional<String> outputFilter, JoinSource joinSource) {
    /** Filters absent or "$" mean identity. */
    public static final DataProcessing NONE = new DataProcessing(Optional.empty(), Optional.empty(), JoinSource.NONE);

    public DataProcessing {
        Objects.requireNonNull(inputFilter, "inputFilter");
        Objects.requireNonNull(outputFilter, "outputFilter");
        Objects.requireNonNull(joinSource, "joinSource");
    }

    /** Checks the filters' syntax; returns a message in SageMaker's style for a filter it cannot parse. */
    public Optional<String> problem() {
        return problem("InputFilter", inputFilter).or(() -> problem("OutputFilter", outputFilter));
    }

    /** The input filter, empty when it is absent or the identity. */
    Optional<JsonPath> inputPath() {
        return path(inputFilter);
    }

    /** The output filter, empty when it is absent or the identity. */
    Optional<JsonPath> outputPath() {
        return path(outputFilter);
    }

    private static Optional<JsonPath> path(Optional<String> filter) {
        return filter.filter(f -> !f.isBlank()).map(JsonPath::parse).filter(p -> !p.isIdentity());
    }

    private static Optional<String> problem(String field, Optional<String> filter) {
        if (filter.isEmpty() || filter.get().isBlank()) {
            return Optional.empty();
        }
        String text = filter.get();
        if (text.length() > 63) {
            return Optional.of("1 validation error detected: Value '" + text + "' at 'dataProcessing."
                    + Character.toLowerCase(field.charAt(0)) + field.substring(1)
                    + "' failed to satisfy constraint: Member must have length less than or equal to 63");
        }
        try {
            JsonPath.parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("Invalid JSONPath expression for " + field + ": '" + text + "' (" + e.getMessage() + ")");
        }
    }
}
