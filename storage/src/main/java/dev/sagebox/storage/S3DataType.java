package dev.sagebox.storage;

import dev.sagebox.core.WireNamed;

/** How a channel's S3Uri names its objects (the S3DataSource's S3DataType). */
public enum S3DataType implements WireNamed {
    /** Every object whose key starts with the URI's key. */
    S3_PREFIX("S3Prefix"),
    /** The URI names a JSON manifest listing the objects. */
    MANIFEST_FILE("ManifestFile");

    private final String wireName;

    S3DataType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** The type spelled {@code wire}; other SageMaker types (AugmentedManifestFile, …) are refused by name. */
    public static S3DataType fromWireName(String wire) {
        return WireNamed.fromWire(S3DataType.class, wire).orElseThrow(() -> new ChannelResolutionException(
                "ClientError: S3DataType \"" + wire + "\" is not supported by Sagebox; use S3Prefix or ManifestFile."));
    }
}
