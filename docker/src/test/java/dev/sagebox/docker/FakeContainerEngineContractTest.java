package dev.sagebox.docker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The fake held to the contract the docker-java adapter keeps; its containers act as the spec's name says. */
class FakeContainerEngineContractTest extends ContainerEngineContract {
    private static final String IMAGE = "sagebox/test-python:latest";

    private final Map<String, Consumer<FakeContainerEngine.FakeContainer>> behaviours = new ConcurrentHashMap<>();
    private final FakeContainerEngine engine = new FakeContainerEngine(IMAGE);

    FakeContainerEngineContractTest() {
        engine.onStart(c -> behaviours.getOrDefault(c.spec().name(), x -> { }).accept(c));
    }

    @Override
    protected ContainerEngine engine() {
        return engine;
    }

    @Override
    protected String image() {
        return IMAGE;
    }

    @Override
    protected ContainerSpec printsAndExits(ContainerSpec base, String stdout, String stderr, int code) {
        behaviours.put(base.name(), c -> {
            c.stdout(stdout).stderr(stderr);
            c.exit(code);
        });
        return base;
    }

    @Override
    protected ContainerSpec runsUntilStopped(ContainerSpec base, int onSigterm) {
        behaviours.put(base.name(), c -> c.exitOnSigterm(onSigterm).stdout("ready\n"));
        return base;
    }

    @Override
    protected ContainerSpec ignoresSigterm(ContainerSpec base) {
        behaviours.put(base.name(), c -> c.ignoreSigterm().stdout("ready\n"));
        return base;
    }
}
