package dev.sagebox.api.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The immutable map from X-Amz-Target operation names to the code that serves them. */
public final class OperationRegistry {
    /** One served operation: the wire record its body is read into and the handler that answers it. */
    public record Binding<I>(String name, Class<I> inputType, Function<I, ?> handler) {
        /** Runs the handler on an input already read as {@code inputType}. */
        public Object invoke(Object input) {
            return handler.apply(inputType.cast(input));
        }
    }

    private final Map<String, Binding<?>> bindings;

    private OperationRegistry(Map<String, Binding<?>> bindings) {
        this.bindings = Map.copyOf(bindings);
    }

    public Optional<Binding<?>> find(String operation) {
        return Optional.ofNullable(bindings.get(operation));
    }

    public Set<String> names() {
        return bindings.keySet();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects bindings; a name bound twice is a programming error. */
    public static final class Builder {
        private final Map<String, Binding<?>> bindings = new LinkedHashMap<>();

        public <I> Builder add(String name, Class<I> inputType, Function<I, ?> handler) {
            if (bindings.putIfAbsent(name, new Binding<>(name, inputType, handler)) != null) {
                throw new IllegalStateException("operation bound twice: " + name);
            }
            return this;
        }

        public OperationRegistry build() {
            return new OperationRegistry(bindings);
        }
    }
}
