package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.Poll;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * An acknowledged write is on disk before the answer: eight SDK writers create models while the server process is
 * killed with SIGKILL, and after a restart on the same home every model the server acknowledged is there. One round
 * by default; {@code -Dsagebox.durability.rounds=20} repeats it (see SECURITY.md).
 */
@Tag("security")
class KillDuringWritesTest {
    private static final int WRITERS = 8;
    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path parent;
    private Path home;

    static IntStream rounds() {
        return IntStream.rangeClosed(1, Integer.getInteger("sagebox.durability.rounds", 1));
    }

    @ParameterizedTest(name = "round {0}")
    @MethodSource("rounds")
    void everyAcknowledgedModelSurvivesAKillDuringConcurrentWrites(int round) throws Exception {
        home = parent.resolve("home");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Process first = startServer("first");
        AtomicBoolean killed = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try (SageMakerClient sm = client(port(first, "first"))) {
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.submit(() -> {
                    for (int i = 0; !killed.get(); i++) {
                        String name = "w" + writer + "-m" + i;
                        try {
                            sm.createModel(r -> r.modelName(name).executionRoleArn(ModelAndEndpointConfigTest.ROLE)
                                    .primaryContainer(c -> c.image("img:1")));
                            acknowledged.add(name);
                            enough.countDown();
                        } catch (RuntimeException refusedOrCut) {
                            // After the kill the connection is refused; such calls were never acknowledged.
                        }
                    }
                });
            }
            assertThat(enough.await(30, TimeUnit.SECONDS)).as("writers got " + ACKS_BEFORE_KILL + " answers").isTrue();
            first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no H2 close
            first.waitFor();
            killed.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            killed.set(true); // also when the test failed before the kill: no writer or server outlives it
            writers.shutdownNow();
            first.destroyForcibly();
            first.waitFor();
        }

        Process second = startServer("second");
        try (SageMakerClient sm = client(port(second, "second"))) {
            List<String> lost = new ArrayList<>();
            for (String name : acknowledged) {
                try {
                    sm.describeModel(r -> r.modelName(name));
                } catch (RuntimeException missing) {
                    lost.add(name);
                }
            }
            assertThat(lost).as("acknowledged models lost of " + acknowledged.size()).isEmpty();
            System.out.printf("durability round %d: %d models acknowledged before SIGKILL, 0 lost%n", round,
                    acknowledged.size());
        } finally {
            second.destroyForcibly();
            second.waitFor();
        }
    }

    private Process startServer(String run) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, StandaloneSagebox.class.getName(), home.toString(),
                parent.resolve(run + ".port").toString());
        pb.redirectErrorStream(true).redirectOutput(parent.resolve(run + ".log").toFile());
        return pb.start();
    }

    private int port(Process server, String run) throws Exception {
        Path portFile = parent.resolve(run + ".port");
        Poll.until(Duration.ofSeconds(60), "the " + run + " server to answer",
                () -> Files.exists(portFile) || !server.isAlive());
        if (!Files.exists(portFile)) {
            throw new AssertionError("the " + run + " server exited: " + Files.readString(parent.resolve(run + ".log")));
        }
        return Integer.parseInt(Files.readString(portFile).strip());
    }

    private static SageMakerClient client(int port) {
        return SageMakerClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("sagebox", "sagebox-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }
}
