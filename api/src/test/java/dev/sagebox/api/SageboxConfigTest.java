package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagebox.api.http.SageboxHttpServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings added with the metrics: their defaults, their values, and a bad value named in the error. */
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
    void aBadValueIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> SageboxConfig.from(Map.of("SAGEBOX_IO_THREADS", "two")))
                .hasMessage("SAGEBOX_IO_THREADS must be a whole number from 1 to 100000, not \"two\"");
        assertThatThrownBy(() -> SageboxConfig.from(Map.of("SAGEBOX_METRICS_RETENTION_DAYS", "0")))
                .hasMessageContaining("SAGEBOX_METRICS_RETENTION_DAYS");
    }
}
