package dev.sagebox.api.db;

import dev.sagebox.api.cloudwatch.MetricPointStore;
import dev.sagebox.api.cloudwatch.SecondPoint;
import dev.sagebox.api.cloudwatch.SeriesKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CloudWatch's one-second points in H2 (table {@code cloudwatch_point}). */
public final class H2MetricPoints implements MetricPointStore {
    private final Database db;

    public H2MetricPoints(Database db) {
        this.db = db;
    }

    @Override
    public void append(List<SecondPoint> points) {
        String sql = "INSERT INTO cloudwatch_point (namespace, metric_name, dimensions, ts, sample_count, sum_value,"
                + " min_value, max_value, unit, buckets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try {
            db.batch(sql, points, (ps, p) -> {
                ps.setString(1, p.series().namespace());
                ps.setString(2, p.series().metricName());
                ps.setString(3, p.series().dimensionsText());
                ps.setLong(4, p.second());
                ps.setDouble(5, p.sampleCount());
                ps.setDouble(6, p.sum());
                ps.setDouble(7, p.minimum());
                ps.setDouble(8, p.maximum());
                ps.setString(9, p.unit());
                ps.setString(10, p.buckets().map(SecondPoint::bucketsText).orElse(null));
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public List<SecondPoint> points(SeriesKey series, long fromSecond, long toSecond) {
        String sql = "SELECT ts, sample_count, sum_value, min_value, max_value, unit, buckets FROM cloudwatch_point"
                + " WHERE namespace = ? AND metric_name = ? AND dimensions = ? AND ts >= ? AND ts < ? ORDER BY ts";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, series.namespace());
            ps.setString(2, series.metricName());
            ps.setString(3, series.dimensionsText());
            ps.setLong(4, fromSecond);
            ps.setLong(5, toSecond);
            List<SecondPoint> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String buckets = rs.getString(7);
                    out.add(new SecondPoint(series, rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5), rs.getString(6), Optional.ofNullable(buckets).map(SecondPoint::bucketsOf)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public List<StoredSeries> series(Optional<String> namespace, Optional<String> metricName) {
        String sql = "SELECT namespace, metric_name, dimensions, MAX(unit), MAX(ts) FROM cloudwatch_point"
                + " WHERE (CAST(? AS VARCHAR(255)) IS NULL OR namespace = ?) AND (CAST(? AS VARCHAR(255)) IS NULL OR metric_name = ?)"
                + " GROUP BY namespace, metric_name, dimensions ORDER BY namespace, metric_name, dimensions";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, namespace.orElse(null));
            ps.setString(2, namespace.orElse(null));
            ps.setString(3, metricName.orElse(null));
            ps.setString(4, metricName.orElse(null));
            List<StoredSeries> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredSeries(new SeriesKey(rs.getString(1), rs.getString(2),
                            SeriesKey.dimensionsOf(rs.getString(3))), rs.getString(4), rs.getLong(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public int deleteBefore(long second) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM cloudwatch_point WHERE ts < ?")) {
            ps.setLong(1, second);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("metric store failed: " + e.getMessage(), e);
    }
}
