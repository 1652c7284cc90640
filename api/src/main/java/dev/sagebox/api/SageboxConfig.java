package dev.sagebox.api;

import dev.sagebox.core.Quotas;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of a Sagebox server. The environment variable names are pinned (other tools depend on them); flags
 * mirror them.
 *
 * @param port API and runtime port on {@code host}; 0 picks a free one
 * @param s3Port embedded S3 port on {@code host}; 0 picks a free one
 * @param externalS3 an S3 endpoint to use instead of the embedded server, with its own keys
 * @param verifySignatures whether SigV4 signatures are checked (on unless switched off)
 * @param training how training jobs run on this host
 * @param hosting how endpoints run on this host
 * @param quotas how much this server starts at most ({@code SAGEBOX_MAX_*}, see {@link Quotas})
 * @param metricsRetention how long CloudWatch metric points are kept ({@code SAGEBOX_METRICS_RETENTION_DAYS},
 *     default 15, as AWS keeps one-minute data)
 * @param ioThreads the HTTP server's I/O threads, which parse requests and route invocations
 *     ({@code SAGEBOX_IO_THREADS}, default half the CPUs)
 * @param zeroCopy whether Pipe mode moves S3 bodies into FIFOs with {@code splice(2)} ({@code SAGEBOX_ZERO_COPY},
 *     default on; {@code off} or {@code false} copies them through the JVM)
 * @param invocationLane whether the API port's own NIO listener serves InvokeEndpoint ({@code SAGEBOX_INVOCATION_LANE},
 *     default on; {@code off} leaves every request to Undertow)
 * @param laneThreads the invocation lane's threads ({@code SAGEBOX_LANE_THREADS}, default one per CPU: they take CPU
 *     only while invocations flow)
 * @param engine where containers run ({@code SAGEBOX_ENGINE}, flag {@code --engine})
 */
