package dev.sagebox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ensure-engine.sh against stand-ins for docker and dockerd on PATH, so its paths can be exercised without touching
 * the machine's real engine: the stand-in docker answers once the stand-in dockerd has "started".
 */
class EnsureEngineScriptTest {
    @TempDir
    Path dir;
    private Path pidFile;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void standIns() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path marker = dir.resolve("engine-up");
        pidFile = dir.resolve("docker.pid");
        executable(bin.resolve("docker"), "#!/bin/bash\n[ -f '" + marker + "' ] && exit 0\n"
                + "echo 'Cannot connect to the Docker daemon' >&2\nexit 1\n");
        // Called as: dockerd --pidfile FILE. It keeps running like the real one, as a sleep with its pid.
        executable(bin.resolve("dockerd"), "#!/bin/bash\n[ -n \"${STUB_DOCKERD_FAIL:-}\" ] && "
                + "{ echo 'failed to start daemon' >&2; exit 1; }\necho $$ > \"$2\"\ntouch '" + marker + "'\n"
                + "exec sleep 120\n");
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("SAGEBOX_HOME", dir.resolve("home").toString());
        env.put("SAGEBOX_DOCKERD_PIDFILE", pidFile.toString());
        env.put("SAGEBOX_ENGINE_WAIT_SECONDS", "20");
        env.put("DOCKER_HOST", "");
    }

    @AfterEach
    void stopStandInDockerd() throws IOException {
        if (Files.exists(pidFile)) {
            ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroy);
        }
    }

    @Test
    void isSilentWhenAnEngineAnswers() throws Exception {
        Files.createFile(dir.resolve("engine-up"));
        Scripts.Run run = Scripts.run(List.of(), "ensure-engine.sh", env, 60);
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).isEmpty();
    }

    @Test
    void startsDockerdWhenRootOnDebian() throws Exception {
        assumeRootOnDebian();
        Scripts.Run run = Scripts.run(List.of(), "ensure-engine.sh", env, 60);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("starting dockerd");
        assertThat(pidFile).exists();
        assertThat(dir.resolve("home/dockerd.log")).exists();
    }

    @Test
    void failsClearlyWhenDockerdDies() throws Exception {
        assumeRootOnDebian();
        env.put("STUB_DOCKERD_FAIL", "1");
        Scripts.Run run = Scripts.run(List.of(), "ensure-engine.sh", env, 60);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("dockerd exited while starting").contains("failed to start daemon");
    }

    @Test
    void tellsAUserWhoIsNotRootWhatToDo() throws Exception {
        assumeRootOnDebian();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv switches to an unprivileged user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        // A copy the unprivileged user can reach: the checkout may sit under a directory only root may enter.
        Path script = Files.copy(Scripts.script("ensure-engine.sh"), dir.resolve("ensure-engine.sh"));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Scripts.Run run = Scripts.run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                script, dir, env, 60);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("no Docker engine answers").contains("install Docker Engine")
                .contains("usermod -aG docker");
        assertThat(pidFile).doesNotExist();
    }

    @Test
    void doesNotStartALocalEngineForAnotherDockerHost() throws Exception {
        env.put("DOCKER_HOST", "tcp://127.0.0.1:1");
        Scripts.Run run = Scripts.run(List.of(), "ensure-engine.sh", env, 60);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("DOCKER_HOST=tcp://127.0.0.1:1");
        assertThat(pidFile).doesNotExist();
    }

    private static void assumeRootOnDebian() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "runs as root");
        Path osRelease = Path.of("/etc/os-release");
        assumeTrue(Files.exists(osRelease) && Files.readString(osRelease).matches("(?s).*ID(_LIKE)?=.*(debian|ubuntu).*"),
                "runs on Debian or Ubuntu");
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
