package dev.sagebox.api.db;

import dev.sagebox.runner.MetricSample;
import dev.sagebox.scheduler.TrainingMetricRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Training jobs' metric samples in H2, one row each, written in batches. */
public final class H2TrainingMetricRepository implements TrainingMetricRepository {
    private final Database db;

    public H2TrainingMetricRepository(Database db) {
        this.db = db;
    }

    @Override
    public void append(String jobName, List<MetricSample> samples) {
        String sql = "INSERT INTO training_metric (job_key, metric_name, host, ts, metric_value) VALUES (?, ?, ?, ?, ?)";
        try {
            db.batch(sql, samples, (ps, s) -> {
                ps.setString(1, key(jobName));
                ps.setString(2, s.metricName());
                ps.setString(3, s.host());
                ps.setLong(4, s.timestamp().toEpochMilli());
                ps.setDouble(5, s.value());
            });
        } catch (SQLException e) {
            throw new IllegalStateException("metric store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<MetricSample> samples(String jobName) {
        String sql = "SELECT host, metric_name, ts, metric_value FROM training_metric WHERE job_key = ? ORDER BY seq";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key(jobName));
            List<MetricSample> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MetricSample(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getDouble(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("metric store failed: " + e.getMessage(), e);
        }
    }

    private static String key(String jobName) {
        return jobName.toLowerCase(Locale.ROOT);
    }
}
