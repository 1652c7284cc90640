package dev.sagebox.api.protocol;

import java.util.Arrays;

/**
 * Where the validator is, as AWS spells it in messages: {@code inputDataConfig.1.member.channelName}. A stack of
 * segments, turned into text only when something fails.
 */
final class MemberPath {
    private String[] names = new String[16];
    private int[] items = new int[16];
    private int depth;

    void push(String name) {
        grow();
        names[depth] = name;
        items[depth] = -1;
        depth++;
    }

    /** A list item, written 1-based followed by ".member". */
    void pushItem(int zeroBasedIndex) {
        grow();
        names[depth] = null;
        items[depth] = zeroBasedIndex;
        depth++;
    }

    void pop() {
        depth--;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (i > 0) {
                out.append('.');
            }
            if (names[i] != null) {
                out.append(names[i]);
            } else {
                out.append(items[i] + 1).append(".member");
            }
        }
        return out.toString();
    }

    private void grow() {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            items = Arrays.copyOf(items, depth * 2);
        }
    }
}
