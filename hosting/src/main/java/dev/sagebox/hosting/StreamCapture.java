package dev.sagebox.hosting;

import dev.sagebox.core.logs.LogStore;
import dev.sagebox.core.logs.LogStreamSummary;
import dev.sagebox.core.logs.LogStreamWriter;
import dev.sagebox.docker.ContainerEngine;
import dev.sagebox.docker.LogFollow;
import dev.sagebox.docker.LogLineSink;
import dev.sagebox.docker.TimestampedLines;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output of some containers (an instance's containers share its stream, as on SageMaker) captured line by line
 * into one CloudWatch Logs stream, each line stamped with the time the container wrote it. The stream's writer closes
 * when every container's output has ended or the capture is closed.
 */
final class StreamCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamCapture.class);

    private final List<LogFollow> follows = new CopyOnWriteArrayList<>();
    private final LogStreamWriter writer;

    private StreamCapture(LogStreamWriter writer) {
        this.writer = writer;
    }

    /**
     * Follows the containers into the stream. With {@code resume} (the containers were adopted after a restart)
     * only lines written after the stream's last kept event are appended, so nothing is stored twice.
     */
    static StreamCapture start(ContainerEngine engine, LogStore store, String group, String stream,
            List<String> containerIds, boolean resume) {
        // Events keep whole milliseconds while Docker stamps in nanoseconds: the last kept line was written within
        // the millisecond after its event's time.
        Optional<Instant> after = resume ? store.stream(group, stream).flatMap(LogStreamSummary::lastEventTime)
                .map(t -> t.plusMillis(1).minusNanos(1)) : Optional.empty();
        StreamCapture capture = new StreamCapture(store.open(group, stream));
        AtomicInteger running = new AtomicInteger(containerIds.size());
        try {
            for (String id : containerIds) {
                capture.follows.add(engine.followTimestampedLogs(id, after, new TimestampedLines(after,
                        new LogLineSink() {
                            @Override
                            public void line(boolean stderr, Instant written, String line) {
                                capture.writer.append(written, line);
                            }

                            @Override
                            public void end() {
                                if (running.decrementAndGet() == 0) {
                                    capture.writer.close();
                                }
                            }
                        })));
            }
        } catch (RuntimeException e) {
            // A container that is already gone has nothing more to say; what was followed so far is kept.
            LOG.warn("cannot follow the output of a container into {} {}: {}", group, stream, e.getMessage());
            capture.close();
        }
        return capture;
    }

    /** After the containers exited: lets each follow deliver the last of their output (up to {@code drain}). */
    void finish(Duration drain) {
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
