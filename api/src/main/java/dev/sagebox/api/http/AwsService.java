package dev.sagebox.api.http;

import io.undertow.server.HttpServerExchange;
import java.util.Objects;

/**
 * One AWS service answered on {@code POST /}: its name, the service its requests are signed for, its protocol, how
 * requests address it (the {@code X-Amz-Target} prefix in JSON 1.1, the API {@code Version} in the query protocol),
 * its operations, and whether it is query compatible (the model trait CloudWatch has in JSON 1.0 and CBOR).
 */
public record AwsService(String name, String signingName, AwsProtocol protocol, String address,
        ServiceOperations operations, boolean queryCompatible) {
    public AwsService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signingName, "signingName");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(operations, "operations");
    }

    /** A service that was never a query-protocol service in another protocol. */
    public AwsService(String name, String signingName, AwsProtocol protocol, String address,
            ServiceOperations operations) {
        this(name, signingName, protocol, address, operations, false);
    }

    /** Records for the error renderer how this service answers errors. */
    public void attachTo(HttpServerExchange exchange) {
        protocol.attachTo(exchange, queryCompatible);
    }
}
