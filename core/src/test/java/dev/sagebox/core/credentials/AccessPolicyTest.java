package dev.sagebox.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
    private final AccessPolicy job = AccessPolicy.s3Only(List.of(S3Grant.read("data", "train/"),
            S3Grant.readWrite("data", "output/job-1/")));

    @Test
    void grantsCoverTheirPrefixOnlyAndOnlyWriteGrantsWrite() {
        assertThat(job.mayRead("data", "train/part-0.csv")).isTrue();
        assertThat(job.mayWrite("data", "train/part-0.csv")).isFalse();
        assertThat(job.mayWrite("data", "output/job-1/output/model.tar.gz")).isTrue();
        assertThat(job.mayRead("data", "output/job-2/output/model.tar.gz")).isFalse();
        assertThat(job.mayRead("other", "train/part-0.csv")).isFalse();
        assertThat(job.mayRead("data", "trainx")).isFalse();
    }

    @Test
    void aListingMustStayUnderAGrantedPrefix() {
        assertThat(job.mayList("data", "train/")).isTrue();
        assertThat(job.mayList("data", "train/sub/")).isTrue();
        assertThat(job.mayList("data", "tr")).isFalse();
        assertThat(job.mayList("data", "")).isFalse();
        assertThat(job.mayUseBucket("data")).isTrue();
        assertThat(job.mayUseBucket("other")).isFalse();
    }

    @Test
    void onlyGetCallerIdentityIsAllowedWithoutAllActions() {
        assertThat(job.mayCall("sts:GetCallerIdentity")).isTrue();
        assertThat(job.mayCall("sagemaker:DeleteModel")).isFalse();
        assertThat(AccessPolicy.everything().mayCall("sagemaker:DeleteModel")).isTrue();
        assertThat(AccessPolicy.everything().mayWrite("any", "key")).isTrue();
    }
}
