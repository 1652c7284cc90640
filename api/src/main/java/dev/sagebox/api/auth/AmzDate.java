package dev.sagebox.api.auth;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The ISO-8601 basic timestamps of SigV4 ({@code 20240101T000000Z}), and the RFC 1123 Date header fallback. */
final class AmzDate {
    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private AmzDate() {
    }

    /** Parses {@code yyyyMMdd'T'HHmmss'Z'} without a formatter (this runs per request); null when malformed. */
    static Instant parseBasic(String text) {
        if (text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z') {
            return null;
        }
        for (int i = 0; i < 15; i++) {
            if (i != 8 && (text.charAt(i) < '0' || text.charAt(i) > '9')) {
                return null;
            }
        }
        try {
            return LocalDateTime.of(digits(text, 0, 4), digits(text, 4, 6), digits(text, 6, 8),
                    digits(text, 9, 11), digits(text, 11, 13), digits(text, 13, 15)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Parses an HTTP Date header (RFC 1123), also accepting the basic form some clients put there; null if neither. */
    static Instant parseHttpDate(String text) {
        Instant basic = parseBasic(text);
        if (basic != null) {
            return basic;
        }
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String formatBasic(Instant instant) {
        return BASIC.format(instant);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}
