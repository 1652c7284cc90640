package dev.sagebox.runner;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * CreateTrainingJob's switches beyond what to run: echoed by DescribeTrainingJob as given. Network isolation and
 * inter-container encryption are recorded (enforcing isolation is the security work's); managed spot runs like
 * on-demand capacity, which is never interrupted here; retries re-run a job that failed inside Sagebox.
 *
 * @param maxWait StoppingCondition.MaxWaitTimeInSeconds (spot only)
 * @param maximumRetryAttempts RetryStrategy.MaximumRetryAttempts, empty without a RetryStrategy
 * @param debuggerConfigs DebugHookConfig and ProfilerConfig as given, by member name: the SageMaker Python SDK sends
 *     both with every job; they configure SageMaker Debugger, which does not run here, and are only echoed
 * @param enableSageMakerMetricsTimeSeries AlgorithmSpecification.EnableSageMakerMetricsTimeSeries, which the SDK's
 *     framework estimators send as true by default: echoed (metric values are kept as a time series regardless)
 */
public record TrainingOptions(
        boolean enableNetworkIsolation,
        boolean enableInterContainerTrafficEncryption,
        boolean enableManagedSpotTraining,
        Optional<Duration> maxWait,
        Optional<Integer> maximumRetryAttempts,
        Map<String, Map<String, Object>> debuggerConfigs,
        boolean enableSageMakerMetricsTimeSeries) {
    /** What a request that names none of them gets, as AWS reports it. */
    public static final TrainingOptions DEFAULTS = new TrainingOptions(false, false, false, Optional.empty(),
            Optional.empty(), Map.of());

    public TrainingOptions {
        Objects.requireNonNull(maxWait, "maxWait");
        Objects.requireNonNull(maximumRetryAttempts, "maximumRetryAttempts");
        debuggerConfigs = debuggerConfigs == null ? Map.of() : Map.copyOf(debuggerConfigs);
    }

    /** Without SageMaker's metrics time series switch (echoed only: metric values are kept as a series anyway). */
    public TrainingOptions(boolean enableNetworkIsolation, boolean enableInterContainerTrafficEncryption,
            boolean enableManagedSpotTraining, Optional<Duration> maxWait, Optional<Integer> maximumRetryAttempts,
            Map<String, Map<String, Object>> debuggerConfigs) {
        this(enableNetworkIsolation, enableInterContainerTrafficEncryption, enableManagedSpotTraining, maxWait,
                maximumRetryAttempts, debuggerConfigs, false);
    }
}
