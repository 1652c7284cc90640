package dev.sagebox.scheduler.tuning;

import dev.sagebox.core.WireNamed;
import java.util.List;
import java.util.Objects;

/** One tuned hyperparameter's range: IntegerParameterRange, ContinuousParameterRange or CategoricalParameterRange. */
public sealed interface ParameterRange {
    String name();

    /** ScalingType: how values spread over the range when it is searched. */
    enum Scaling implements WireNamed {
        AUTO("Auto"),
        LINEAR("Linear"),
        LOGARITHMIC("Logarithmic"),
        REVERSE_LOGARITHMIC("ReverseLogarithmic");

        private final String wireName;

        Scaling(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }

    /** IntegerParameterRange. */
    record IntegerRange(String name, long min, long max, Scaling scaling) implements ParameterRange {
        public IntegerRange {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(scaling, "scaling");
            if (min > max) {
                throw new IllegalArgumentException("MinValue must not be greater than MaxValue for " + name);
            }
        }
    }

    /** ContinuousParameterRange. */
    record ContinuousRange(String name, double min, double max, Scaling scaling) implements ParameterRange {
        public ContinuousRange {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(scaling, "scaling");
            if (!(min <= max)) {
                throw new IllegalArgumentException("MinValue must not be greater than MaxValue for " + name);
            }
        }
    }

    /** CategoricalParameterRange. */
    record CategoricalRange(String name, List<String> values) implements ParameterRange {
        public CategoricalRange {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Values must not be empty for " + name);
            }
        }
    }
}
