package dev.sagebox.api.wire;

/** Tag on the wire. */
public record TagWire(String key, String value) {
}
