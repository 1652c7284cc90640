package dev.sagebox.api.logs;

/**
 * The 1 MB a response of events may hold, counted as CloudWatch Logs counts an event: its UTF-8 message plus 26
 * bytes.
 */
final class EventBudget {
    static final int MAX_BYTES = 1_048_576;
    private static final int EVENT_OVERHEAD = 26;

    private EventBudget() {
    }

    static int size(String message) {
        int bytes = EVENT_OVERHEAD;
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
