package dev.sagebox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotasTest {
    @Test
    void theEnvironmentSetsLimitsAndTheRestKeepTheirDefaults() {
        Quotas q = Quotas.from(Map.of("SAGEBOX_MAX_INSTANCES_PER_VARIANT", "3", "SAGEBOX_MAX_NOTEBOOK_INSTANCES", " 1 "));
        assertThat(q).isEqualTo(new Quotas(3, 20, 40, 4, 50, 1));
        assertThat(Quotas.from(Map.of())).isEqualTo(Quotas.DEFAULTS);
    }

    @Test
    void aLimitBelowOneOrNotANumberIsRefusedAtStartUp() {
        assertThatThrownBy(() -> Quotas.from(Map.of("SAGEBOX_MAX_ENDPOINT_INSTANCES", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SAGEBOX_MAX_ENDPOINT_INSTANCES");
        assertThatThrownBy(() -> Quotas.from(Map.of("SAGEBOX_MAX_ENDPOINT_INSTANCES", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
    }

    @Test
    void requireAllowsUpToTheLimitAndRefusesBeyondItInSageMakersShape() {
        Quotas.require("x", "Instances", 4, 2, 2, "SAGEBOX_X");
        assertThatThrownBy(() -> Quotas.require("ml.m5.large for endpoint usage", "Instances", 4, 2, 3, "SAGEBOX_X"))
                .isInstanceOfSatisfying(SageboxException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).isEqualTo("The account-level service limit 'ml.m5.large for endpoint"
                            + " usage' is 4 Instances, with current utilization of 2 Instances and a request delta of 3"
                            + " Instances. Please raise SAGEBOX_X to increase this quota.");
                });
        assertThatThrownBy(() -> Quotas.require("x", "Instances", 4, 0, Integer.MAX_VALUE, "SAGEBOX_X"))
                .isInstanceOf(SageboxException.class);
    }

    @Test
    void hostingStorageIsHalfTheMemoryUpToThirtyGiB() {
        assertThat(InstanceTypes.hostingStorageGiB("ml.t2.medium")).isEqualTo(2);
        assertThat(InstanceTypes.hostingStorageGiB("ml.m5.large")).isEqualTo(4);
        assertThat(InstanceTypes.hostingStorageGiB("ml.m5.xlarge")).isEqualTo(8);
        assertThat(InstanceTypes.hostingStorageGiB("ml.m5.24xlarge")).isEqualTo(30);
        assertThat(InstanceTypes.hostingStorageGiB("ml.unknown")).isEqualTo(30);
    }
}
