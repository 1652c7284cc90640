package dev.sagebox.api.logs;

import java.util.Optional;

/**
 * GetLogEvents' tokens, shaped like AWS's ({@code f/} or {@code b/} and 56 digits): the stream's tag and an event
 * index. A forward token reads from its index on, a backward token the events before its index.
 */
final class EventTokens {
    private static final int TAG_DIGITS = 16;
    private static final int INDEX_DIGITS = 40;

    private EventTokens() {
    }

    /** A decoded token: which way it reads and where. */
    record Token(boolean forward, long index) {
    }

    static String forward(long tag, long index) {
        return format('f', tag, index);
    }

    static String backward(long tag, long index) {
        return format('b', tag, index);
    }

    private static String format(char direction, long tag, long index) {
        String digits = Long.toString(index);
        String tagDigits = Long.toString(tag);
        StringBuilder out = new StringBuilder(2 + TAG_DIGITS + INDEX_DIGITS).append(direction).append('/');
        out.append("0".repeat(TAG_DIGITS - tagDigits.length())).append(tagDigits);
        out.append("0".repeat(INDEX_DIGITS - digits.length())).append(digits);
        return out.toString();
    }

    /** The token, refused when Sagebox did not issue it for this stream. */
    static Optional<Token> parse(Optional<String> token, long tag) {
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String text = token.get();
        if (text.length() != 2 + TAG_DIGITS + INDEX_DIGITS || text.charAt(1) != '/'
                || (text.charAt(0) != 'f' && text.charAt(0) != 'b')) {
            throw LogsErrors.badToken();
        }
        try {
            long tokenTag = Long.parseLong(text, 2, 2 + TAG_DIGITS, 10);
            long index = Long.parseLong(text, 2 + TAG_DIGITS, text.length(), 10);
            if (tokenTag != tag || index < 0) {
                throw LogsErrors.badToken();
            }
            return Optional.of(new Token(text.charAt(0) == 'f', index));
        } catch (NumberFormatException e) {
            throw LogsErrors.badToken();
        }
    }
}
