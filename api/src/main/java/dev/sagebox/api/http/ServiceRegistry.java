package dev.sagebox.api.http;

import dev.sagebox.api.auth.SigV4Verifier;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.Errors;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services answered on {@code POST /} and {@code POST /service/…}, found by how a request addresses them: a JSON
 * 1.1 or 1.0 request by its {@code X-Amz-Target} prefix, a form-encoded query-protocol request by its API
 * {@code Version}, a Smithy RPC v2 CBOR request by the service in its path. Immutable.
 */
public final class ServiceRegistry {
    private static final HttpString TARGET = new HttpString("X-Amz-Target");
    /** Where Smithy RPC v2 requests go: {@code POST /service/<service>/operation/<operation>}. */
    public static final String RPC_V2_PREFIX = "/service/";
    private static final String OPERATION_SEGMENT = "/operation/";

    /** The REST services that answer in XML; every other REST service answers in JSON. */
    private static final Set<String> REST_XML_SERVICES = Set.of("s3", "s3control", "route53", "cloudfront");

    private final Map<AwsProtocol, Map<String, AwsService>> byAddress;
    private final AwsService fallback;
    /** Every service's signing name, in the order the services were given. */
    private final Set<String> signingNames;

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
        Set<String> names = new LinkedHashSet<>();
        names.add(fallback.signingName());
        services.forEach(service -> names.add(service.signingName()));
        this.signingNames = java.util.Collections.unmodifiableSet(names);
    }

    /** Whether a service here signs as {@code signingName}; the SageMaker runtime signs as {@code sagemaker} too. */
    public boolean serves(String signingName) {
        return signingNames.contains(signingName);
    }

    /**
     * The protocol a request's shape implies, whatever service it is for: a {@code /service/…} path is RPC v2 CBOR, an
     * {@code X-Amz-Target} JSON (1.0 when its content type says so), a form the query protocol, anything else REST
     * (XML for the services signed as {@code s3}, {@code route53}, …, else JSON).
     */
    public static AwsProtocol shapeOf(HttpServerExchange exchange, String signingName) {
        String path = exchange.getRequestPath();
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        if (path != null && path.startsWith(RPC_V2_PREFIX)) {
            return AwsProtocol.RPC_V2_CBOR;
        }
        if (exchange.getRequestHeaders().contains(TARGET)) {
            return contentType != null && contentType.contains("json-1.0") ? AwsProtocol.JSON_1_0
                    : AwsProtocol.JSON_1_1;
        }
        if (FormBody.isForm(contentType)) {
            return AwsProtocol.QUERY;
        }
        return REST_XML_SERVICES.contains(signingName) ? AwsProtocol.REST_XML : AwsProtocol.REST_JSON;
    }

    /** The error for a request signed for a service no service here signs as; it names what Sagebox serves. */
    public SageboxException unserved(String signingName) {
        List<String> served = signingNames.stream().map(name -> name.equals(SigV4Verifier.SERVICE)
                ? name + " (control plane and runtime)" : name).toList();
        String list = served.size() == 1 ? served.get(0)
                : String.join(", ", served.subList(0, served.size() - 1)) + " and " + served.get(served.size() - 1);
        return Errors.of(ErrorCode.UNKNOWN_OPERATION,
                "Sagebox does not serve the service '%s' (this request was signed for it); it serves %s.",
                signingName, list);
    }

    /**
     * The addressed service and operation (empty when the request names none); {@code named} when the request names
     * the service (its target prefix, API version or path), not when the service was chosen for want of one.
     */
    public record Addressed(AwsService service, Optional<String> operation, boolean named) {
        /** A request that names {@code service}. */
        public Addressed(AwsService service, Optional<String> operation) {
            this(service, operation, true);
        }

        static Addressed unnamed(AwsService service, Optional<String> operation) {
            return new Addressed(service, operation, false);
        }
    }

    public Addressed resolve(HttpServerExchange exchange, byte[] body) {
        String path = exchange.getRequestPath();
        if (path != null && path.startsWith(RPC_V2_PREFIX)) {
            // Smithy RPC v2 CBOR: /service/<service>/operation/<Op>
            String rest = path.substring(RPC_V2_PREFIX.length());
            int slash = rest.indexOf(OPERATION_SEGMENT);
            if (slash > 0) {
                String op = rest.substring(slash + OPERATION_SEGMENT.length());
                Optional<AwsService> service = find(AwsProtocol.RPC_V2_CBOR, rest.substring(0, slash));
                if (service.isPresent()) {
                    return new Addressed(service.get(), op.isEmpty() ? Optional.empty() : Optional.of(op));
                }
            }
            return Addressed.unnamed(fallback, Optional.empty());
        }
        String target = exchange.getRequestHeaders().getFirst(TARGET);
        if (target == null && FormBody.isForm(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))) {
            Map<String, String> form = FormBody.parse(body);
            Optional<AwsService> service = find(AwsProtocol.QUERY, form.get("Version"));
            if (service.isPresent()) {
                return new Addressed(service.get(), Optional.ofNullable(form.get("Action")));
            }
            Map<String, AwsService> query = byAddress.getOrDefault(AwsProtocol.QUERY, Map.of());
            if (!query.isEmpty()) {
                // A form without a known Version is still a query-protocol request: the query service that has its
                // Action runs it; else it is answered in XML with InvalidAction or MissingAction.
                Optional<String> action = Optional.ofNullable(form.get("Action"));
                AwsService chosen = new java.util.TreeMap<>(query).values().stream()
                        .filter(s -> action.isPresent() && s.operations().has(action.get())).findFirst()
                        .orElse(query.get(new java.util.TreeMap<>(query).lastKey()));
                return Addressed.unnamed(chosen, action);
            }
            return Addressed.unnamed(fallback, Optional.empty());
        }
        int dot = target == null ? -1 : target.indexOf('.');
        if (dot < 0) {
            return Addressed.unnamed(fallback, Optional.empty());
        }
        String prefix = target.substring(0, dot);
        return find(AwsProtocol.JSON_1_1, prefix).or(() -> find(AwsProtocol.JSON_1_0, prefix))
                .map(s -> new Addressed(s, Optional.of(target.substring(dot + 1))))
                .orElseGet(() -> Addressed.unnamed(fallback, Optional.empty()));
    }

    private Optional<AwsService> find(AwsProtocol protocol, String address) {
        return address == null ? Optional.empty()
                : Optional.ofNullable(byAddress.getOrDefault(protocol, Map.of()).get(address));
    }
}
