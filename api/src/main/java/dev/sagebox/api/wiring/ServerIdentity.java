package dev.sagebox.api.wiring;

import dev.sagebox.storage.OwnerOnly;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The id of this Sagebox server, kept in its home directory: every container it starts carries it, so a restart
 * finds its own containers and leaves other servers' alone.
 */
public final class ServerIdentity {
    private ServerIdentity() {
    }

    public static String of(Path home) {
        Path file = home.resolve("server-id");
        try {
            if (Files.isRegularFile(file)) {
                String id = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (id.matches("[a-f0-9]{8}")) {
                    return id;
                }
            }
            byte[] bytes = new byte[4];
            new SecureRandom().nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            OwnerOnly.file(file);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
