package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildImagesScriptIT extends DockerItBase {
    @Test
    void anUnchangedContextIsNotRebuilt() throws Exception {
        // DockerItBase built it already; a second run only compares the context hash.
        Scripts.Run run = Scripts.run(List.of(), "build-images.sh", Map.of(), 600, "test-python");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).isEqualTo("sagebox/test-python:latest up to date\n");
        assertThat(engine.imageExists(IMAGE)).isTrue();
    }

    @Test
    void anUnknownNameIsRefused() throws Exception {
        Scripts.Run run = Scripts.run(List.of(), "build-images.sh", Map.of(), 600, "no-such-image");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("no image context named no-such-image");
    }
}
