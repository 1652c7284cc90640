package dev.sagebox.hosting.transform;

import java.util.List;
import java.util.Objects;

/** One request body sent to /invocations and the input records it carries (as read, before any input filter). */
public record Payload(List<byte[]> records, byte[] body) {
    public Payload {
        records = List.copyOf(records);
        Objects.requireNonNull(body, "body");
    }
}
