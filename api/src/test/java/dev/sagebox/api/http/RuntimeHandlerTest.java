package dev.sagebox.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuntimeHandlerTest {
    @Test
    void theEndpointNameIsTheOneSegmentBetweenEndpointsAndInvocations() {
        assertThat(RuntimeHandler.endpointName("/endpoints/my-endpoint/invocations")).isEqualTo("my-endpoint");
        assertThat(RuntimeHandler.endpointName("/endpoints/a/invocations")).isEqualTo("a");
    }

    @Test
    void anyOtherPathHasNoEndpointName() {
        assertThat(RuntimeHandler.endpointName("/endpoints//invocations")).isNull();
        assertThat(RuntimeHandler.endpointName("/endpoints/invocations")).isNull();
        assertThat(RuntimeHandler.endpointName("/endpoints/a/b/invocations")).isNull();
        assertThat(RuntimeHandler.endpointName("/endpoints/a/invocations/")).isNull();
        assertThat(RuntimeHandler.endpointName("/endpoints/a/async-invocations")).isNull();
        assertThat(RuntimeHandler.endpointName("/endpoint/a/invocations")).isNull();
        assertThat(RuntimeHandler.endpointName("/endpoints/")).isNull();
    }
}
