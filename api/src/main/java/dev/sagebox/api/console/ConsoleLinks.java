package dev.sagebox.api.console;

import dev.sagebox.storage.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The web console's one-time links, kept as files so that {@code ./sagebox console-url}, a process of its own, can
 * issue them to the running server: each is a file named by the SHA-256 of its token (a reader of the folder learns
 * no usable token) holding its expiry. Redeeming deletes the file first, so a link opens at most one session even
 * when two requests race for it.
 */
public final class ConsoleLinks {
    /** How long a link can be used, once. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final int TOKEN_BYTES = 32;
    /** A token as {@link #issue} makes it; anything else is not looked up at all. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final Path dir;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ConsoleLinks(Path dir, Clock clock) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The links' folder under a Sagebox home. */
    public static ConsoleLinks inHome(Path home, Clock clock) {
        return new ConsoleLinks(home.resolve("console").resolve("links"), clock);
    }

    /** A new token, valid once within {@link #LIFETIME}; expired links left by earlier runs are removed. */
    public String issue() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            ownerOnlyDirectories(dir);
            removeExpired();
            Path tmp = Files.createTempFile(dir, ".issuing-", ".tmp", OwnerOnly.fileAttributes());
            Files.writeString(tmp, clock.instant().plus(LIFETIME).toString(), StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
            // Renamed into place whole, so the server never reads a half-written expiry.
            Files.move(tmp, dir.resolve(hash(token)), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a console link under " + dir, e);
        }
        return token;
    }

    /** Spends a token: true when it was issued, not yet used and not expired. A refused token stays refused. */
    public boolean redeem(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return false;
        }
        Path file = dir.resolve(hash(token));
        String expiry;
        try {
            expiry = Files.readString(file, StandardCharsets.US_ASCII).strip();
            Files.delete(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console link " + file, e);
        }
        try {
            return clock.instant().isBefore(Instant.parse(expiry));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Creates {@code dir} and whichever of its parents are missing, each 0700: console-url may run before the server
     * ever made the home, which holds everything the server keeps.
     */
    private static void ownerOnlyDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            OwnerOnly.directory(p);
        }
        OwnerOnly.directory(dir);
    }

    private void removeExpired() throws IOException {
        Instant now = clock.instant();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                try {
                    if (!now.isBefore(Instant.parse(Files.readString(file, StandardCharsets.US_ASCII).strip()))) {
                        Files.deleteIfExists(file);
                    }
                } catch (DateTimeParseException | NoSuchFileException e) {
                    // Being written by another console-url, or already spent: not ours to judge.
                }
            }
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
