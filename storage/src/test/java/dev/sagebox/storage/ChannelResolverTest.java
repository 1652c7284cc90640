package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelResolverTest {
    private final FakeObjectStore store = new FakeObjectStore();
    private final ChannelResolver resolver = new ChannelResolver(store);

    private static ChannelDataSource prefix(String uri) {
        return ChannelDataSource.of("S3Prefix", uri, "FullyReplicated");
    }

    private static ChannelDataSource sharded(String uri) {
        return ChannelDataSource.of("S3Prefix", uri, "ShardedByS3Key");
    }

    private static ChannelDataSource manifest(String uri) {
        return ChannelDataSource.of("ManifestFile", uri, "FullyReplicated");
    }

    private List<String> paths(ChannelDataSource source) {
        return resolver.channel(source).stream().map(ChannelObject::relativePath).toList();
    }

    @Test
    void prefixEndingWithSlashDeliversTheRestOfEachKeySortedByKey() {
        store.reverseListings();
        store.put("s3://bkt/data/b.csv", "bb").put("s3://bkt/data/a.csv", "a").put("s3://bkt/data/sub/c.csv", "ccc");
        store.put("s3://bkt/other/x.csv", "x");

        List<ChannelObject> channel = resolver.channel(prefix("s3://bkt/data/"));

        assertThat(channel).containsExactly(
                new ChannelObject(new S3Location("bkt", "data/a.csv"), "a.csv", 1),
                new ChannelObject(new S3Location("bkt", "data/b.csv"), "b.csv", 2),
                new ChannelObject(new S3Location("bkt", "data/sub/c.csv"), "sub/c.csv", 3));
    }

    @Test
    void prefixWithoutSlashThatEndsAFolderDeliversTheRestAfterTheSlash() {
        store.put("s3://bkt/data/a.csv", "a").put("s3://bkt/data/sub/c.csv", "c");

        assertThat(paths(prefix("s3://bkt/data"))).containsExactly("a.csv", "sub/c.csv");
    }

    @Test
    void prefixEndingMidSegmentIsAStringPrefixRelativeToItsFolder() {
        store.put("s3://bkt/data/train.csv", "t").put("s3://bkt/data/train/part-1", "p").put("s3://bkt/data/test.csv", "x");

        assertThat(paths(prefix("s3://bkt/data/tr"))).containsExactly("train.csv", "train/part-1");
        assertThat(paths(prefix("s3://bkt/da"))).containsExactly("data/test.csv", "data/train.csv", "data/train/part-1");
    }

    @Test
    void prefixNamingOneObjectDeliversItUnderItsLastSegment() {
        store.put("s3://bkt/data/train.csv", "t").put("s3://bkt/data/train.csv.bak", "b");

        assertThat(paths(prefix("s3://bkt/data/train.csv"))).containsExactly("train.csv", "train.csv.bak");
    }

    @Test
    void wholeBucketDeliversKeysAsTheyAre() {
        store.put("s3://bkt/a", "a").put("s3://bkt/d/b", "b");

        assertThat(paths(prefix("s3://bkt"))).containsExactly("a", "d/b");
        assertThat(paths(prefix("s3://bkt/"))).containsExactly("a", "d/b");
    }

    @Test
    void folderMarkersAreNotData() {
        store.put("s3://bkt/data/", "").put("s3://bkt/data/sub/", "").put("s3://bkt/data/a", "a");

        assertThat(paths(prefix("s3://bkt/data/"))).containsExactly("a");
    }

    @Test
    void emptyChannelFailsWithSageMakersWording() {
        store.put("s3://bkt/other/a", "a");

        assertThatThrownBy(() -> resolver.channel(prefix("s3://bkt/data/")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessage("ClientError: No S3 objects found under S3 URL \"s3://bkt/data/\" given in input data"
                        + " source. Please ensure that the bucket exists in the selected region, that objects exist"
                        + " under that S3 prefix, and that the role has \"s3:ListBucket\" permissions on bucket"
                        + " \"bkt\".");
    }

    @Test
    void missingBucketIsAnEmptyChannel() {
        assertThatThrownBy(() -> resolver.channel(prefix("s3://nobucket/data/")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessageStartingWith("ClientError: No S3 objects found under S3 URL \"s3://nobucket/data/\"");
    }

    @Test
    void accessDeniedIsTheUsersToFixButUnreachableStaysInfrastructure() {
        store.put("s3://bkt/a", "a");
        store.deny("bkt");
        assertThatThrownBy(() -> resolver.channel(prefix("s3://bkt/")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessageStartingWith("ClientError: Access denied to S3 URL \"s3://bkt/\"");

        store.setReachable(false);
        assertThatThrownBy(() -> resolver.channel(prefix("s3://bkt/")))
                .isInstanceOf(ObjectStoreException.class)
                .extracting(e -> ((ObjectStoreException) e).kind())
                .isEqualTo(ObjectStoreException.Kind.UNREACHABLE);
    }

    @Test
    void keysThatWouldLeaveTheChannelDirectoryAreRefused() {
        store.put("s3://bkt/data/../../etc/passwd", "x");

        assertThatThrownBy(() -> resolver.channel(prefix("s3://bkt/data/")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessageContaining("s3://bkt/data/../../etc/passwd")
                .hasMessageContaining("'..'");
    }

    @Test
    void objectsThatWouldLandOnTheSameFileAreRefused() {
        // Under prefix "data/a", "data/a/ax" continues a folder and "data/ax" ends mid-segment: both become "ax".
        store.put("s3://bkt/data/a/ax", "one").put("s3://bkt/data/ax", "two");

        assertThatThrownBy(() -> resolver.channel(prefix("s3://bkt/data/a")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessage("ClientError: S3 objects \"s3://bkt/data/a/ax\" and \"s3://bkt/data/ax\" would both be"
                        + " delivered as \"ax\" in the channel.");
    }

    @Test
    void anObjectWhereAnotherNeedsAFolderIsRefused() {
        store.put("s3://bkt/data/a", "file").put("s3://bkt/data/a/b", "under it");

        assertThatThrownBy(() -> resolver.channel(prefix("s3://bkt/data/")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessageContaining("\"a\" would have to be both a file and a directory");
    }

    @Test
    void shardingGivesEachObjectToExactlyOneHostRoundRobin() {
        for (int i = 0; i < 10; i++) {
            store.put("s3://bkt/shards/part-" + i, "x".repeat(i));
        }
        ChannelDataSource source = sharded("s3://bkt/shards/");

        List<List<ChannelObject>> hosts = resolver.resolveAll(source, 3);

        assertThat(hosts).hasSize(3);
        assertThat(hosts.get(0)).extracting(ChannelObject::relativePath)
                .containsExactly("part-0", "part-3", "part-6", "part-9");
        assertThat(hosts.get(1)).extracting(ChannelObject::relativePath).containsExactly("part-1", "part-4", "part-7");
        assertThat(hosts.get(2)).extracting(ChannelObject::relativePath).containsExactly("part-2", "part-5", "part-8");
        List<ChannelObject> all = new ArrayList<>();
        Set<ChannelObject> distinct = new HashSet<>();
        for (int host = 0; host < 3; host++) {
            List<ChannelObject> shard = resolver.resolve(source, host, 3);
            assertThat(shard).isEqualTo(hosts.get(host));
            all.addAll(shard);
            distinct.addAll(shard);
        }
        assertThat(all).hasSize(10).hasSameSizeAs(distinct);
        assertThat(distinct).containsExactlyInAnyOrderElementsOf(resolver.channel(source));
    }

    @Test
    void moreHostsThanObjectsLeavesSomeHostsEmpty() {
        store.put("s3://bkt/s/a", "a").put("s3://bkt/s/b", "b");

        List<List<ChannelObject>> hosts = resolver.resolveAll(sharded("s3://bkt/s/"), 4);

        assertThat(hosts).extracting(List::size).containsExactly(1, 1, 0, 0);
    }

    @Test
    void fullyReplicatedGivesEveryHostEverything() {
        store.put("s3://bkt/s/a", "a").put("s3://bkt/s/b", "b");

        List<List<ChannelObject>> hosts = resolver.resolveAll(prefix("s3://bkt/s/"), 3);

        assertThat(hosts).hasSize(3).allSatisfy(h -> assertThat(h).extracting(ChannelObject::relativePath)
                .containsExactly("a", "b"));
    }

    @Test
    void hostIndexMustBeInRange() {
        store.put("s3://bkt/s/a", "a");

        assertThatThrownBy(() -> resolver.resolve(prefix("s3://bkt/s/"), 2, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolver.resolve(prefix("s3://bkt/s/"), 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manifestDeliversPrefixPlusEachKeyInManifestOrder() {
        store.put("s3://data/p/z.csv", "zz").put("s3://data/p/sub/a.csv", "a").put("s3://data/p/unlisted", "u");
        store.put("s3://meta/train.manifest", """
                [{"prefix": "s3://data/p/"},
                 "z.csv",
                 "sub/a.csv"]
                """);

        List<List<ChannelObject>> hosts =
                resolver.resolveAll(ChannelDataSource.of("ManifestFile", "s3://meta/train.manifest", "ShardedByS3Key"), 2);

        assertThat(resolver.channel(manifest("s3://meta/train.manifest"))).containsExactly(
                new ChannelObject(new S3Location("data", "p/z.csv"), "z.csv", 2),
                new ChannelObject(new S3Location("data", "p/sub/a.csv"), "sub/a.csv", 1));
        assertThat(hosts.get(0)).extracting(ChannelObject::relativePath).containsExactly("z.csv");
        assertThat(hosts.get(1)).extracting(ChannelObject::relativePath).containsExactly("sub/a.csv");
    }

    @Test
    void manifestPrefixIsAStringPrefix() {
        store.put("s3://data/part-1.csv", "1");
        store.put("s3://data/m.json", "[{\"prefix\": \"s3://data/part-\"}, \"1.csv\"]");

        assertThat(resolver.channel(manifest("s3://data/m.json")))
                .containsExactly(new ChannelObject(new S3Location("data", "part-1.csv"), "1.csv", 1));
    }

    @Test
    void manifestListingAMissingObjectNamesIt() {
        store.put("s3://data/p/a", "a");
        store.put("s3://data/m.json", "[{\"prefix\": \"s3://data/p/\"}, \"a\", \"gone\"]");

        assertThatThrownBy(() -> resolver.channel(manifest("s3://data/m.json")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessage("ClientError: Manifest file \"s3://data/m.json\" lists \"s3://data/p/gone\", but no such"
                        + " object exists.");
    }

    @Test
    void missingManifestSaysSo() {
        store.createBucketIfAbsent("data");

        assertThatThrownBy(() -> resolver.channel(manifest("s3://data/m.json")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessage("ClientError: Manifest file \"s3://data/m.json\" given in input data source does not"
                        + " exist.");
    }

    @Test
    void malformedManifestsAreExplained() {
        store.put("s3://data/p/a", "a");
        assertMalformed("{\"prefix\": \"s3://data/p/\"}", "it does not start with '['");
        assertMalformed("[\"a\"]", "the first element is not an object holding the prefix");
        assertMalformed("[{\"Prefix\": \"s3://data/p/\"}, \"a\"]", "the first element has no string member \"prefix\"");
        assertMalformed("[{\"prefix\": \"/data/p/\"}, \"a\"]", "the prefix \"/data/p/\" is not an s3:// URI");
        assertMalformed("[{\"prefix\": \"s3://data/p/\"}, \"a\", 7]", "element 3 is not a string");
        assertMalformed("[{\"prefix\": \"s3://data/p/\"}, \"a\"", "it is not valid JSON");
        assertMalformed("[{\"prefix\": \"s3://data/p/\"}, \"a\"] []", "there is more content after the closing ']'");
    }

    private void assertMalformed(String content, String problem) {
        store.put("s3://data/m.json", content);
        assertThatThrownBy(() -> resolver.channel(manifest("s3://data/m.json")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessageStartingWith("ClientError: Manifest file \"s3://data/m.json\" given in input data source is"
                        + " malformed: " + problem)
                .hasMessageEndingWith("followed by object keys (strings) relative to that prefix.");
    }

    @Test
    void manifestWithNoKeysIsAnError() {
        store.put("s3://data/m.json", "[{\"prefix\": \"s3://data/p/\"}]");

        assertThatThrownBy(() -> resolver.channel(manifest("s3://data/m.json")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessage("ClientError: Manifest file \"s3://data/m.json\" given in input data source lists no"
                        + " objects.");
    }

    @Test
    void manifestKeysMayNotLeaveTheChannelDirectoryOrRepeat() {
        store.put("s3://data/p/a", "a").put("s3://data/x", "x");
        store.put("s3://data/m.json", "[{\"prefix\": \"s3://data/p/\"}, \"../x\"]");
        assertThatThrownBy(() -> resolver.channel(manifest("s3://data/m.json")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessageContaining("\"../x\" contains '..'");

        store.put("s3://data/m.json", "[{\"prefix\": \"s3://data/p/\"}, \"/a\"]");
        assertThatThrownBy(() -> resolver.channel(manifest("s3://data/m.json")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessageContaining("is not a relative file name");

        store.put("s3://data/m.json", "[{\"prefix\": \"s3://data/p/\"}, \"a\", \"a\"]");
        assertThatThrownBy(() -> resolver.channel(manifest("s3://data/m.json")))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessage("ClientError: S3 object \"s3://data/p/a\" is listed more than once in the channel.");
    }

    @Test
    void unsupportedTypesAndBadUrisAreRefusedByName() {
        assertThatThrownBy(() -> ChannelDataSource.of("AugmentedManifestFile", "s3://b/m", "FullyReplicated"))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessage("ClientError: S3DataType \"AugmentedManifestFile\" is not supported by Sagebox; use"
                        + " S3Prefix or ManifestFile.");
        assertThatThrownBy(() -> ChannelDataSource.of("S3Prefix", "s3://b/m", "Random"))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessageContaining("S3DataDistributionType \"Random\"");
        assertThatThrownBy(() -> ChannelDataSource.of("S3Prefix", "file:///tmp", "FullyReplicated"))
                .isInstanceOf(ChannelResolutionException.class)
                .hasMessageContaining("\"file:///tmp\" is not a valid S3 URI");
    }
}
