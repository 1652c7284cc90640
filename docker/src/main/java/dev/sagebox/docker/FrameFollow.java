package dev.sagebox.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.Closeable;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log follow: docker-java's streaming thread feeds frames in, {@link #close()} aborts the HTTP response so that
 * thread ends. Once {@code close} returns the sink sees no more output, and {@link LogSink#end()} is called once.
 */
final class FrameFollow implements ResultCallback<Frame>, LogFollow {
    private static final Logger LOG = LoggerFactory.getLogger(FrameFollow.class);
    /** How long close waits for the streaming thread to notice the abort. */
    private static final Duration THREAD_EXIT_WAIT = Duration.ofSeconds(5);

    private final String containerId;
    private final LogSink sink;
    private final Consumer<FrameFollow> onEnd;
    private final Object lock = new Object();
    private final CountDownLatch answered = new CountDownLatch(1);
    private final CountDownLatch streamDone = new CountDownLatch(1);
    private final AtomicBoolean ended = new AtomicBoolean();
    private Closeable stream; // guarded by lock
    private boolean closed; // guarded by lock
    private volatile Thread streamingThread;
    private volatile Throwable error;

    FrameFollow(String containerId, LogSink sink, Consumer<FrameFollow> onEnd) {
        this.containerId = containerId;
        this.sink = sink;
        this.onEnd = onEnd;
    }

    /**
     * Sends a follow request ({@code request} execs it with the follow as its callback) and returns the follow once
     * the engine answered; a refusal with 404 or 409 (no such container or service, or one being removed) is
     * {@link NoSuchContainerException}, any other the engine's translated error. {@code onEnd} hears the end.
     */
    static FrameFollow open(DockerConnection connection, String id, String action, LogSink sink,
            Consumer<FrameFollow> onEnd,
            java.util.function.BiFunction<com.github.dockerjava.api.DockerClient, FrameFollow, FrameFollow> request) {
        FrameFollow follow = new FrameFollow(id, sink, onEnd);
        Optional<Throwable> refusal;
        try {
            connection.stream(action + id, c -> request.apply(c, follow));
            refusal = follow.awaitAnswer(connection.settings().callTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            follow.close();
            throw new ContainerEngineException("interrupted while trying to " + action + id, e);
        } catch (RuntimeException e) {
            follow.close();
            throw e;
        }
        if (refusal.isPresent()) {
            follow.close();
            Throwable t = refusal.get();
            if (t instanceof NotFoundException || t instanceof ConflictException) {
                throw new NoSuchContainerException(id, t);
            }
            RuntimeException cause = t instanceof RuntimeException re ? re : new RuntimeException(t);
            throw DockerErrors.translate(action + id, cause, connection.settings().dockerHost());
        }
        return follow;
    }

    /**
     * Waits until the engine accepted the request (or refused it); the refusal, if any. Until then a container
     * removed right after {@code followLogs} returned could take its output with it.
     */
    Optional<Throwable> awaitAnswer(Duration timeout) throws InterruptedException {
        if (!answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.of(new SocketTimeoutException("no answer to the log request within " + timeout));
        }
        return Optional.ofNullable(error);
    }

    @Override
    public void onStart(Closeable response) {
        boolean closeNow;
        streamingThread = Thread.currentThread();
        synchronized (lock) {
            stream = response;
            closeNow = closed;
        }
        answered.countDown();
        if (closeNow) {
            // close() ran while the request was still in flight.
            closeQuietly(response);
        }
    }

    @Override
    public void onNext(Frame frame) {
        synchronized (lock) {
            if (closed || frame.getPayload() == null || frame.getPayload().length == 0) {
                return;
            }
            try {
                sink.accept(frame.getStreamType() == StreamType.STDERR, frame.getPayload());
            } catch (RuntimeException e) {
                LOG.warn("log sink of container {} failed; output dropped", containerId, e);
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        boolean expected;
        synchronized (lock) {
            expected = closed;
        }
        if (answered.getCount() > 0) {
            // Refused before streaming: followLogs reports it to its caller.
            error = failure;
        } else if (!expected && !(failure instanceof NotFoundException) && !(failure instanceof ConflictException)) {
            LOG.warn("following the logs of container {} failed: {}", containerId, failure.toString());
        }
        answered.countDown();
        finish();
        streamDone.countDown();
    }

    @Override
    public void onComplete() {
        answered.countDown();
        finish();
        streamDone.countDown();
    }

    @Override
    public boolean awaitEnd(Duration timeout) {
        try {
            return streamDone.await(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        Closeable toClose;
        synchronized (lock) {
            closed = true;
            toClose = stream;
        }
        if (toClose != null) {
            closeQuietly(toClose);
        }
        finish();
        if (Thread.currentThread() == streamingThread) {
            return; // the sink closed us from inside accept(); this thread ends as soon as it returns
        }
        if (!awaitEnd(THREAD_EXIT_WAIT)) {
            LOG.debug("log stream of container {} did not end within {}", containerId, THREAD_EXIT_WAIT);
        }
    }

    private void finish() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        synchronized (lock) {
            // After end() the sink must not see more output, even from a frame that raced the close.
            closed = true;
        }
        try {
            sink.end();
        } catch (RuntimeException e) {
            LOG.warn("log sink of container {} failed at end", containerId, e);
        } finally {
            onEnd.accept(this);
        }
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing a log stream failed", e);
        }
    }
}
