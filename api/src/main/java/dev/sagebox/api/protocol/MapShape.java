package dev.sagebox.api.protocol;

import java.util.List;

/**
 * A map with optional length bounds (-1 when absent). The constraint lists for keys and values are rendered once at
 * load time, because AWS reports a bad key or value with every constraint of the key or value shape.
 */
final class MapShape implements Shape {
    private final String name;
    private final int minLength;
    private final int maxLength;
    private StringShape key;
    private Shape value;
    private String keyConstraints;
    private String valueConstraints;

    MapShape(String name, int minLength, int maxLength) {
        this.name = name;
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    @Override
    public String name() {
        return name;
    }

    int minLength() {
        return minLength;
    }

    int maxLength() {
        return maxLength;
    }

    StringShape key() {
        return key;
    }

    Shape value() {
        return value;
    }

    /** "[Member must have length less than or equal to 256, …]" for the key shape. */
    String keyConstraints() {
        return keyConstraints;
    }

    /** The same for the value shape; empty when values are structures or lists, which are walked instead. */
    String valueConstraints() {
        return valueConstraints;
    }

    void link(StringShape keyShape, Shape valueShape) {
        this.key = keyShape;
        this.value = valueShape;
        this.keyConstraints = bracketed(keyShape.constraintPhrases());
        if (valueShape instanceof StringShape s) {
            this.valueConstraints = bracketed(s.constraintPhrases());
        } else if (valueShape instanceof NumberShape n) {
            this.valueConstraints = bracketed(n.constraintPhrases());
        } else {
            this.valueConstraints = "";
        }
    }

    private static String bracketed(List<String> phrases) {
        return "[" + String.join(", ", phrases) + "]";
    }
}
