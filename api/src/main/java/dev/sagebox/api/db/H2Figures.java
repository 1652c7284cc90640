package dev.sagebox.api.db;

import dev.sagebox.core.ResourceType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What the record store holds and how it is doing, for the metrics: counts by type and status, the file, H2's own. */
public final class H2Figures {
    private final Database db;
    private final Optional<Path> file;

    /** {@code file}: the database file (empty in memory). */
    public H2Figures(Database db, Optional<Path> file) {
        this.db = db;
        this.file = file;
    }

    /** How many resources of one type are in one status ("" for types without one). */
    public record StatusCount(ResourceType type, String status, long count) {
    }

    public List<StatusCount> byTypeAndStatus() {
        String sql = "SELECT resource_type, COALESCE(status, ''), COUNT(*) FROM resource GROUP BY resource_type, status";
        List<StatusCount> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new StatusCount(ResourceType.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("record store failed: " + e.getMessage(), e);
        }
    }

    /** H2's own figures ({@code INFORMATION_SCHEMA.SETTINGS} named {@code info.*}, numeric ones), by name. */
    public Map<String, Long> engineFigures() {
        String sql = "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                + " WHERE SETTING_NAME LIKE 'info.%'";
        Map<String, Long> out = new HashMap<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    out.put(rs.getString(1).substring("info.".length()), Long.parseLong(rs.getString(2).trim()));
                } catch (NumberFormatException notANumber) {
                    // e.g. info.VERSION: not a figure
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("record store failed: " + e.getMessage(), e);
        }
    }

    public int activeConnections() {
        return db.activeConnections();
    }

    /** The database file's size, when on disk. */
    public OptionalLong fileBytes() {
        if (file.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Files.size(file.get()));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
