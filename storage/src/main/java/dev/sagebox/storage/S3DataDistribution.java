package dev.sagebox.storage;

import dev.sagebox.core.WireNamed;

/** How a channel's objects are spread over the hosts of a training job (S3DataDistributionType). */
public enum S3DataDistribution implements WireNamed {
    /** Every host receives every object. */
    FULLY_REPLICATED("FullyReplicated"),
    /** Each host receives whole objects, about 1/N of them, round-robin over the ordered channel. */
    SHARDED_BY_S3_KEY("ShardedByS3Key");

    private final String wireName;

    S3DataDistribution(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The distribution spelled {@code wire}, refusing any other spelling with a message naming it. */
    public static S3DataDistribution fromWireName(String wire) {
        return WireNamed.fromWire(S3DataDistribution.class, wire).orElseThrow(() -> new ChannelResolutionException(
                "ClientError: S3DataDistributionType \"" + wire
                        + "\" is not supported; use FullyReplicated or ShardedByS3Key."));
    }
}
