package dev.sagebox.hosting;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/** What every {@link EndpointFleet} works with. */
record FleetContext(
        EndpointRepository endpoints,
        EndpointRouter router,
        InstanceLauncher launcher,
        ModelDataStager stager,
        HostingSettings settings,
        Clock clock,
        ExecutorService background) {
}
