package dev.sagebox.hosting;

import dev.sagebox.storage.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token each notebook instance's Jupyter answers to, derived, not stored: an HMAC of the instance's name (its ARN
 * on this server) under a key only this server holds ({@value #KEY_FILE} in {@code SAGEBOX_HOME}, 0600). Nothing
 * secret is in the database, and a restarted Sagebox derives the same token for the Jupyter it adopts.
 */
public final class JupyterTokens {
    /** The key's file in {@code SAGEBOX_HOME}. */
    public static final String KEY_FILE = "jupyter-token.key";
    private static final int KEY_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private JupyterTokens(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
    }

    /** Tokens under the key in {@code home}, made (0600) on first use. */
    public static JupyterTokens inHome(Path home) {
        Path file = home.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                byte[] key = Files.readAllBytes(file);
                if (key.length < KEY_BYTES) {
                    throw new IllegalStateException(file + " is shorter than " + KEY_BYTES + " bytes; delete it and"
                            + " restart Sagebox (running notebook instances then start a new Jupyter)");
                }
                OwnerOnly.file(file);
                return new JupyterTokens(key);
            }
            byte[] key = randomKey();
            Path temporary = file.resolveSibling(KEY_FILE + ".new");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, OwnerOnly.fileAttributes());
            Files.write(temporary, key);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return new JupyterTokens(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** Tokens under a key kept in memory only: a restarted server cannot adopt the Jupyter it started. */
    public static JupyterTokens ephemeral() {
        return new JupyterTokens(randomKey());
    }

    /** The Jupyter token of the notebook instance called {@code notebookName} (case-insensitively). */
    public String forNotebook(String notebookName) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] digest = mac.doFinal(("jupyter-token\n" + notebookName.toLowerCase(Locale.ROOT))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
