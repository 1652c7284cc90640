package dev.sagebox.api;

import dev.sagebox.docker.FakeContainerEngine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** Records live in H2 on disk under the home directory and survive a restart of the server. */
class RestartPersistenceTest {
    @TempDir
    Path home;

    @Test
    void modelsConfigsAndTagsSurviveARestart() {
        String modelArn;
        try (TestSagebox first = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).containerEngine(new FakeContainerEngine()))) {
            modelArn = first.sageMaker.createModel(r -> r.modelName("kept").executionRoleArn(ModelAndEndpointConfigTest.ROLE)
                    .primaryContainer(c -> c.image("img:1")).tags(Tag.builder().key("k").value("v").build())).modelArn();
            first.sageMaker.createEndpointConfig(r -> r.endpointConfigName("kept-config")
                    .productionVariants(ModelAndEndpointConfigTest.variant("AllTraffic", "kept")));
        }
        try (TestSagebox second = TestSagebox.start(Sagebox.builder(SageboxConfig.forTests(home)).containerEngine(new FakeContainerEngine()))) {
            assertThat(second.sageMaker.describeModel(r -> r.modelName("kept")).modelArn()).isEqualTo(modelArn);
            assertThat(second.sageMaker.describeEndpointConfig(r -> r.endpointConfigName("kept-config"))
                    .productionVariants()).hasSize(1);
            assertThat(second.sageMaker.listTags(r -> r.resourceArn(modelArn)).tags())
                    .containsExactly(Tag.builder().key("k").value("v").build());
        }
    }
}
