package dev.sagebox.docker;

import dev.sagebox.core.logs.LogEvent;

import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamSummary;
import dev.sagebox.core.logs.LogStreamWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output of some containers (a training host; an endpoint instance's containers, which share its stream as on
 * SageMaker; a notebook's Jupyter) captured line by line into one CloudWatch Logs stream, each line stamped with the
 * time it was written, and also handed to a listener. The stream's writer closes when every container's output has
 * ended or the capture is closed.
 */
public final class LogCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogCapture.class);
    /** How far behind a kept line's arrival stamp the engine's stamp of the same line can be. */
    static final Duration REPEAT_WINDOW = Duration.ofMillis(20);

    private final List<LogFollow> follows = new CopyOnWriteArrayList<>();
    private final LogStreamWriter writer;

    private LogCapture(LogStreamWriter writer) {
        this.writer = writer;
    }

    /**
     * Follows the containers into the stream. New containers are attached to, so their output is read as it is
     * written rather than back from the engine's log (which costs the engine several times the CPU per line: a
     * container printing 100,000 lines/s ran at half its pace); lines take their arrival time, milliseconds after
     * the write. A container that already exited, or (with {@code resume}) one adopted after a restart, is read from
     * the engine's stamped log, and only lines written after the stream's last kept event are appended.
     */
    public static LogCapture start(ContainerEngine engine, LogStore store, String group, String stream,
            List<String> containerIds, boolean resume, LogLineSink listener) {
        // Events keep whole milliseconds while Docker stamps in nanoseconds: the last kept line was written within
        // the millisecond after its event's time.
        Optional<Instant> after = resume ? store.stream(group, stream).flatMap(LogStreamSummary::lastEventTime)
                .map(t -> t.plusMillis(1).minusNanos(1)) : Optional.empty();
        LogCapture capture = new LogCapture(store.open(group, stream));
        AtomicInteger running = new AtomicInteger(containerIds.size());
        LogLineSink lines = new LogLineSink() {
            @Override
            public void line(boolean stderr, Instant written, String line) {
                capture.writer.append(written, line);
                listener.line(stderr, written, line);
            }

            @Override
            public void end() {
                if (running.decrementAndGet() == 0) {
                    capture.writer.close();
                }
            }
        };
        // A line kept from a live attach is stamped as it arrived, which can be a millisecond before the engine's own
        // stamp of it: the resumed read skips the last kept line once more when it comes again that close behind.
        Optional<LogEvent> lastKept = after.isPresent() ? store.stream(group, stream).filter(s -> s.eventCount() > 0)
                .flatMap(s -> store.read(group, stream, s.eventCount() - 1, 1).stream().findFirst())
                : Optional.empty();
        try {
            for (String id : containerIds) {
                capture.follows.add(after.isPresent()
                        ? engine.followTimestampedLogs(id, after, new TimestampedLines(after,
                                skipRepeatOf(lastKept, lines)))
                        : attach(engine, id, lines));
            }
        } catch (RuntimeException e) {
            // A container that is already gone has nothing more to say; what was followed so far is kept.
            LOG.warn("cannot follow the output of a container into {} {}: {}", group, stream, e.getMessage());
            capture.close();
        }
        return capture;
    }

    /** As {@link #start} with no listener but the stream. */
    public static LogCapture start(ContainerEngine engine, LogStore store, String group, String stream,
            List<String> containerIds, boolean resume) {
        return start(engine, store, group, stream, containerIds, resume, (stderr, written, line) -> { });
    }

    /** Drops the first line if it repeats {@code last} within {@link #REPEAT_WINDOW} of it. */
    static LogLineSink skipRepeatOf(Optional<LogEvent> last, LogLineSink lines) {
        if (last.isEmpty()) {
            return lines;
        }
        return new LogLineSink() {
            private boolean first = true;

            @Override
            public void line(boolean stderr, Instant written, String line) {
                boolean repeat = first && line.equals(last.get().message())
                        && !written.isAfter(last.get().timestamp().plus(REPEAT_WINDOW));
                first = false;
                if (!repeat) {
                    lines.line(stderr, written, line);
                }
            }

            @Override
            public void end() {
                lines.end();
            }
        };
    }

    private static LogFollow attach(ContainerEngine engine, String containerId, LogLineSink lines) {
        try {
            return engine.followOutput(containerId, TimestampedLines.arriving(lines));
        } catch (NoSuchContainerException stopped) {
            return engine.followTimestampedLogs(containerId, Optional.empty(),
                    new TimestampedLines(Optional.empty(), lines));
        } catch (RuntimeException e) {
            // The engine's log still holds everything; reading it back costs the engine more, but loses nothing.
            LOG.warn("cannot attach to container {} ({}); reading its log instead", containerId, e.getMessage());
            return engine.followTimestampedLogs(containerId, Optional.empty(),
                    new TimestampedLines(Optional.empty(), lines));
        }
    }

    /** After the containers exited: lets each follow deliver the last of their output (up to {@code drain}). */
    public void finish(Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        for (LogFollow f : follows) {
            f.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        close();
    }

    @Override
    public void close() {
        follows.forEach(LogFollow::close);
        writer.close();
    }
}
