package dev.sagebox.bench;

import java.nio.charset.StandardCharsets;

/** One HTTP response as the load generator read it off the socket. */
record Response(int status, byte[] body) {
    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
