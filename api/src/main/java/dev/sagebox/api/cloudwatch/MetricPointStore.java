package dev.sagebox.api.cloudwatch;

import java.util.List;
import java.util.Optional;

/** Where CloudWatch's one-second points are kept (H2 in the server, see {@code H2MetricPoints}). */
public interface MetricPointStore {
    void append(List<SecondPoint> points);

    /** The points of one series with {@code fromSecond <= second < toSecond}, oldest first. */
    List<SecondPoint> points(SeriesKey series, long fromSecond, long toSecond);

    /** A series that has points, with its unit and the second of its newest point. */
    record StoredSeries(SeriesKey series, String unit, long lastSecond) {
    }

    /** The series with points, filtered by namespace and metric name when given. */
    List<StoredSeries> series(Optional<String> namespace, Optional<String> metricName);

    /** Removes the points older than {@code second}; how many went. */
    int deleteBefore(long second);
}
