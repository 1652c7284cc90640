package dev.sagebox.api.db;

import dev.sagebox.api.cloudwatch.TrainingMetricSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Training jobs' metric values for CloudWatch, from {@code training_metric}; jobs are named as their records name
 * them (the table keys them in lower case).
 */
public final class H2TrainingMetricSource implements TrainingMetricSource {
    private final Database db;

    public H2TrainingMetricSource(Database db) {
        this.db = db;
    }

    @Override
    public List<Sample> samples(String jobName, String metricName, Optional<String> host, long fromMillis,
            long toMillis) {
        String sql = "SELECT ts, metric_value, host FROM training_metric WHERE job_key = ? AND metric_name = ?"
                + " AND ts >= ? AND ts < ? AND (CAST(? AS VARCHAR(32)) IS NULL OR host = ?) ORDER BY ts, seq";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, jobName.toLowerCase(Locale.ROOT));
            ps.setString(2, metricName);
            ps.setLong(3, fromMillis);
            ps.setLong(4, toMillis);
            ps.setString(5, host.orElse(null));
            ps.setString(6, host.orElse(null));
            List<Sample> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Sample(rs.getLong(1), rs.getDouble(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public List<Series> series(Optional<String> metricName) {
        String sql = "SELECT COALESCE(r.name, m.job_key), m.metric_name, m.host, MAX(m.ts) FROM training_metric m"
                + " LEFT JOIN resource r ON r.resource_type = 'TRAINING_JOB' AND r.name_key = m.job_key"
                + " WHERE (CAST(? AS VARCHAR(255)) IS NULL OR m.metric_name = ?)"
                + " GROUP BY COALESCE(r.name, m.job_key), m.metric_name, m.host ORDER BY 1, 2, 3";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, metricName.orElse(null));
            ps.setString(2, metricName.orElse(null));
            List<Series> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Series(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("metric store failed: " + e.getMessage(), e);
    }
}
