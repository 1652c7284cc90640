package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.api.http.SageboxHttpServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings: defaults, values, switches in either spelling, and a bad value named in the error. */
class SageboxConfigTest {
    @Test
    void metricsRetentionAndIoThreadsHaveDefaultsAndTakeValues() {
        SageboxConfig defaults = SageboxConfig.from(Map.of());
        assertThat(defaults.metricsRetention()).isEqualTo(Duration.ofDays(15));
        assertThat(defaults.ioThreads()).isEqualTo(SageboxHttpServer.DEFAULT_IO_THREADS);

        SageboxConfig set = SageboxConfig.from(Map.of("SAGEBOX_METRICS_RETENTION_DAYS", "3", "SAGEBOX_IO_THREADS", "2"));
        assertThat(set.metricsRetention()).isEqualTo(Duration.ofDays(3));
        assertThat(set.ioThreads()).isEqualTo(2);
    }

    @Test
    void everySwitchTakesTrueFalseOnAndOff() {
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_VERIFY_SIGNATURES", "off")).verifySignatures()).isFalse();
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_VERIFY_SIGNATURES", "FALSE")).verifySignatures()).isFalse();
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_RESOURCE_LIMITS", "false")).training().resourceLimits())
                .isFalse();
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_RESOURCE_LIMITS", "on")).training().resourceLimits()).isTrue();
        assertThat(SageboxConfig.from(Map.of()).verifySignatures()).isTrue();
        assertThat(SageboxConfig.from(Map.of()).zeroCopy()).isTrue();
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_ZERO_COPY", "off")).zeroCopy()).isFalse();
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_ZERO_COPY", "false")).zeroCopy()).isFalse();
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_ZERO_COPY", "on")).zeroCopy()).isTrue();
        assertThat(SageboxConfig.from(Map.of()).invocationLane()).isTrue();
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_INVOCATION_LANE", "off")).invocationLane()).isFalse();
        assertThat(SageboxConfig.from(Map.of()).laneThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_LANE_THREADS", "3")).laneThreads()).isEqualTo(3);
    }

    @Test
    void theEngineIsLocalUnlessSwarmIsAskedForByVariableOrFlag() {
        assertThat(SageboxConfig.from(Map.of()).engine()).isEqualTo(SageboxConfig.Engine.LOCAL);
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_ENGINE", "Swarm")).engine())
                .isEqualTo(new SageboxConfig.Engine(true, "127.0.0.1:5000"));
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_ENGINE", "local"), "--engine", "swarm").engine().swarm())
                .isTrue();
        assertThat(SageboxConfig.from(Map.of("SAGEBOX_ENGINE", "swarm", "SAGEBOX_SWARM_REGISTRY", "10.0.0.1:5000"))
                .engine().registry()).isEqualTo("10.0.0.1:5000");
        assertThatThrownBy(() -> SageboxConfig.from(Map.of("SAGEBOX_ENGINE", "kubernetes")))
                .hasMessage("SAGEBOX_ENGINE must be local or swarm, not \"kubernetes\"");
    }

    @Test
    void aBadValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> SageboxConfig.from(Map.of("SAGEBOX_IO_THREADS", "two")))
                .hasMessage("SAGEBOX_IO_THREADS must be a whole number from 1 to 100000, not \"two\"");
        assertThatThrownBy(() -> SageboxConfig.from(Map.of("SAGEBOX_PORT", "70x0")))
                .hasMessage("SAGEBOX_PORT must be a whole number from 0 to 65535, not \"70x0\"");
        assertThatThrownBy(() -> SageboxConfig.from(Map.of("SAGEBOX_STOP_GRACE_SECONDS", "-1")))
                .hasMessageContaining("SAGEBOX_STOP_GRACE_SECONDS must be a whole number from 0");
        assertThatThrownBy(() -> SageboxConfig.from(Map.of("SAGEBOX_RESOURCE_LIMITS", "maybe")))
                .hasMessage("SAGEBOX_RESOURCE_LIMITS must be true or false (or on/off), not \"maybe\"");
        assertThatThrownBy(() -> SageboxConfig.from(Map.of("SAGEBOX_ZERO_COPY", "splice")))
                .hasMessage("SAGEBOX_ZERO_COPY must be true or false (or on/off), not \"splice\"");
        assertThatThrownBy(() -> SageboxConfig.from(Map.of("SAGEBOX_METRICS_RETENTION_DAYS", "0")))
                .hasMessageContaining("SAGEBOX_METRICS_RETENTION_DAYS");
    }
}
