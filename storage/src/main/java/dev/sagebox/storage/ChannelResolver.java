package dev.sagebox.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Works out which S3 objects each host of a training job receives for one channel, and where each goes below the
 * channel directory. The answer is deterministic: same bucket contents, same assignment.
 *
 * <p>Failures the user can fix (nothing under the prefix, a bad manifest, access denied) are
 * {@link ChannelResolutionException}s; an unreachable or failing S3 stays an {@link ObjectStoreException}.
 */
public final class ChannelResolver {
    private final ObjectStore store;

    public ChannelResolver(ObjectStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** What host {@code hostIndex} (0-based) of {@code hostCount} receives, in delivery order. */
    public List<ChannelObject> resolve(ChannelDataSource source, int hostIndex, int hostCount) {
        checkHosts(hostCount);
        if (hostIndex < 0 || hostIndex >= hostCount) {
            throw new IllegalArgumentException(
                    "hostIndex must be between 0 and " + (hostCount - 1) + ", was " + hostIndex);
        }
        return resolveAll(source, hostCount).get(hostIndex);
    }

    /** What every host receives, indexed by host, from one listing of the channel. */
    public List<List<ChannelObject>> resolveAll(ChannelDataSource source, int hostCount) {
        checkHosts(hostCount);
        List<ChannelObject> channel = channel(source);
        List<List<ChannelObject>> hosts = new ArrayList<>();
        for (int host = 0; host < hostCount; host++) {
            if (source.distribution() == S3DataDistribution.FULLY_REPLICATED) {
                hosts.add(channel);
            } else {
                // Round-robin over the ordered channel: whole objects, sizes ignored, as SageMaker documents.
                List<ChannelObject> shard = new ArrayList<>();
                for (int i = host; i < channel.size(); i += hostCount) {
                    shard.add(channel.get(i));
                }
                hosts.add(List.copyOf(shard));
            }
        }
        return List.copyOf(hosts);
    }

    /** The whole channel in delivery order: sorted by key for S3Prefix, manifest order for ManifestFile. */
    public List<ChannelObject> channel(ChannelDataSource source) {
        Objects.requireNonNull(source, "source");
        List<ChannelObject> objects = switch (source.dataType()) {
            case S3_PREFIX -> prefixChannel(source.uri());
            case MANIFEST_FILE -> manifestChannel(source.uri());
        };
        ChannelPaths.checkNoCollisions(objects);
        return objects;
    }

    private List<ChannelObject> prefixChannel(S3Location prefix) {
        List<S3ObjectSummary> listed = new ArrayList<>(list(prefix, prefix));
        if (listed.isEmpty()) {
            throw new ChannelResolutionException(noObjects(prefix));
        }
        listed.sort(Comparator.comparing(o -> o.location().key()));
        List<ChannelObject> objects = new ArrayList<>();
        for (S3ObjectSummary object : listed) {
            String relative = ChannelPaths.relativeToPrefix(prefix.key(), object.location().key());
            objects.add(new ChannelObject(
                    object.location(), ChannelPaths.checkInside(object.location(), relative), object.size()));
        }
        return List.copyOf(objects);
    }

    private List<ChannelObject> manifestChannel(S3Location manifestUri) {
        Manifest manifest = readManifest(manifestUri);
        if (manifest.suffixes().isEmpty()) {
            throw new ChannelResolutionException(
                    "ClientError: Manifest file \"" + manifestUri + "\" given in input data source lists no objects.");
        }
        // One listing of the prefix finds every size; a HEAD per listed key would cost a round trip each.
        Map<String, Long> sizes = new HashMap<>();
        for (S3ObjectSummary object : list(manifest.prefix(), manifestUri)) {
            sizes.put(object.location().key(), object.size());
        }
        List<ChannelObject> objects = new ArrayList<>();
        for (String suffix : manifest.suffixes()) {
            S3Location location = new S3Location(manifest.prefix().bucket(), manifest.prefix().key() + suffix);
            ChannelPaths.checkInside(location, suffix);
            Long size = sizes.get(location.key());
            if (size == null) {
                throw new ChannelResolutionException("ClientError: Manifest file \"" + manifestUri + "\" lists \""
                        + location + "\", but no such object exists.");
            }
            objects.add(new ChannelObject(location, suffix, size));
        }
        return List.copyOf(objects);
    }

    private Manifest readManifest(S3Location manifestUri) {
        try (InputStream in = store.open(manifestUri)) {
            return Manifest.read(in, manifestUri);
        } catch (ObjectStoreException e) {
            if (e.kind() == ObjectStoreException.Kind.NO_SUCH_KEY
                    || e.kind() == ObjectStoreException.Kind.NO_SUCH_BUCKET) {
                throw new ChannelResolutionException(
                        "ClientError: Manifest file \"" + manifestUri + "\" given in input data source does not exist.",
                        e);
            }
            throw denied(manifestUri, e);
        } catch (IOException e) {
            throw new ObjectStoreException(
                    ObjectStoreException.Kind.FAILED, "Cannot read manifest file " + manifestUri + ": " + e, e);
        }
    }

    /** Lists {@code prefix}, reporting problems against {@code given}, the URI the user wrote. */
    private List<S3ObjectSummary> list(S3Location prefix, S3Location given) {
        try {
            return store.list(prefix);
        } catch (ObjectStoreException e) {
            if (e.kind() == ObjectStoreException.Kind.NO_SUCH_BUCKET) {
                throw new ChannelResolutionException(noObjects(prefix), e);
            }
            throw denied(given, e);
        }
    }

    /** Access denied is the user's to fix; anything else is infrastructure and stays as it is. */
    private static RuntimeException denied(S3Location given, ObjectStoreException e) {
        if (e.kind() == ObjectStoreException.Kind.ACCESS_DENIED) {
            return new ChannelResolutionException("ClientError: Access denied to S3 URL \"" + given
                    + "\" given in input data source. Please ensure that the configured S3 credentials may list and"
                    + " read bucket \"" + given.bucket() + "\".", e);
        }
        return e;
    }

    /** SageMaker's own wording, which users search for, minus the role ARN Sagebox does not assume. */
    private static String noObjects(S3Location prefix) {
        return "ClientError: No S3 objects found under S3 URL \"" + prefix + "\" given in input data source."
                + " Please ensure that the bucket exists in the selected region, that objects exist under that S3"
                + " prefix, and that the role has \"s3:ListBucket\" permissions on bucket \"" + prefix.bucket()
                + "\".";
    }

    private static void checkHosts(int hostCount) {
        if (hostCount < 1) {
            throw new IllegalArgumentException("hostCount must be >= 1, was " + hostCount);
        }
    }
}
