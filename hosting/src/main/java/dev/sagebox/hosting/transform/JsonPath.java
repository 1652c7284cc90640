package dev.sagebox.hosting.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSONPath subset batch transform documents: {@code $}, {@code .name}, {@code .*}, {@code ['a','b']},
 * {@code [i]}, {@code [i,j]}, {@code [a:b]}, {@code [*]}, and unions mixing indexes and slices
 * ({@code $[0,5:]}), which no maintained Java library evaluates, so this one is hand-written.
 */
final class JsonPath {
    sealed interface Selector permits Name, Index, Slice, Wildcard { }

    record Name(String name) implements Selector { }

    record Index(int index) implements Selector { }

    /** Python-style slice; a missing bound is the array's start or end. */
    record Slice(int start, boolean hasStart, int end, boolean hasEnd) implements Selector { }

    record Wildcard() implements Selector { }

    private final String text;
    private final List<List<Selector>> segments;

    private JsonPath(String text, List<List<Selector>> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Parses {@code text}; IllegalArgumentException saying where it is wrong. */
    static JsonPath parse(String text) {
        return new JsonPath(text, new JsonPathParser(text).segments());
    }

    String text() {
        return text;
    }

    boolean isIdentity() {
        return segments.isEmpty();
    }

    /** True when the path only picks array elements of the root: the form a CSV row can answer. */
    boolean isIndexOnly() {
        return segments.size() <= 1
                && segments.stream().flatMap(List::stream).noneMatch(s -> s instanceof Name);
    }

    /** The selected node: one node for a definite path, an object for trailing names, else an array. */
    JsonNode select(JsonNode root) {
        List<JsonNode> nodes = List.of(root);
        for (int i = 0; i < segments.size(); i++) {
            List<Selector> segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (last && nodes.size() == 1 && nodes.get(0).isObject() && segment.size() > 1
                    && segment.stream().allMatch(s -> s instanceof Name)) {
                return pickNames((ObjectNode) nodes.get(0), segment);
            }
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : nodes) {
                for (Selector selector : segment) {
                    apply(node, selector, next);
                }
            }
            nodes = next;
        }
        if (isDefinite()) {
            if (nodes.isEmpty()) {
                throw new IllegalStateException("JSONPath " + text + " selects nothing in the record");
            }
            return nodes.get(0);
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode(nodes.size());
        nodes.forEach(array::add);
        return array;
    }

    /** The columns of a row of {@code width} columns this (index-only) path selects, in path order. */
    int[] columns(int width) {
        if (segments.isEmpty()) {
            int[] all = new int[width];
            for (int i = 0; i < width; i++) {
                all[i] = i;
            }
            return all;
        }
        IntList out = new IntList();
        for (Selector selector : segments.get(0)) {
            if (selector instanceof Index index) {
                out.add(checkedIndex(index.index(), width));
            } else if (selector instanceof Slice slice) {
                for (int i = sliceStart(slice, width); i < sliceEnd(slice, width); i++) {
                    out.add(i);
                }
            } else if (selector instanceof Wildcard) {
                for (int i = 0; i < width; i++) {
                    out.add(i);
                }
            } else {
                throw new IllegalStateException("JSONPath " + text + " selects by name, but a CSV row only has indexes");
            }
        }
        return out.toArray();
    }

    private boolean isDefinite() {
        return segments.stream().allMatch(s -> s.size() == 1 && !(s.get(0) instanceof Slice)
                && !(s.get(0) instanceof Wildcard));
    }

    private void apply(JsonNode node, Selector selector, List<JsonNode> out) {
        if (selector instanceof Name name) {
            JsonNode child = node.isObject() ? node.get(name.name()) : null;
            if (child != null) {
                out.add(child);
            }
        } else if (selector instanceof Index index) {
            if (node.isArray()) {
                out.add(node.get(checkedIndex(index.index(), node.size())));
            }
        } else if (selector instanceof Slice slice) {
            if (node.isArray()) {
                for (int i = sliceStart(slice, node.size()); i < sliceEnd(slice, node.size()); i++) {
                    out.add(node.get(i));
                }
            }
        } else {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                out.add(it.next());
            }
        }
    }

    private static ObjectNode pickNames(ObjectNode object, List<Selector> names) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Selector selector : names) {
            String name = ((Name) selector).name();
            JsonNode value = object.get(name);
            if (value != null) {
                out.set(name, value);
            }
        }
        return out;
    }

    private int checkedIndex(int index, int size) {
        int i = index < 0 ? size + index : index;
        if (i < 0 || i >= size) {
            // SageMaker fails the job for indexes outside the record's dimension; so do we.
            throw new IllegalStateException("JSONPath " + text + ": index " + index
                    + " is outside a record of " + size + " elements");
        }
        return i;
    }

    private static int sliceStart(Slice slice, int size) {
        return slice.hasStart() ? clamp(slice.start(), size) : 0;
    }

    private static int sliceEnd(Slice slice, int size) {
        return slice.hasEnd() ? clamp(slice.end(), size) : size;
    }

    private static int clamp(int bound, int size) {
        int b = bound < 0 ? size + bound : bound;
        return Math.max(0, Math.min(size, b));
    }

    @Override
    public String toString() {
        return text;
    }

    /** A growable int array, so column selection boxes nothing. */
    static final class IntList {
        private int[] values = new int[8];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
