package dev.sagebox.storage;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A bucket and key (or key prefix) in S3, parsed from {@code s3://bucket/key} or a path-style https URL. */
public record S3Location(String bucket, String key) {
    private static final Pattern S3 = Pattern.compile("s3://([^/]+)/?(.*)");
    private static final Pattern HTTPS = Pattern.compile("https://[^/]+/([^/]+)/?(.*)");

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("bucket must not be empty");
        }
    }

    /** Parses an S3 URI as SageMaker accepts it; empty when the text is not one. */
    public static Optional<S3Location> parse(String uri) {
        Matcher m = S3.matcher(uri);
        if (!m.matches()) {
            m = HTTPS.matcher(uri);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(new S3Location(m.group(1), m.group(2)));
    }

    /** The location of {@code relative} below this one, joined with exactly one slash. */
    public S3Location resolve(String relative) {
        if (key.isEmpty()) {
            return new S3Location(bucket, relative);
        }
        return new S3Location(bucket, key.endsWith("/") ? key + relative : key + "/" + relative);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
