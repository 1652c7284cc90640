package dev.sagebox.api.console;

import dev.sagebox.api.Main;
import dev.sagebox.api.SageboxConfig;
import java.time.Clock;

/**
 * {@code ./sagebox console-url}: issues a one-time link to the web console of the Sagebox that runs with the same
 * {@code SAGEBOX_*} settings and flags, and prints it. The link reaches the server through the home they share.
 */
public final class ConsoleUrl {
    private ConsoleUrl() {
    }

    public static void main(String[] args) {
        SageboxConfig config = Main.configOrExit(args);
        String token = ConsoleLinks.inHome(config.home(), Clock.systemUTC()).issue();
        System.out.println(link(config.host(), config.port(), token));
    }

    /** The link a browser on this machine follows; a wildcard listen address is reached on the loopback. */
    public static String link(String listenHost, int port, String token) {
        String host = switch (listenHost) {
            case "0.0.0.0", "::", "" -> "127.0.0.1";
            default -> listenHost.contains(":") && !listenHost.startsWith("[") ? "[" + listenHost + "]" : listenHost;
        };
        return "http://" + host + ":" + port + ConsoleHandler.LOGIN_PATH + "?token=" + token;
    }
}