public record SageboxConfig(
        String host,
        int port,
        int s3Port,
        Path home,
        String accessKey,
        String secretKey,
        Optional<ExternalS3> externalS3,
        String accountId,
        String region,
        boolean verifySignatures,
        Training training,
        Hosting hosting,
        Quotas quotas,
        Duration metricsRetention,
        int ioThreads,
        boolean zeroCopy,
        boolean invocationLane,
        int laneThreads,
        Engine engine) {

    /**
     * Where Sagebox places its containers.
     *
     * @param swarm {@code false} ({@code local}, the default): on the Docker engine next to the server; {@code true}
     *     ({@code swarm}): endpoint instances and training hosts on the Docker Swarm whose manager that engine is
     * @param registry the registry every swarm node pulls from ({@code SAGEBOX_SWARM_REGISTRY}, default
     *     {@code 127.0.0.1:5000}, the one {@code ./sagebox cluster up} runs)
     */
    public record Engine(boolean swarm, String registry) {
        public static final Engine LOCAL = new Engine(false, "127.0.0.1:5000");

        public Engine {
            Objects.requireNonNull(registry, "registry");
        }
    }

    /**
     * Training on this host.
     *
     * @param capacity how many training containers may run at once ({@code SAGEBOX_TRAINING_CAPACITY}, default the
     *     host's CPUs)
     * @param stopGrace SIGTERM-to-SIGKILL grace for stopped jobs ({@code SAGEBOX_STOP_GRACE_SECONDS}, default 120)
     * @param resourceLimits whether instance types limit CPU and memory ({@code SAGEBOX_RESOURCE_LIMITS=off} runs
     *     unlimited)
     */
    public record Training(int capacity, Duration stopGrace, boolean resourceLimits) {
        public Training {
            if (capacity < 1) {
                throw new IllegalArgumentException("SAGEBOX_TRAINING_CAPACITY must be at least 1");
            }
            Objects.requireNonNull(stopGrace, "stopGrace");
        }
    }

    /**
     * Endpoints on this host.
     *
     * @param startupTimeout how long new instances have to pass the ping health check
     *     ({@code SAGEBOX_ENDPOINT_STARTUP_TIMEOUT_SECONDS}, default 240 as in the contract)
     * @param healthInterval how often instances in service are pinged ({@code SAGEBOX_ENDPOINT_HEALTH_INTERVAL_MILLIS},
     *     default 2000)
     * @param stopGrace SIGTERM-to-SIGKILL grace of removed instances ({@code SAGEBOX_ENDPOINT_STOP_GRACE_SECONDS},
     *     default 30)
     * @param invocationTimeout how long a container may take to answer an invocation
     *     ({@code SAGEBOX_INVOCATION_TIMEOUT_SECONDS}, default 60)
     */
    public record Hosting(Duration startupTimeout, Duration healthInterval,
            Duration stopGrace, Duration invocationTimeout) {
        public Hosting {
            Objects.requireNonNull(startupTimeout, "startupTimeout");
            Objects.requireNonNull(healthInterval, "healthInterval");
            Objects.requireNonNull(stopGrace, "stopGrace");
            Objects.requireNonNull(invocationTimeout, "invocationTimeout");
            if (healthInterval.isZero() || healthInterval.isNegative()) {
                throw new IllegalArgumentException("SAGEBOX_ENDPOINT_HEALTH_INTERVAL_MILLIS must be positive");
            }
        }
    }

    /** An S3 server Sagebox does not run itself (MinIO or any S3 endpoint). */
    public record ExternalS3(URI endpoint, String accessKey, String secretKey) {
        public ExternalS3 {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
        }
    }

    public SageboxConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(externalS3, "externalS3");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(hosting, "hosting");
        Objects.requireNonNull(quotas, "quotas");
    }

    /** The largest number a SAGEBOX_* setting takes. */
    private static final long MAX_NUMBER = 100_000;

    /** Reads the SAGEBOX_* environment, then lets {@code --flag value} arguments override it. */
    public static SageboxConfig from(Map<String, String> env, String... args) {
        Map<String, String> s = new java.util.HashMap<>(env);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String name = switch (flag) {
                case "--port" -> "SAGEBOX_PORT";
                case "--s3-port" -> "SAGEBOX_S3_PORT";
                case "--home" -> "SAGEBOX_HOME";
                case "--s3-endpoint" -> "SAGEBOX_S3_ENDPOINT";
                case "--account-id" -> "SAGEBOX_ACCOUNT_ID";
                case "--region" -> "SAGEBOX_REGION";
                case "--engine" -> "SAGEBOX_ENGINE";
                case "--no-verify-signatures" -> null;
                default -> throw new IllegalArgumentException("unknown flag " + flag
                        + " (flags: --port --s3-port --home --s3-endpoint --account-id --region --engine"
                        + " --no-verify-signatures)");
            };
            if (name == null) {
                s.put("SAGEBOX_VERIFY_SIGNATURES", "false");
            } else if (i + 1 < args.length) {
                s.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(flag + " needs a value");
            }
        }
        String accessKey = s.getOrDefault("SAGEBOX_ACCESS_KEY", "sagebox");
        String secretKey = s.getOrDefault("SAGEBOX_SECRET_KEY", "sagebox-secret");
        Optional<ExternalS3> external = Optional.ofNullable(s.get("SAGEBOX_S3_ENDPOINT"))
                .filter(v -> !v.isBlank())
                .map(e -> new ExternalS3(URI.create(e), s.getOrDefault("SAGEBOX_S3_ACCESS_KEY", accessKey),
                        s.getOrDefault("SAGEBOX_S3_SECRET_KEY", secretKey)));
        return new SageboxConfig(
                s.getOrDefault("SAGEBOX_HOST", "127.0.0.1"),
                (int) number(s, "SAGEBOX_PORT", 7070, 0, 65_535),
                (int) number(s, "SAGEBOX_S3_PORT", 9000, 0, 65_535),
                Path.of(s.getOrDefault("SAGEBOX_HOME", System.getProperty("user.home") + "/.sagebox")),
                accessKey,
                secretKey,
                external,
                s.getOrDefault("SAGEBOX_ACCOUNT_ID", "123456789012"),
                s.getOrDefault("SAGEBOX_REGION", "us-east-1"),
                flag(s, "SAGEBOX_VERIFY_SIGNATURES", true),
                new Training(
                        (int) number(s, "SAGEBOX_TRAINING_CAPACITY", Runtime.getRuntime().availableProcessors(), 1,
                                MAX_NUMBER),
                        Duration.ofSeconds(number(s, "SAGEBOX_STOP_GRACE_SECONDS", 120, 0, MAX_NUMBER)),
                        flag(s, "SAGEBOX_RESOURCE_LIMITS", true)),
                new Hosting(
                        Duration.ofSeconds(number(s, "SAGEBOX_ENDPOINT_STARTUP_TIMEOUT_SECONDS", 240, 1, MAX_NUMBER)),
                        Duration.ofMillis(number(s, "SAGEBOX_ENDPOINT_HEALTH_INTERVAL_MILLIS", 2000, 1, MAX_NUMBER)),
                        Duration.ofSeconds(number(s, "SAGEBOX_ENDPOINT_STOP_GRACE_SECONDS", 30, 0, MAX_NUMBER)),
                        Duration.ofSeconds(number(s, "SAGEBOX_INVOCATION_TIMEOUT_SECONDS", 60, 1, MAX_NUMBER))),
                Quotas.from(s),
                Duration.ofDays(number(s, "SAGEBOX_METRICS_RETENTION_DAYS", 15, 1, MAX_NUMBER)),
                (int) number(s, "SAGEBOX_IO_THREADS", dev.sagebox.api.http.SageboxHttpServer.DEFAULT_IO_THREADS, 1,
                        MAX_NUMBER),
                flag(s, "SAGEBOX_ZERO_COPY", true),
                flag(s, "SAGEBOX_INVOCATION_LANE", true),
                (int) number(s, "SAGEBOX_LANE_THREADS", Runtime.getRuntime().availableProcessors(), 1, 64),
                new Engine(switch (s.getOrDefault("SAGEBOX_ENGINE", "local").strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "local", "" -> false;
                    case "swarm" -> true;
                    default -> throw new IllegalArgumentException("SAGEBOX_ENGINE must be local or swarm, not \""
                            + s.get("SAGEBOX_ENGINE") + "\"");
                }, s.getOrDefault("SAGEBOX_SWARM_REGISTRY", Engine.LOCAL.registry())));
    }

    /** The whole number {@code name} holds, from {@code min} to {@code max}; a bad one is refused by name. */
    private static long number(Map<String, String> s, String name, long fallback, long min, long max) {
        String text = s.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not \""
                + text + "\"");
    }

    /** A switch: {@code true}/{@code on}/{@code yes}/{@code 1} or {@code false}/{@code off}/{@code no}/{@code 0}. */
    private static boolean flag(Map<String, String> s, String name, boolean fallback) {
        String text = s.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false (or on/off), not \"" + text
                    + "\"");
        };
    }

    /** Settings for a test server: free ports, a given home, the default keys. */
    public static SageboxConfig forTests(Path home) {
        return from(Map.of("SAGEBOX_PORT", "0", "SAGEBOX_S3_PORT", "0", "SAGEBOX_HOME", home.toString()));
    }

    public SageboxConfig withVerifySignatures(boolean value) {
        return new SageboxConfig(host, port, s3Port, home, accessKey, secretKey, externalS3, accountId, region, value,
                training, hosting, quotas, metricsRetention, ioThreads,
                zeroCopy, invocationLane, laneThreads, engine);
    }

    public SageboxConfig withTraining(Training value) {
        return new SageboxConfig(host, port, s3Port, home, accessKey, secretKey, externalS3, accountId, region,
                verifySignatures, value, hosting, quotas, metricsRetention, ioThreads,
                zeroCopy, invocationLane, laneThreads, engine);
    }

    public SageboxConfig withHosting(Hosting value) {
        return new SageboxConfig(host, port, s3Port, home, accessKey, secretKey, externalS3, accountId, region,
                verifySignatures, training, value, quotas, metricsRetention, ioThreads,
                zeroCopy, invocationLane, laneThreads, engine);
    }

    public SageboxConfig withQuotas(Quotas value) {
        return new SageboxConfig(host, port, s3Port, home, accessKey, secretKey, externalS3, accountId, region,
                verifySignatures, training, hosting, value, metricsRetention, ioThreads,
                zeroCopy, invocationLane, laneThreads, engine);
    }

    public SageboxConfig withEngine(Engine value) {
        return new SageboxConfig(host, port, s3Port, home, accessKey, secretKey, externalS3, accountId, region,
                verifySignatures, training, hosting, quotas, metricsRetention, ioThreads, zeroCopy, invocationLane,
                laneThreads, value);
    }
}
