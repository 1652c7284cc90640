package dev.sagebox.api.http;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;

/** The operations of one service: each reads its request in the service's protocol and writes the response. */
public interface ServiceOperations {
    boolean has(String operation);

    /**
     * Runs an operation {@link #has} named, on an authenticated request; {@code body} is the raw request body (JSON,
     * or the form of a query-protocol request).
     */
    void invoke(String operation, byte[] body, HttpServerExchange exchange) throws IOException;
}
