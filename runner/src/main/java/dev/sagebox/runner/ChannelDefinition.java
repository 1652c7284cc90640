package dev.sagebox.runner;

import dev.sagebox.core.WireNamed;
import dev.sagebox.storage.S3DataDistribution;
import dev.sagebox.storage.S3DataType;
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



    /** CompressionType (Gzip only in Pipe mode). */
    public enum CompressionType implements WireNamed {
        NONE("None"),
        GZIP("Gzip");

        private final String wireName;

        CompressionType(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }

    /** RecordWrapperType. */
    public enum RecordWrapperType implements WireNamed {
        NONE("None"),
        RECORD_IO("RecordIO");

        private final String wireName;

        RecordWrapperType(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }
}
