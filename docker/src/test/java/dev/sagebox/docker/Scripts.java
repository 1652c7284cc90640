package dev.sagebox.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs this module's bash scripts from tests. */
final class Scripts {
    private Scripts() {
    }

    /** A finished script: exit code and everything it printed (stdout and stderr together). */
    record Run(int exitCode, String output) {
    }

    static Path script(String name) {
        return Path.of("scripts", name).toAbsolutePath();
    }

    static Run run(List<String> prefix, String name, Map<String, String> env, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return run(prefix, script(name), null, env, timeoutSeconds, args);
    }

    /** Runs {@code script} (any copy of one of ours) in {@code workDir}, or in this module's directory when null. */
    static Run run(List<String> prefix, Path script, Path workDir, Map<String, String> env, long timeoutSeconds,
            String... args) throws IOException, InterruptedException {
        String name = script.getFileName().toString();
        List<String> command = new ArrayList<>(prefix);
        command.add("bash");
        command.add(script.toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("script", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " did not finish in " + timeoutSeconds + "s: "
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
