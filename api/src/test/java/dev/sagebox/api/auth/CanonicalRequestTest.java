package dev.sagebox.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalRequestTest {
    @Test
    void servedPathsAreTheirOwnCanonicalForm() {
        assertThat(uri("/")).isEqualTo("/");
        assertThat(uri("")).isEqualTo("/");
        assertThat(uri("/endpoints/my-ep/invocations")).isEqualTo("/endpoints/my-ep/invocations");
    }

    @Test
    void pathsAreNormalisedLikeBotocore() {
        assertThat(uri("/a/./b/../c")).isEqualTo("/a/c");
        assertThat(uri("//a//b/")).isEqualTo("/a/b/");
        assertThat(uri("/..")).isEqualTo("/");
        assertThat(uri("/a/.")).isEqualTo("/a");
    }

    /** The wire path is already percent-encoded once; non-S3 services encode it again. */
    @Test
    void pathsAreEncodedASecondTime() {
        assertThat(uri("/endpoints/my%20ep/invocations")).isEqualTo("/endpoints/my%2520ep/invocations");
        assertThat(uri("/a:b/c~d")).isEqualTo("/a%3Ab/c~d");
        assertThat(uri("/caf\u00e9")).isEqualTo("/caf%C3%A9");
    }

    @Test
    void queryIsDecodedReEncodedAndSortedByNameThenValue() {
        StringBuilder out = new StringBuilder();
        CanonicalRequest.appendQuery(out, "b=2&a=%2fx&a=0&c=x%20y&flag&d=a+b&e=%zz");

        assertThat(out).hasToString("a=%2Fx&a=0&b=2&c=x%20y&d=a%2Bb&e=%25zz&flag=");
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndCommaJoined() {
        StringBuilder out = new StringBuilder();
        CanonicalRequest.appendHeaderValues(out, List.of("  a   b\t c ", "", "d"));

        assertThat(out).hasToString("a b c,,d");
    }

    private static String uri(String rawPath) {
        StringBuilder out = new StringBuilder();
        CanonicalRequest.appendUri(out, rawPath);
        return out.toString();
    }
}
