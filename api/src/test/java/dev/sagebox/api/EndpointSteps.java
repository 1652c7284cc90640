package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.docker.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantInstanceType;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/** The endpoint steps the endpoint tests share (EndpointIT on Docker, EndpointComponentTest on the fake engine). */
final class EndpointSteps {
    private EndpointSteps() {
    }

    /**
     * What a container's 500 (from a server that logs "serving on port 8080 as …" at start, as the test servers do)
     * becomes: a ModelError naming the log stream, which holds that line, stamped while the instance started.
     */
    static void assertServerModelError(ModelErrorException e, SageMakerClient sm, CloudWatchLogsClient logs,
            String endpoint, Duration wait) {
        assertThat(e.statusCode()).isEqualTo(424);
        assertThat(e.originalStatusCode()).isEqualTo(500);
        assertThat(e.originalMessage()).startsWith("failure from ");
        assertThat(e.awsErrorDetails().errorMessage()).startsWith("Received server error (500) from primary with"
                + " message \"failure from ").contains("See the log stream E500/")
                .contains(" of log group /aws/sagemaker/Endpoints/" + endpoint + " in account 123456789012")
                .endsWith("(./sagebox logs " + endpoint + " prints it).").doesNotContain("console.aws");
        assertThat(e.logStreamArn()).isEqualTo(
                "arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/" + endpoint);
        String stream = e.awsErrorDetails().errorMessage().replaceAll(".*See the log stream (\\S+) .*", "$1");
        List<OutputLogEvent> events = Poll.value(wait, "the instance's log", () -> Optional.of(logs.getLogEvents(r -> r
                .logGroupName("/aws/sagemaker/Endpoints/" + endpoint).logStreamName(stream).startFromHead(true)
                .limit(100)).events()).filter(l -> !l.isEmpty()));
        assertThat(events.get(0).message()).startsWith("serving on port 8080 as ");
        DescribeEndpointResponse d = sm.describeEndpoint(r -> r.endpointName(endpoint));
        assertThat(Instant.ofEpochMilli(events.get(0).timestamp())).as("written while the instance started")
                .isBetween(d.creationTime().minusSeconds(1), d.lastModifiedTime().plusSeconds(1));
    }

    static ProductionVariant variant(String name, String model, int count, float weight) {
        return ProductionVariant.builder().variantName(name).modelName(model).initialInstanceCount(count)
                .instanceType(ProductionVariantInstanceType.ML_T2_MEDIUM).initialVariantWeight(weight).build();
    }

    static String arn(String endpoint) {
        return "arn:aws:sagemaker:us-east-1:123456789012:endpoint/" + endpoint;
    }

    /** The endpoint once it is in {@code status}; fails at once if it turns Failed while another is awaited. */
    static DescribeEndpointResponse awaitStatus(SageMakerClient sm, String name, EndpointStatus status,
            Duration wait) {
        return Poll.value(wait, name + " " + status, () -> {
            DescribeEndpointResponse d = sm.describeEndpoint(r -> r.endpointName(name));
            if (d.endpointStatus() == EndpointStatus.FAILED && status != EndpointStatus.FAILED) {
                throw new AssertionError(name + " failed: " + d.failureReason());
            }
            return d.endpointStatus() == status ? Optional.of(d) : Optional.empty();
        });
    }

    /** "Variant:current/desired weight:current/desired count" per variant. */
    static List<String> counts(DescribeEndpointResponse d) {
        List<String> out = new ArrayList<>();
        for (ProductionVariantSummary v : d.productionVariants()) {
            out.add(v.variantName() + ":" + v.currentWeight() + "/" + v.desiredWeight() + ":"
                    + v.currentInstanceCount() + "/" + v.desiredInstanceCount());
        }
        return out;
    }

    /**
     * Clients invoking an endpoint in a loop until closed, each on its own thread: how many answered, the tag each
     * answer carried, and every failure.
     */
    static final class Load implements AutoCloseable {
        final AtomicInteger served = new AtomicInteger();
        final List<Throwable> failures = new CopyOnWriteArrayList<>();
        final Set<String> tags = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool;
        private final List<Future<?>> clients = new ArrayList<>();

        /** {@code invocation}: one call, answering the tag of the instance that served it. */
        Load(int threads, Callable<String> invocation) {
            pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                clients.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            tags.add(invocation.call());
                            served.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                }));
            }
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            try {
                for (Future<?> f : clients) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
