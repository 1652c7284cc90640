package dev.sagebox.storage;

import dev.sagebox.storage.ReadBufferedSocketFactory.ReadBufferedSocket;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;

/**
 * Tells which socket carries the response to a GET. The MinIO client runs its calls on OkHttp's threads, so a request
 * that wants its socket names itself with a header ({@link #HEADER}); when OkHttp hands the call a connection, this
 * listener marks the start of the response on the socket's input and files the socket under that name.
 */
final class ResponseSockets extends EventListener {
    static final String HEADER = "X-Sagebox-Request";

    private final ConcurrentHashMap<String, ReadBufferedSocket> byRequest = new ConcurrentHashMap<>();

    String newRequestName() {
        return UUID.randomUUID().toString();
    }

    @Override
    public void connectionAcquired(Call call, Connection connection) {
        if (!(connection.socket() instanceof ReadBufferedSocket socket)) {
            return; // TLS, or a socket not made by our factory: its bodies are read the ordinary way.
        }
        try {
            socket.responseInput().markResponseStart();
        } catch (IOException closed) {
            return;
        }
        String name = call.request().header(HEADER);
        if (name != null) {
            // A retry on a fresh connection acquires again: the last socket is the one that answers.
            byRequest.put(name, socket);
        }
    }

    /** The socket that carried the named request's response, handed out once. */
    Optional<ReadBufferedSocket> take(String name) {
        return Optional.ofNullable(byRequest.remove(name));
    }
}
