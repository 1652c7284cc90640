-- CloudWatch metrics Sagebox publishes itself (AWS/SageMaker endpoint invocations), one row per metric and second:
-- a statistic set, its unit, and for latencies the sparse counts of fixed log-scale buckets (percentiles).
-- Training jobs' metrics are not copied here: they are read from training_metric.
CREATE TABLE cloudwatch_point (
    namespace    VARCHAR(255)  NOT NULL,
    metric_name  VARCHAR(255)  NOT NULL,
    dimensions   VARCHAR(4096) NOT NULL,
    ts           BIGINT        NOT NULL,
    sample_count DOUBLE PRECISION NOT NULL,
    sum_value    DOUBLE PRECISION NOT NULL,
    min_value    DOUBLE PRECISION NOT NULL,
    max_value    DOUBLE PRECISION NOT NULL,
    unit         VARCHAR(32)   NOT NULL,
    buckets      VARCHAR(4096)
);
CREATE INDEX cloudwatch_point_by_series ON cloudwatch_point (namespace, metric_name, dimensions, ts);
CREATE INDEX cloudwatch_point_by_time ON cloudwatch_point (ts);
