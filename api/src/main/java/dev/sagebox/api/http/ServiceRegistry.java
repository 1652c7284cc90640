package dev.sagebox.api.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services answered on {@code POST /}, found by how a request addresses them: a JSON 1.1 request by its
 * {@code X-Amz-Target} prefix, a form-encoded query-protocol request by its API {@code Version}. Immutable.
 */
public final class ServiceRegistry {
    private static final HttpString TARGET = new HttpString("X-Amz-Target");

    private final Map<AwsProtocol, Map<String, AwsService>> byAddress;
    private final AwsService fallback;

    /** {@code fallback} answers requests that address no known service (its unknown-operation error included). */
    public ServiceRegistry(List<AwsService> services, AwsService fallback) {
        Map<AwsProtocol, Map<String, AwsService>> map = new HashMap<>();
        for (AwsService service : services) {
            AwsService previous = map.computeIfAbsent(service.protocol(), p -> new HashMap<>())
                    .putIfAbsent(service.address(), service);
            if (previous != null) {
                throw new IllegalArgumentException("two services at " + service.protocol() + " " + service.address());
            }
        }
        map.replaceAll((protocol, addressed) -> Map.copyOf(addressed));
        this.byAddress = Map.copyOf(map);
        this.fallback = fallback;
    }

    /** The addressed service and operation (empty when the request names none). */
    public record Addressed(AwsService service, Optional<String> operation) {
    }

    public Addressed resolve(HttpServerExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst(TARGET);
        if (target == null && FormBody.isForm(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))) {
            Map<String, String> form = FormBody.parse(body);
            Optional<AwsService> service = find(AwsProtocol.QUERY, form.get("Version"));
            if (service.isPresent()) {
                return new Addressed(service.get(), Optional.ofNullable(form.get("Action")));
            }
            Map<String, AwsService> query = byAddress.getOrDefault(AwsProtocol.QUERY, Map.of());
            if (query.size() == 1) {
                // A form without the Version (or Action) is still a query-protocol request: it is answered in XML,
                // with the one query service's InvalidAction or MissingAction.
                return new Addressed(query.values().iterator().next(), Optional.ofNullable(form.get("Action")));
            }
            return new Addressed(fallback, Optional.empty());
        }
        int dot = target == null ? -1 : target.indexOf('.');
        if (dot < 0) {
            return new Addressed(fallback, Optional.empty());
        }
        return find(AwsProtocol.JSON_1_1, target.substring(0, dot))
                .map(s -> new Addressed(s, Optional.of(target.substring(dot + 1))))
                .orElseGet(() -> new Addressed(fallback, Optional.empty()));
    }

    private Optional<AwsService> find(AwsProtocol protocol, String address) {
        return address == null ? Optional.empty()
                : Optional.ofNullable(byAddress.getOrDefault(protocol, Map.of()).get(address));
    }
}
