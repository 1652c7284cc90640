package dev.sagebox.runner.processing;

import dev.sagebox.core.WireNamed;
import java.util.Objects;

/** One ProcessingOutputConfig.Outputs entry with its S3Output: what every host writes under {@code localPath}. */
public record ProcessingOutput(String outputName, String s3Uri, String localPath, UploadMode uploadMode) {
    public ProcessingOutput {
        Objects.requireNonNull(outputName, "outputName");
        Objects.requireNonNull(s3Uri, "s3Uri");
        Objects.requireNonNull(localPath, "localPath");
        Objects.requireNonNull(uploadMode, "uploadMode");
    }

    /** S3UploadMode: at the end of the job, or continuously as files are written. */
    public enum UploadMode implements WireNamed {
        END_OF_JOB("EndOfJob"),
        CONTINUOUS("Continuous");

        private final String wireName;

        UploadMode(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }
    }
}
