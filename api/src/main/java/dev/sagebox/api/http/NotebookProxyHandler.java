package dev.sagebox.api.http;

import dev.sagebox.hosting.NotebookAccess;
import dev.sagebox.hosting.NotebookInstance;
import dev.sagebox.hosting.NotebookServer;
import io.undertow.attribute.ExchangeAttributes;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.server.handlers.ResponseCodeHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Serves each notebook instance's Jupyter under {@code /notebooks/{name}/} on the API port, to holders of a presigned
 * URL only. The API port was chosen over a listener of its own because the presigned URL and DescribeNotebookInstance's
 * Url then name the one address users already know, and everything here is as loopback-only as the API.
 *
 * <p>{@code GET /notebooks/{name}?authToken=…} spends the URL's one-time token and sets a session cookie scoped to
 * the instance's path for as long as the URL asked; requests carrying a live session are forwarded, HTTP and
 * WebSocket (kernels, terminals) alike, to the Jupyter container's loopback port with Jupyter's own token added,
 * which only Sagebox knows. Everything else is refused with 403. Runs on the I/O thread: nothing here blocks.
 */
public final class NotebookProxyHandler implements HttpHandler {
    /** The session cookie; its path scopes it to one instance, so one browser can hold sessions of several. */
    static final String SESSION_COOKIE = "sagebox-notebook-session";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

    private final NotebookAccess access;
    private final Function<String, Optional<NotebookServer>> servers;
    private final UnaryOperator<String> jupyterTokens;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    /**
     * @param servers where each instance in service answers, by name
     * @param jupyterTokens the token each instance's Jupyter answers to, by name
     */
    public NotebookProxyHandler(NotebookAccess access, Function<String, Optional<NotebookServer>> servers,
            UnaryOperator<String> jupyterTokens) {
        this.access = access;
        this.servers = servers;
        this.jupyterTokens = jupyterTokens;
    }

    /** A Jupyter server and the proxy that reaches it; rebuilt when the instance gets a new server. */
    private record Route(NotebookServer server, LoadBalancingProxyClient client, URI target, ProxyHandler proxy) {
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String rest = exchange.getRequestPath().substring(NotebookInstance.PATH_PREFIX.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        if (!NAME.matcher(name).matches()) {
            refuse(exchange, StatusCodes.NOT_FOUND, "No notebook instance at this address.");
            return;
        }
        String base = NotebookInstance.basePath(name);
        Deque<String> authToken = exchange.getQueryParameters().get("authToken");
        if (authToken != null && !authToken.isEmpty() && (slash < 0 || slash == rest.length() - 1)) {
            openSession(exchange, name, base, authToken.getFirst());
            return;
        }
        if (slash < 0) {
            // The session cookie is scoped to the path with its slash; redirecting there reveals nothing.
            redirect(exchange, base);
            return;
        }
        Cookie session = exchange.getRequestCookie(SESSION_COOKIE);
        if (session == null || !access.authorised(name, session.getValue())) {
            refuse(exchange, StatusCodes.FORBIDDEN, "Forbidden: open this notebook instance with a URL from"
                    + " CreatePresignedNotebookInstanceUrl.");
            return;
        }
        Optional<NotebookServer> server = servers.apply(name);
        if (server.isEmpty()) {
            notRunning(exchange, name);
            return;
        }
        withoutSessionCookie(exchange);
        route(name, server.get()).proxy().handleRequest(exchange);
    }

    private void openSession(HttpServerExchange exchange, String name, String base, String token) {
        if (servers.apply(name).isEmpty()) {
            // The token is kept: the same URL works once the instance is in service, within its five minutes.
            notRunning(exchange, name);
            return;
        }
        Optional<NotebookAccess.Session> session = access.redeem(name, token);
        if (session.isEmpty()) {
            refuse(exchange, StatusCodes.FORBIDDEN, "Forbidden: this presigned URL has expired or was already used."
                    + " Ask CreatePresignedNotebookInstanceUrl for a new one.");
            return;
        }
        long seconds = session.get().lifetime().toSeconds();
        exchange.setResponseCookie(new CookieImpl(SESSION_COOKIE, session.get().id())
                .setPath(base)
                .setHttpOnly(true)
                .setSameSiteMode("Lax")
                .setMaxAge((int) Math.min(Integer.MAX_VALUE, seconds)));
        redirect(exchange, base + "tree");
    }

    private Route route(String name, NotebookServer server) {
        String key = name.toLowerCase(Locale.ROOT);
        Route current = routes.get(key);
        if (current != null && current.server().equals(server)) {
            return current;
        }
        URI target = URI.create("http://" + server.host() + ":" + server.hostPort());
        // Upgraded (WebSocket) requests keep their backend connection for themselves.
        LoadBalancingProxyClient client = new LoadBalancingProxyClient(
                exchange -> exchange.getRequestHeaders().contains(Headers.UPGRADE))
                .setConnectionsPerThread(16)
                .addHost(target);
        ProxyHandler proxy = ProxyHandler.builder()
                .setProxyClient(client)
                .setMaxRequestTime(-1)
                .setRewriteHostHeader(false)
                .addRequestHeader(Headers.AUTHORIZATION, ExchangeAttributes.constant("token " + jupyterTokens.apply(name)))
                .setNext(ResponseCodeHandler.HANDLE_404)
                .build();
        Route next = new Route(server, client, target, proxy);
        Route previous = routes.put(key, next);
        if (previous != null && !previous.target().equals(target)) {
            previous.client().removeHost(previous.target());
        }
        return next;
    }

    /** Jupyter never sees Sagebox's session: the cookie is dropped from what is forwarded. */
    private static void withoutSessionCookie(HttpServerExchange exchange) {
        HeaderValues cookies = exchange.getRequestHeaders().get(Headers.COOKIE);
        if (cookies == null) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String header : cookies) {
            for (String part : header.split(";")) {
                String trimmed = part.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith(SESSION_COOKIE + "=")) {
                    kept.add(trimmed);
                }
            }
        }
        exchange.getRequestHeaders().remove(Headers.COOKIE);
        if (!kept.isEmpty()) {
            exchange.getRequestHeaders().put(Headers.COOKIE, String.join("; ", kept));
        }
    }

    private static void notRunning(HttpServerExchange exchange, String name) {
        refuse(exchange, StatusCodes.SERVICE_UNAVAILABLE, "Notebook instance " + name
                + " is not in service. Start it with StartNotebookInstance and wait for InService.");
    }

    private static void redirect(HttpServerExchange exchange, String location) {
        exchange.setStatusCode(StatusCodes.FOUND);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.endExchange();
    }

    private static void refuse(HttpServerExchange exchange, int status, String text) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(text + "\n");
    }
}
