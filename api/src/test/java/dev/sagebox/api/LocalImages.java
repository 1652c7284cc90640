package dev.sagebox.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds the project's own images for the Docker suite with docker/scripts/build-images.sh (nothing is pulled). */
public final class LocalImages {
    private LocalImages() {
    }

    /** Builds (or finds up to date) each named image, e.g. {@code test-server}; fails the test with the script's output. */
    public static void build(String... names) throws IOException, InterruptedException {
        Path script = Path.of("..", "docker", "scripts", "build-images.sh").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(names));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
