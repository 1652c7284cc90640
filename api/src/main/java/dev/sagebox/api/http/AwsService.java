package dev.sagebox.api.http;

import java.util.Objects;

/**
 * One AWS service answered on {@code POST /}: its name, the service its requests are signed for, its protocol, how
 * requests address it (the {@code X-Amz-Target} prefix in JSON 1.1, the API {@code Version} in the query protocol)
 * and its operations.
 */
public record AwsService(String name, String signingName, AwsProtocol protocol, String address,
        ServiceOperations operations) {
    public AwsService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signingName, "signingName");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(operations, "operations");
    }
}
