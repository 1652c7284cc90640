package dev.sagebox.docker;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The reference for the contract: the docker-java adapter on the real engine, with the locally built test image. */
@Tag("docker")
class DockerJavaContainerEngineContractIT extends ContainerEngineContract {
    /** Sleeps in the background so bash, as PID 1, runs its trap as soon as a signal arrives. */
    private static final String LOOP = "echo ready; while :; do sleep 1 & wait $!; done";

    private static DockerJavaContainerEngine engine;

    @BeforeAll
    static void connect() throws Exception {
        DockerItBase.ensureImage();
        engine = DockerJavaContainerEngine.fromEnvironment();
    }

    @AfterAll
    static void disconnect() {
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    protected ContainerEngine engine() {
        return engine;
    }

    @Override
    protected String image() {
        return DockerItBase.IMAGE;
    }

    @Override
    protected ContainerSpec printsAndExits(ContainerSpec base, String stdout, String stderr, int code) {
        // The texts travel in the environment, so no quoting can change them.
        return command(base, "printf '%s' \"$OUT\"; printf '%s' \"$ERR\" >&2; exit " + code)
                .withEnv(Map.of("OUT", stdout, "ERR", stderr));
    }

    @Override
    protected ContainerSpec runsUntilStopped(ContainerSpec base, int onSigterm) {
        return command(base, "trap 'exit " + onSigterm + "' TERM; " + LOOP);
    }

    @Override
    protected ContainerSpec ignoresSigterm(ContainerSpec base) {
        return command(base, "trap '' TERM; " + LOOP);
    }

    private static ContainerSpec command(ContainerSpec base, String script) {
        return new ContainerSpec(base.image(), base.name(), base.hostname(), base.entrypoint(),
                List.of("bash", "-c", script), base.env(), base.labels(), base.mounts(), base.network(),
                base.networkAliases(), base.joinNetworkOf(), base.publishedPorts(), base.limits(), base.user(),
                base.node());
    }
}
