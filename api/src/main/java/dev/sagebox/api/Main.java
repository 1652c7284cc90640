package dev.sagebox.api;

import java.util.concurrent.CountDownLatch;

/** {@code java -jar sagebox.jar [flags]}: runs the server in the foreground until interrupted. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        SageboxConfig config;
        try {
            config = SageboxConfig.from(System.getenv(), args);
        } catch (IllegalArgumentException e) {
            System.err.println("sagebox: " + e.getMessage());
            System.exit(2);
            return;
        }
        Sagebox sagebox = Sagebox.builder(config).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sagebox.close();
            stopped.countDown();
        }, "sagebox-shutdown"));
        System.out.println("Sagebox is ready: API and runtime on http://" + config.host() + ":" + sagebox.port());
        stopped.await();
    }
}
