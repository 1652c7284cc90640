package dev.sagebox.storage.credentials;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sagebox.core.credentials.CredentialDelivery;
import dev.sagebox.core.credentials.SessionCredentials;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The folder a container finds its credentials in ({@link CredentialDelivery#CONTAINER_DIRECTORY}): an AWS
 * {@code config} whose {@code credential_process} prints {@code credentials.json}, and that file. Written by the
 * server's issuer, and by the node agent on a swarm node.
 */
public final class CredentialFiles {
    private static final JsonFactory JSON = new JsonFactory();

    private CredentialFiles() {
    }

    /** Creates {@code folder}, readable by any user of the container, with its {@code config}. */
    public static void prepare(Path folder) throws IOException {
        prepare(folder, "cat " + CredentialDelivery.CONTAINER_DIRECTORY + "/credentials.json");
    }

    /** Creates {@code folder} with a {@code config} whose credential_process is {@code process}. */
    public static void prepare(Path folder, String process) throws IOException {
        Files.createDirectories(folder);
        // Readable by any user in the container (a notebook's Jupyter runs as uid 1000).
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        replace(folder.resolve("config"), "[default]\ncredential_process = " + process + "\n");
    }

    /** Replaces {@code credentials.json} in {@code folder} with {@code credentials}, as credential_process prints them. */
    public static void write(Path folder, SessionCredentials credentials) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeNumberField("Version", 1);
            json.writeStringField("AccessKeyId", credentials.accessKeyId());
            json.writeStringField("SecretAccessKey", credentials.secretAccessKey());
            json.writeStringField("SessionToken", credentials.sessionToken());
            json.writeStringField("Expiration", credentials.expiration().toString());
            json.writeEndObject();
        }
        replace(folder.resolve("credentials.json"), text.toString());
    }

    /** Written beside and moved into place, so a client never reads half a file. */
    private static void replace(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".new");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
