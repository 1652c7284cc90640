package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the swarm engine names images in the cluster's registry and the content it bakes into them. */
class SwarmImagesTest {
    @Test
    void anImageKeepsItsNameAndTagInTheRegistryWithoutAnotherRegistrysHost() {
        assertThat(SwarmImages.repositoryPath("sagebox/sklearn-iris")).isEqualTo("sagebox/sklearn-iris:latest");
        assertThat(SwarmImages.repositoryPath("sagebox/test-server:1.2")).isEqualTo("sagebox/test-server:1.2");
        assertThat(SwarmImages.repositoryPath("busybox")).isEqualTo("busybox:latest");
        assertThat(SwarmImages.repositoryPath("registry.example:5000/team/model:v3")).isEqualTo("team/model:v3");
        assertThat(SwarmImages.repositoryPath("localhost/model")).isEqualTo("model:latest");
        assertThat(SwarmImages.repositoryPath("Team/Model@sha256:abc")).isEqualTo("team/model:latest");
    }

    @Test
    void theBakedContentIsNamedByTheBaseImageTheTargetsAndEveryFilesBytes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("weights.txt"), "42");
        Files.setLastModifiedTime(dir.resolve("weights.txt"), FileTime.from(Instant.parse("2026-12-01T00:00:00Z")));
        List<Mount> model = List.of(Mount.bind(dir.toString(), "/opt/ml/model", true));
        String name = SwarmImages.fingerprint("sha256:base", model);
        assertThat(name).hasSize(32).matches("[0-9a-f]+");
        assertThat(SwarmImages.fingerprint("sha256:base", model)).isEqualTo(name);
        assertThat(SwarmImages.fingerprint("sha256:other", model)).isNotEqualTo(name);
        assertThat(SwarmImages.fingerprint("sha256:base", List.of(Mount.bind(dir.toString(), "/opt/ml/other", true))))
                .isNotEqualTo(name);
        Files.setLastModifiedTime(dir.resolve("weights.txt"), FileTime.from(Instant.parse("2026-12-02T00:00:00Z")));
        assertThat(SwarmImages.fingerprint("sha256:base", model)).as("only the time differs").isEqualTo(name);
        Files.writeString(dir.resolve("weights.txt"), "43");
        Files.setLastModifiedTime(dir.resolve("weights.txt"), FileTime.from(Instant.parse("2026-12-01T00:00:00Z")));
        assertThat(SwarmImages.fingerprint("sha256:base", model)).as("same size and time, other bytes")
                .isNotEqualTo(name);
        Files.writeString(dir.resolve("more.txt"), "x");
        assertThat(SwarmImages.fingerprint("sha256:base", model)).isNotEqualTo(name);
    }
}
