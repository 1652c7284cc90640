package dev.sagebox.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3LocationTest {
    @Test
    void parsesS3Uris() {
        assertThat(S3Location.parse("s3://bucket/a/b.csv")).contains(new S3Location("bucket", "a/b.csv"));
        assertThat(S3Location.parse("s3://bucket/prefix/")).contains(new S3Location("bucket", "prefix/"));
        assertThat(S3Location.parse("s3://bucket/")).contains(new S3Location("bucket", ""));
        assertThat(S3Location.parse("s3://bucket")).contains(new S3Location("bucket", ""));
    }

    @Test
    void parsesPathStyleHttpsUrls() {
        assertThat(S3Location.parse("https://s3.us-east-1.amazonaws.com/bucket/model.tar.gz"))
                .contains(new S3Location("bucket", "model.tar.gz"));
    }

    @Test
    void refusesOtherText() {
        assertThat(S3Location.parse("s3://")).isEmpty();
        assertThat(S3Location.parse("s3:///key")).isEmpty();
        assertThat(S3Location.parse("http://host/bucket/key")).isEmpty();
        assertThat(S3Location.parse("bucket/key")).isEmpty();
        assertThat(S3Location.parse("")).isEmpty();
    }

    @Test
    void printsAsAnS3Uri() {
        assertThat(new S3Location("b", "k/x")).hasToString("s3://b/k/x");
        assertThat(S3Location.parse("s3://b/k/x").orElseThrow()).hasToString("s3://b/k/x");
    }

    @Test
    void resolvesBelowWithOneSlash() {
        assertThat(new S3Location("b", "out").resolve("job/model.tar.gz")).isEqualTo(new S3Location("b", "out/job/model.tar.gz"));
        assertThat(new S3Location("b", "out/").resolve("x")).isEqualTo(new S3Location("b", "out/x"));
        assertThat(new S3Location("b", "").resolve("x")).isEqualTo(new S3Location("b", "x"));
    }

    @Test
    void bucketIsRequired() {
        assertThatThrownBy(() -> new S3Location("", "k")).isInstanceOf(IllegalArgumentException.class);
    }
}
