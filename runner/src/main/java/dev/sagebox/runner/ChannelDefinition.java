package dev.sagebox.runner;

import java.util.Objects;
import java.util.Optional;

/**
 * One input channel of a training job.
 *
 * @param inputMode the channel's own InputMode, else the job's TrainingInputMode
 */
public record ChannelDefinition(
        String name,
        S3DataType s3DataType,
        String s3Uri,
        S3DataDistribution distribution,
        Optional<String> contentType,
        CompressionType compression,
        RecordWrapperType recordWrapper,
        ChannelInputMode inputMode) {
    public ChannelDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(s3DataType, "s3DataType");
        Objects.requireNonNull(s3Uri, "s3Uri");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(recordWrapper, "recordWrapper");
        Objects.requireNonNull(inputMode, "inputMode");
    }

    /** S3DataType values Sagebox delivers. */
    public enum S3DataType {
        S3_PREFIX("S3Prefix"),
        MANIFEST_FILE("ManifestFile");

        private final String wireName;

        S3DataType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** S3DataDistributionType. */
    public enum S3DataDistribution {
        FULLY_REPLICATED("FullyReplicated"),
        SHARDED_BY_S3_KEY("ShardedByS3Key");

        private final String wireName;

        S3DataDistribution(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** CompressionType (Gzip only in Pipe mode). */
    public enum CompressionType {
        NONE("None"),
        GZIP("Gzip");

        private final String wireName;

        CompressionType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** RecordWrapperType. */
    public enum RecordWrapperType {
        NONE("None"),
        RECORD_IO("RecordIO");

        private final String wireName;

        RecordWrapperType(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
