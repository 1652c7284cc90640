package dev.sagebox.api;

import java.util.concurrent.CountDownLatch;

/** {@code java -jar sagebox.jar [flags]}: runs the server in the foreground until interrupted. */
public final class Main {
    private Main() {
    }

    /** Starts, then stops at once: the launcher runs this once per build to record the JVM's class-data archive. */
    private static final String EXIT_WHEN_READY = "--exit-when-ready";

    public static void main(String[] args) throws InterruptedException {
        boolean exitWhenReady = java.util.Arrays.asList(args).contains(EXIT_WHEN_READY);
        String[] flags = java.util.Arrays.stream(args).filter(a -> !a.equals(EXIT_WHEN_READY)).toArray(String[]::new);
        SageboxConfig config = configOrExit(flags);
        Sagebox sagebox = Sagebox.builder(config).start();
        if (exitWhenReady) {
            sagebox.close();
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sagebox.close();
            stopped.countDown();
        }, "sagebox-shutdown"));
        System.out.println("Sagebox is ready: API and runtime on http://" + config.host() + ":" + sagebox.port());
        System.out.println("Web console: ./sagebox console-url prints a one-time link to it (same SAGEBOX_* settings)");
        stopped.await();
    }

    /** The settings of the environment and {@code flags}; ends the process with status 2 when they are wrong. */
    public static SageboxConfig configOrExit(String[] flags) {
        try {
            return SageboxConfig.from(System.getenv(), flags);
        } catch (IllegalArgumentException e) {
            System.err.println("sagebox: " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }
}
