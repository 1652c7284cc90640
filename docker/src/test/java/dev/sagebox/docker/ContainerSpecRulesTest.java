package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecRulesTest {
    private static final ContainerSpec BASE = ContainerSpec.of("img", "algo-1", List.of("train"),
            SageboxLabels.forResource("s", "arn", "algo-1"));

    @Test
    void acceptsAnOrdinarySpec() {
        assertThatCode(() -> ContainerSpecRules.check(BASE.withHostname("algo-1").withNetwork("net", List.of("algo-1"))
                .withPublishedPorts(List.of(8080)).withEnv(Map.of("A", "b=c"))
                .withMounts(List.of(Mount.bind("/tmp/x", "/opt/ml", false), Mount.volume("v", "/home")))))
                .doesNotThrowAnyException();
    }

    @Test
    void joiningAnotherContainersNetworkExcludesOwnNetworkSettings() {
        ContainerSpec joined = BASE.withJoinNetworkOf("abc");
        assertThatCode(() -> ContainerSpecRules.check(joined)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ContainerSpecRules.check(joined.withHostname("h")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hostname");
        assertThatThrownBy(() -> ContainerSpecRules.check(joined.withPublishedPorts(List.of(8080))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publish");
        assertThatThrownBy(() -> ContainerSpecRules.check(joined.withNetwork("n", List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exclusive");
    }

    @Test
    void refusesWhatTheEngineWouldRefuseObscurely() {
        assertThatThrownBy(() -> ContainerSpecRules.check(ContainerSpec.of("img", "bad/name", List.of(),
                BASE.labels()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerSpecRules.check(BASE.withPublishedPorts(List.of(70000))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerSpecRules.check(BASE.withEnv(Map.of("A=B", "c"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerSpecRules.check(BASE.withMounts(List.of(Mount.bind("rel", "/x", true)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerSpecRules.check(BASE.withMounts(List.of(Mount.volume("v", "x")))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aliasesNeedANetwork() {
        ContainerSpec aliasesOnly = new ContainerSpec("img", "n", java.util.Optional.empty(), java.util.Optional.empty(), List.of(), Map.of(),
                BASE.labels(), List.of(), java.util.Optional.empty(), List.of("a"), java.util.Optional.empty(),
                List.of(), ResourceLimits.UNLIMITED, java.util.Optional.empty(), java.util.Optional.empty());
        assertThatThrownBy(() -> ContainerSpecRules.check(aliasesOnly)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aContainerWithoutNetworkHasNoAliasesOrPorts() {
        assertThatThrownBy(() -> ContainerSpecRules.check(BASE.withoutNetwork().withPublishedPorts(List.of(8080))))
                .isInstanceOf(IllegalArgumentException.class);
        ContainerSpecRules.check(BASE.withoutNetwork());
    }
}
