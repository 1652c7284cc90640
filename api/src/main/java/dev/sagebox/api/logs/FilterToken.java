package dev.sagebox.api.logs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * FilterLogEvents' {@code nextToken}: the last event returned (time, stream, index). Events are returned in
 * (time, stream, index) order, so the next page is every matching event after it.
 */
record FilterToken(long timestamp, String stream, long index) {
    private static final String MARK = "sagebox-filter/";

    /** Whether an event comes after this one in the merged order. */
    boolean isBefore(long eventTimestamp, String eventStream, long eventIndex) {
        if (eventTimestamp != timestamp) {
            return timestamp < eventTimestamp;
        }
        int byStream = stream.compareTo(eventStream);
        return byStream != 0 ? byStream < 0 : index < eventIndex;
    }

    String encode() {
        String text = MARK + timestamp + "/" + index + "/" + stream;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<FilterToken> decode(Optional<String> token) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
            if (text.startsWith(MARK)) {
                String[] parts = text.substring(MARK.length()).split("/", 3);
                if (parts.length == 3) {
                    return Optional.of(new FilterToken(Long.parseLong(parts[0]), parts[2], Long.parseLong(parts[1])));
                }
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the refusal: not base64, or not numbers.
        }
        throw LogsErrors.badToken();
    }
}
