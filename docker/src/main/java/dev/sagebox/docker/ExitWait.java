package dev.sagebox.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.WaitResponse;
import java.io.Closeable;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One wait-for-exit request; closing it aborts the request so docker-java's thread ends. */
final class ExitWait implements ResultCallback<WaitResponse> {
    private final CountDownLatch done = new CountDownLatch(1);
    private final Object lock = new Object();
    private volatile Integer statusCode;
    private volatile Throwable error;
    private Closeable stream; // guarded by lock
    private boolean closed; // guarded by lock

    @Override
    public void onStart(Closeable response) {
        boolean closeNow;
        synchronized (lock) {
            stream = response;
            closeNow = closed;
        }
        if (closeNow) {
            closeQuietly(response);
        }
    }

    @Override
    public void onNext(WaitResponse response) {
        statusCode = response.getStatusCode();
    }

    @Override
    public void onError(Throwable throwable) {
        error = throwable;
        done.countDown();
    }

    @Override
    public void onComplete() {
        done.countDown();
    }

    /** True if the request ended (with a status code or an error) within {@code timeout}. */
    boolean await(Duration timeout) throws InterruptedException {
        return done.await(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
    }

    OptionalInt statusCode() {
        Integer code = statusCode;
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    Optional<Throwable> error() {
        return Optional.ofNullable(error);
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
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // The request is being abandoned; a failure to abort it changes nothing for the caller.
        }
    }
}
