package dev.sagebox.api.console;

import dev.sagebox.api.http.BodyReader;
import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.util.Deque;

/**
 * {@code /console}: the web console. {@code GET /console/login?token=…} spends a one-time link and opens a session
 * (an HttpOnly, SameSite=Strict cookie scoped to {@code /console}); with a session, {@code GET} serves the pages and
 * {@code POST /console/api/<service>/<Operation>} reads through {@link ConsoleProxy}. Without one every request is
 * refused before anything is looked up, so no resource name leaks. Runs on a worker thread.
 */
public final class ConsoleHandler implements HttpHandler {
    /** Where the console lives; both {@code /console} and everything under {@code /console/} come here. */
    public static final String PATH = "/console";
    static final String LOGIN_PATH = PATH + "/login";
    static final String API_PATH = PATH + "/api/";
    static final String SESSION_COOKIE = "sagebox-console-session";
    /**
     * The header the page sends with every API call: a cross-site form or image cannot send it, and a cross-site
     * script cannot either without a CORS preflight, which nothing here answers.
     */
    static final String PAGE_HEADER = "X-Sagebox-Console";
    private static final int MAX_BODY = 1 << 20;
    private static final HttpString CONTENT_SECURITY_POLICY = new HttpString("Content-Security-Policy");
    private static final HttpString REFERRER_POLICY = new HttpString("Referrer-Policy");
    private static final HttpString CONTENT_TYPE_OPTIONS = new HttpString("X-Content-Type-Options");
    private static final HttpString FRAME_OPTIONS = new HttpString("X-Frame-Options");

    private final ConsoleLinks links;
    private final ConsoleSessions sessions;
    private final ConsoleProxy proxy;
    private final ConsoleAssets assets;

    public ConsoleHandler(ConsoleLinks links, ConsoleSessions sessions, ConsoleProxy proxy) {
        this(links, sessions, proxy, new ConsoleAssets(ConsoleHandler.class.getClassLoader(), "console/"));
    }

    ConsoleHandler(ConsoleLinks links, ConsoleSessions sessions, ConsoleProxy proxy, ConsoleAssets assets) {
        this.links = links;
        this.sessions = sessions;
        this.proxy = proxy;
        this.assets = assets;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws IOException {
        // The login URL carries its token: no page here may pass it on as a referrer, nor be framed by another.
        exchange.getResponseHeaders()
                .put(Headers.CACHE_CONTROL, "no-store")
                .put(REFERRER_POLICY, "no-referrer")
                .put(CONTENT_TYPE_OPTIONS, "nosniff")
                .put(FRAME_OPTIONS, "DENY")
                .put(CONTENT_SECURITY_POLICY, "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                        + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        String path = exchange.getRequestPath();
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        if (get && path.equals(LOGIN_PATH)) {
            login(exchange);
            return;
        }
        Cookie session = exchange.getRequestCookie(SESSION_COOKIE);
        if (session == null || !sessions.isOpen(session.getValue())) {
            throw new SageboxException(ErrorCode.CONSOLE_SESSION_REQUIRED,
                    "Open the console through the link that ./sagebox console-url prints.");
        }
        if (path.startsWith(API_PATH) && exchange.getRequestMethod().equals(Methods.POST)) {
            api(exchange, path.substring(API_PATH.length()));
        } else if (get && path.equals(PATH)) {
            // The page's relative addresses (app.js, api/…) resolve under the folder, so it is served from there.
            redirect(exchange, PATH + "/");
        } else if (get && path.startsWith(PATH + "/")) {
            assets.send(exchange, path.substring(PATH.length() + 1));
        } else {
            throw new SageboxException(ErrorCode.UNKNOWN_OPERATION,
                    "No operation at " + exchange.getRequestMethod() + " " + path);
        }
    }

    private void login(HttpServerExchange exchange) {
        Deque<String> token = exchange.getQueryParameters().get("token");
        if (token == null || token.size() != 1 || !links.redeem(token.getFirst())) {
            throw new SageboxException(ErrorCode.CONSOLE_FORBIDDEN, "This console link was used already, has expired"
                    + " or was never issued: run ./sagebox console-url for a new one.");
        }
        exchange.setResponseCookie(new CookieImpl(SESSION_COOKIE, sessions.open())
                .setPath(PATH)
                .setHttpOnly(true)
                .setSameSiteMode("Strict"));
        redirect(exchange, PATH + "/");
    }

    private void api(HttpServerExchange exchange, String address) throws IOException {
        if (!"1".equals(exchange.getRequestHeaders().getFirst(PAGE_HEADER)) || !sameOrigin(exchange)) {
            throw new SageboxException(ErrorCode.CONSOLE_FORBIDDEN, "Console API calls come from the console's page.");
        }
        int slash = address.indexOf('/');
        if (slash <= 0 || slash == address.length() - 1 || address.indexOf('/', slash + 1) >= 0) {
            throw new SageboxException(ErrorCode.UNKNOWN_OPERATION, "Console API calls are /console/api/<service>/<Operation>.");
        }
        byte[] body = BodyReader.read(exchange, MAX_BODY, BodyReader.controlPlaneTooLarge(MAX_BODY));
        proxy.invoke(address.substring(0, slash), address.substring(slash + 1), body, exchange);
    }

    /** A browser names the page's origin on a POST; it must be this server as the browser reached it. */
    private static boolean sameOrigin(HttpServerExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        return origin == null || (host != null && origin.equals(exchange.getRequestScheme() + "://" + host));
    }

    private static void redirect(HttpServerExchange exchange, String location) {
        exchange.setStatusCode(StatusCodes.SEE_OTHER);
        exchange.getResponseHeaders().put(Headers.LOCATION, location);
        exchange.endExchange();
    }
}
