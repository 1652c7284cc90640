package dev.sagebox.runner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Cuts one host's captured output into lines for a {@link TrainingLogListener}, stdout and stderr apart so their
 * interleaved chunks never splice half lines together. A line longer than {@link #MAX_LINE} bytes is handed over in
 * pieces, so a container that never writes a newline cannot grow the buffer without bound.
 */
final class LogLines {
    static final int MAX_LINE = 256 * 1024;

    private final String host;
    private final TrainingLogListener listener;
    private final Clock clock;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    LogLines(String host, TrainingLogListener listener, Clock clock) {
        this.host = host;
        this.listener = listener;
        this.clock = clock;
    }

    /** Hands over every line {@code bytes} completes, stamped now: the chunk was just written. */
    synchronized void accept(boolean isStderr, byte[] bytes) {
        if (listener == TrainingLogListener.NONE) {
            return;
        }
        ByteArrayOutputStream pending = isStderr ? stderr : stdout;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                pending.write(bytes, start, i - start);
                emit(pending);
                start = i + 1;
            } else if (pending.size() + (i - start) >= MAX_LINE) {
                pending.write(bytes, start, i - start);
                emit(pending);
                start = i;
            }
        }
        pending.write(bytes, start, bytes.length - start);
    }

    /** The output ended: a last line without a newline is still a line. */
    synchronized void end() {
        if (stdout.size() > 0) {
            emit(stdout);
        }
        if (stderr.size() > 0) {
            emit(stderr);
        }
    }

    private void emit(ByteArrayOutputStream pending) {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        try {
            listener.line(host, clock.instant(), line);
        } catch (RuntimeException e) {
            // A listener must not throw; if one does, the log (and the job) carry on without it.
        }
    }
}
