package dev.sagebox.storage.credentials;

import dev.sagebox.core.credentials.AccessPolicy;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.core.credentials.CredentialIssuer;
import dev.sagebox.core.credentials.DelegatedCredentials;
import dev.sagebox.core.credentials.IssuedCredentials;
import dev.sagebox.core.credentials.S3Grant;
import dev.sagebox.core.credentials.SessionCredentials;
import dev.sagebox.storage.OwnerOnly;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials derived, not stored: a resource's access key id, secret and session token for a rotation window are
 * HMACs of a key only this server holds ({@code issuer.key}, 0600), its ARN and the window's number. Nothing secret
 * is kept in the database, and after a restart the same resources get the same credentials. A window's credentials
 * verify during it and the next one (their {@code Expiration} is the end of the next window), and each window's are
 * written to the resource's {@code credentials.json} when it starts, so clients that refresh before expiry (boto3 and
 * the SDKs do, some minutes ahead) always find newer ones.
 *
 * <p>Under {@code root}: {@code issuer.key}; per resource a folder (a hash of its ARN) with {@code owner.properties}
 * (its ARN and policy, 0600, read back at start) and {@code aws/}, the folder mounted into its containers.
 */
public final class FileCredentialIssuer implements CredentialIssuer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileCredentialIssuer.class);
    /** Long enough that a job's clients rarely refresh, short enough that a leaked key soon stops working. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);
    private static final String KEY_FILE = "issuer.key";
    private static final String OWNER_FILE = "owner.properties";
    private static final String DELIVERY = "aws";

    private record Owner(String arn, AccessPolicy policy, Path folder) {
    }

    private record Index(long window, Map<String, IssuedCredentials> byAccessKey) {
    }

    private final Path root;
    private final byte[] key;
    private final Clock clock;
    private final Duration window;
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    private final ScheduledExecutorService rotator;
    private volatile Index index = new Index(Long.MIN_VALUE, Map.of());
    private long writtenWindow = Long.MIN_VALUE;

    private FileCredentialIssuer(Path root, byte[] key, Clock clock, Duration window) {
        this.root = root;
        this.key = key;
        this.clock = clock;
        this.window = window;
        this.rotator = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sagebox-credential-rotation");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens (or creates) the issuer under {@code root}, takes back the resources that had credentials, rotates. */
    public static FileCredentialIssuer open(Path root, Clock clock, Duration window) {
        if (window.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("the credential rotation window must be at least a minute");
        }
        try {
            OwnerOnly.directory(root);
            FileCredentialIssuer issuer = new FileCredentialIssuer(root, key(root.resolve(KEY_FILE)), clock, window);
            issuer.load();
            issuer.rotate();
            long period = Math.max(1, Math.min(60, window.toSeconds() / 10));
            // The rotator is the issuer's own and stops at close; rotateQuietly catches its failures.
            var unused = issuer.rotator.scheduleWithFixedDelay(issuer::rotateQuietly, period, period, TimeUnit.SECONDS);
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the credential issuer in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CredentialDelivery issue(String ownerArn, AccessPolicy policy) {
        Path folder = root.resolve(folderName(ownerArn));
        Owner owner = new Owner(ownerArn, policy, folder);
        try {
            OwnerOnly.directory(folder);
            writeOwner(owner);
            Path delivery = folder.resolve(DELIVERY);
            // Readable by any user in the container: the home above is 0700.
            CredentialFiles.prepare(delivery);
            synchronized (this) {
                owners.put(ownerArn, owner);
                writeCredentials(owner, currentWindow());
                index = build(currentWindow());
            }
            return new CredentialDelivery(delivery);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the credentials of " + ownerArn + ": " + e.getMessage(), e);
        }
    }

    /** Issues them as {@link #issue} does (they verify, and are revoked, alike) and hands out their key. */
    @Override
    public DelegatedCredentials delegate(String ownerArn, AccessPolicy policy) {
        issue(ownerArn, policy);
        return delegated(ownerArn);
    }

    @Override
    public void revoke(String ownerArn) {
        Owner owner;
        synchronized (this) {
            owner = owners.remove(ownerArn);
            index = build(currentWindow());
        }
        Path folder = owner != null ? owner.folder() : root.resolve(folderName(ownerArn));
        deleteTree(folder);
    }

    @Override
    public void revokeAllBut(Set<String> liveOwnerArns) {
        for (String owner : List.copyOf(owners.keySet())) {
            if (!liveOwnerArns.contains(owner)) {
                LOG.info("revoking the credentials of {}, which has ended", owner);
                revoke(owner);
            }
        }
    }

    @Override
    public Optional<IssuedCredentials> find(String accessKeyId) {
        // Called for every signed request, on the server's I/O threads too: a new window only rebuilds the index
        // (HMACs, no I/O); the files are rewritten by the rotation timer.
        Index current = index;
        long now = currentWindow();
        if (current.window() != now) {
            synchronized (this) {
                if (index.window() != now) {
                    index = build(now);
                }
                current = index;
            }
        }
        return Optional.ofNullable(current.byAccessKey().get(accessKeyId));
    }

    @Override
    public void close() {
        rotator.shutdownNow();
    }

    /** The credentials of {@code ownerArn} for {@code window}: the same on every server start. */
    SessionCredentials credentials(String ownerArn, long windowNumber) {
        return delegated(ownerArn).at(windowNumber);
    }

    private DelegatedCredentials delegated(String ownerArn) {
        return DelegatedCredentials.of(key, ownerArn, window);
    }

    /**
     * The credentials of {@code ownerArn} for {@code window} as Sagebox derived them before it could delegate them
     * (up to 2026-12). They verify too, so that a container started before an upgrade goes on until it refreshes.
     */
    private SessionCredentials previousDerivation(String ownerArn, long windowNumber) {
        byte[] id = hmac("access-key-id\n" + ownerArn + "\n" + windowNumber);
        String accessKeyId = "ASIA" + HexFormat.of().withUpperCase().formatHex(id, 0, 8);
        String secret = Base64.getEncoder().encodeToString(hmac("secret\n" + accessKeyId)).substring(0, 40);
        String token = Base64.getEncoder().encodeToString(hmac("session-token\n" + accessKeyId + "\n" + ownerArn));
        Instant expiration = Instant.ofEpochMilli((windowNumber + 2) * window.toMillis());
        return new SessionCredentials(accessKeyId, secret, token, expiration);
    }

    private long currentWindow() {
        return Math.floorDiv(clock.millis(), window.toMillis());
    }

    /** One round of the rotation timer: a new window's credentials are written for every resource. */
    synchronized void rotate() {
        long now = currentWindow();
        if (now != writtenWindow) {
            for (Owner owner : owners.values()) {
                try {
                    writeCredentials(owner, now);
                } catch (IOException e) {
                    LOG.warn("could not rotate the credentials of {}: {}", owner.arn(), e.getMessage());
                }
            }
            writtenWindow = now;
        }
        if (index.window() != now) {
            index = build(now);
        }
    }

    private void rotateQuietly() {
        try {
            rotate();
        } catch (RuntimeException e) {
            LOG.warn("credential rotation failed: {}", e.getMessage());
        }
    }

    /** This window's and the previous window's credentials of every resource verify. */
    private Index build(long now) {
        Map<String, IssuedCredentials> byKey = new ConcurrentHashMap<>();
        for (Owner owner : owners.values()) {
            for (long w = now - 1; w <= now; w++) {
                for (SessionCredentials c : List.of(credentials(owner.arn(), w), previousDerivation(owner.arn(), w))) {
                    byKey.put(c.accessKeyId(), new IssuedCredentials(c, owner.arn(), owner.policy()));
                }
            }
        }
        return new Index(now, Map.copyOf(byKey));
    }

    private void writeCredentials(Owner owner, long windowNumber) throws IOException {
        CredentialFiles.write(owner.folder().resolve(DELIVERY), credentials(owner.arn(), windowNumber));
    }

    private static void writeOwner(Owner owner) throws IOException {
        Properties p = new Properties();
        p.setProperty("ownerArn", owner.arn());
        p.setProperty("allS3", Boolean.toString(owner.policy().allS3()));
        p.setProperty("allActions", Boolean.toString(owner.policy().allActions()));
        List<S3Grant> grants = owner.policy().s3();
        for (int i = 0; i < grants.size(); i++) {
            S3Grant g = grants.get(i);
            p.setProperty("s3." + i + ".bucket", g.bucket());
            p.setProperty("s3." + i + ".prefix", g.keyPrefix());
            p.setProperty("s3." + i + ".write", Boolean.toString(g.write()));
        }
        Path file = owner.folder().resolve(OWNER_FILE);
        Path temporary = owner.folder().resolve("." + OWNER_FILE + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, OwnerOnly.fileAttributes());
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            p.store(out, "the resource these credentials belong to, and their policy");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path folder : folders) {
                Path file = folder.resolve(OWNER_FILE);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                List<S3Grant> grants = new ArrayList<>();
                for (int i = 0; p.getProperty("s3." + i + ".bucket") != null; i++) {
                    grants.add(new S3Grant(p.getProperty("s3." + i + ".bucket"), p.getProperty("s3." + i + ".prefix"),
                            Boolean.parseBoolean(p.getProperty("s3." + i + ".write"))));
                }
                String arn = p.getProperty("ownerArn");
                owners.put(arn, new Owner(arn, new AccessPolicy(grants, Boolean.parseBoolean(p.getProperty("allS3")),
                        Boolean.parseBoolean(p.getProperty("allActions"))), folder));
            }
        }
    }

    private static byte[] key(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readAllBytes(file);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, OwnerOnly.fileAttributes());
        Files.write(temporary, key);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        return key;
    }

    private byte[] hmac(String text) {
        return DelegatedCredentials.hmac(key, text);
    }

    private static String folderName(String ownerArn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ownerArn.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not remove the revoked credentials in {}: {}", folder, e.getMessage());
        }
    }
}
