package dev.sagebox.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script with one SDK kit's Python against a started server, configured only by
 * {@code eval "$(./sagebox sdk-env)"} as the README shows, from the repository root; returns its output and fails the
 * test when it exits non-zero or runs past ten minutes.
 */
final class SdkScripts {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final Path python;
    private final RunningSagebox server;
    private final Path scratch;

    /** {@code python}: the kit's interpreter; {@code scratch}: where logs and the empty AWS files go. */
    SdkScripts(Path python, RunningSagebox server, Path scratch) {
        this.python = python;
        this.server = server;
        this.scratch = scratch;
    }

    /** The interpreter of the kit installed by {@code examples/scripts/ensure-clients.sh} ({@code variable} wins). */
    static Path kitPython(String variable, String defaultDir) {
        return Path.of(System.getenv().getOrDefault(variable,
                System.getProperty("user.home") + "/.cache/sagebox/" + defaultDir), "bin", "python");
    }

    String run(String script, String... args) throws IOException, InterruptedException {
        StringBuilder command = new StringBuilder("eval \"$(./sagebox sdk-env)\" && exec \"$SDK_PYTHON\" " + script);
        for (String arg : args) {
            command.append(' ').append(arg);
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", command.toString())).directory(ROOT.toFile())
                .redirectErrorStream(true);
        pb.environment().put("SDK_PYTHON", python.toString());
        pb.environment().put("SAGEBOX_HOME", server.home.toString());
        pb.environment().put("SAGEBOX_PORT", String.valueOf(server.port));
        pb.environment().put("SAGEBOX_S3_PORT", String.valueOf(server.s3Port));
        pb.environment().put("AWS_CONFIG_FILE", scratch.resolve("no-aws-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("no-aws-credentials").toString());
        pb.environment().put("PYTHONUNBUFFERED", "1");
        // SDK v3 logs through rich, which wraps at the terminal's width: wide enough that no line the tests look for
        // is cut.
        pb.environment().put("COLUMNS", "400");
        Path log = Files.createTempFile(scratch, "sdk", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertThat(finished).as("finished in time: %s", out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
