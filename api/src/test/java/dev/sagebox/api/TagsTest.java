package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** AddTags, ListTags and DeleteTags, and tags given at creation. */
class TagsTest {
    @TempDir
    static Path home;
    static TestSagebox sagebox;
    static SageMakerClient sm;

    @BeforeAll
    static void start() {
        sagebox = TestSagebox.start(home);
        sm = sagebox.sageMaker;
    }

    @AfterAll
    static void stop() {
        sagebox.close();
    }

    @Test
    void tagsGivenAtCreationThenAddedOverwrittenAndDeleted() {
        String arn = sm.createModel(r -> r.modelName("tagged").executionRoleArn(ModelAndEndpointConfigTest.ROLE)
                .primaryContainer(c -> c.image("img:1")).tags(tag("team", "ml"), tag("stage", "dev"))).modelArn();
        assertThat(sm.listTags(r -> r.resourceArn(arn)).tags()).containsExactly(tag("team", "ml"), tag("stage", "dev"));

        sm.addTags(r -> r.resourceArn(arn).tags(tag("stage", "prod"), tag("owner", "ada")));
        assertThat(sm.listTags(r -> r.resourceArn(arn)).tags())
                .containsExactly(tag("team", "ml"), tag("stage", "prod"), tag("owner", "ada"));

        sm.deleteTags(r -> r.resourceArn(arn).tagKeys("team", "not-there"));
        assertThat(sm.listTags(r -> r.resourceArn(arn.replace("model/tagged", "model/TAGGED"))).tags()).containsExactly(tag("stage", "prod"), tag("owner", "ada"));
    }

    @Test
    void unknownResourcesAndReservedKeysAreRefused() {
        assertThatThrownBy(() -> sm.listTags(r -> r.resourceArn(
                "arn:aws:sagemaker:us-east-1:123456789012:model/no-such-model")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Resource does not exist");
                });
        String arn = sm.createModel(r -> r.modelName("reserved").executionRoleArn(ModelAndEndpointConfigTest.ROLE)
                .primaryContainer(c -> c.image("img:1"))).modelArn();
        assertThatThrownBy(() -> sm.addTags(r -> r.resourceArn(arn).tags(tag("aws:owner", "x"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> sm.addTags(r -> r.resourceArn(arn).tags(tag("team", "a"), tag("team", "b"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Duplicate tag key 'team': each key may appear once in a request."));
        assertThat(sm.listTags(r -> r.resourceArn(arn)).tags()).isEmpty();
    }

    @Test
    void aResourceCarriesAtMostFiftyTags() {
        String arn = sm.createModel(r -> r.modelName("many-tags").executionRoleArn(ModelAndEndpointConfigTest.ROLE)
                .primaryContainer(c -> c.image("img:1"))).modelArn();
        List<Tag> fifty = IntStream.range(0, 50).mapToObj(i -> tag("k" + i, "v")).toList();
        sm.addTags(r -> r.resourceArn(arn).tags(fifty));
        assertThatThrownBy(() -> sm.addTags(r -> r.resourceArn(arn).tags(tag("one-more", "v"))))
                .isInstanceOfSatisfying(AwsServiceException.class, e ->
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(sm.listTags(r -> r.resourceArn(arn)).tags()).hasSize(50);
    }

    @Test
    void deletingAResourceForgetsItsTags() {
        String arn = sm.createModel(r -> r.modelName("recreated").executionRoleArn(ModelAndEndpointConfigTest.ROLE)
                .primaryContainer(c -> c.image("img:1")).tags(tag("old", "1"))).modelArn();
        sm.deleteModel(r -> r.modelName("recreated"));
        sm.createModel(r -> r.modelName("recreated").executionRoleArn(ModelAndEndpointConfigTest.ROLE)
                .primaryContainer(c -> c.image("img:1")));
        assertThat(sm.listTags(r -> r.resourceArn(arn)).tags()).isEmpty();
    }

    static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }
}
