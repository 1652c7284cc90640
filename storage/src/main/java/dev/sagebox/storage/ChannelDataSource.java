package dev.sagebox.storage;

import java.util.Objects;

/** A training channel's S3 data source: what the URI names, where it is, and how objects spread over hosts. */
public record ChannelDataSource(S3DataType dataType, S3Location uri, S3DataDistribution distribution) {
    public ChannelDataSource {
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(distribution, "distribution");
    }

    /**
     * A source from the request's spellings (S3DataType, S3Uri, S3DataDistributionType), refusing unsupported types
     * and URIs that are not s3:// or path-style https:// with a user-facing {@link ChannelResolutionException}.
     */
    public static ChannelDataSource of(String dataType, String s3Uri, String distribution) {
        return parse(dataType, s3Uri, S3DataDistribution.fromWireName(distribution));
    }

    /** A source whose S3DataDistributionType was left out of the request: SageMaker then uses FullyReplicated. */
    public static ChannelDataSource of(String dataType, String s3Uri) {
        return parse(dataType, s3Uri, S3DataDistribution.FULLY_REPLICATED);
    }

    private static ChannelDataSource parse(String dataType, String s3Uri, S3DataDistribution distribution) {
        S3Location uri = S3Location.parse(s3Uri).orElseThrow(() -> new ChannelResolutionException(
                "ClientError: S3Uri \"" + s3Uri + "\" is not a valid S3 URI; expected s3://bucket/prefix."));
        return new ChannelDataSource(S3DataType.fromWireName(dataType), uri, distribution);
    }
}
