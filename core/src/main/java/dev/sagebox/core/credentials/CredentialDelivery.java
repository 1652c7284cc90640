package dev.sagebox.core.credentials;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How a container gets its resource's credentials: a host directory, mounted read-only at {@link #CONTAINER_DIRECTORY},
 * holding an AWS config whose {@code credential_process} prints the current credentials with their expiration.
 * boto3, the AWS CLI and the AWS SDKs run it again before the credentials expire, and Sagebox rewrites the file ahead
 * of that, so the credentials rotate while the container runs. No key is in the container's environment.
 */
public record CredentialDelivery(Path hostDirectory) {
    public static final String CONTAINER_DIRECTORY = "/etc/sagebox/aws";

    public CredentialDelivery {
        Objects.requireNonNull(hostDirectory, "hostDirectory");
    }

    /** The environment that points AWS clients at the mounted config. */
    public Map<String, String> environment() {
        return containerEnvironment();
    }

    /** The environment that points AWS clients at a config at {@link #CONTAINER_DIRECTORY}, however it got there. */
    public static Map<String, String> containerEnvironment() {
        return Map.of("AWS_CONFIG_FILE", CONTAINER_DIRECTORY + "/config",
                "AWS_SHARED_CREDENTIALS_FILE", CONTAINER_DIRECTORY + "/no-shared-credentials",
                "AWS_SDK_LOAD_CONFIG", "1");
    }
}
