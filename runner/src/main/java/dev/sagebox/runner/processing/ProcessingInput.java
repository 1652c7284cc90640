package dev.sagebox.runner.processing;

import dev.sagebox.runner.ChannelDefinition.CompressionType;
import dev.sagebox.runner.ChannelInputMode;
import dev.sagebox.storage.S3DataDistribution;
import dev.sagebox.storage.S3DataType;
import java.util.Objects;

/**
 * One ProcessingInputs entry with its S3Input: the objects under {@code s3Uri} appear under {@code localPath} in the
 * container (File), or stream through the FIFO {@code <localPath>/<inputName>_0} (Pipe).
 */
public record ProcessingInput(
        String inputName,
        String s3Uri,
        String localPath,
        S3DataType dataType,
        ChannelInputMode inputMode,
        S3DataDistribution distribution,
        CompressionType compression) {
    public ProcessingInput {
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(s3Uri, "s3Uri");
        Objects.requireNonNull(localPath, "localPath");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(inputMode, "inputMode");
        Objects.requireNonNull(distribution, "distribution");
        Objects.requireNonNull(compression, "compression");
    }
}
