package dev.sagebox.api.db;

import static dev.sagebox.core.Errors.validation;

import dev.sagebox.core.Arn;
import dev.sagebox.core.Tag;
import dev.sagebox.core.TagRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Tags in H2, keyed by the resource's (lower-cased) ARN, listed in the order they were first added. */
public final class H2TagRepository implements TagRepository {
    private final Database db;

    public H2TagRepository(Database db) {
        this.db = db;
    }

    @Override
    public void addTags(Arn resource, List<Tag> tags, int limit) {
        String merge = "MERGE INTO resource_tag t USING (VALUES (CAST(? AS VARCHAR(256)), CAST(? AS VARCHAR(128)),"
                + " CAST(? AS VARCHAR(256)))) AS s(arn, tag_key, tag_value) ON t.arn = s.arn AND t.tag_key = s.tag_key"
                + " WHEN MATCHED THEN UPDATE SET t.tag_value = s.tag_value"
                + " WHEN NOT MATCHED THEN INSERT (arn, tag_key, tag_value, position)"
                + " VALUES (s.arn, s.tag_key, s.tag_value, NEXT VALUE FOR tag_position)";
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                Set<String> keys = new LinkedHashSet<>(keys(c, resource));
                tags.forEach(t -> keys.add(t.key()));
                if (keys.size() > limit) {
                    throw validation("Resource %s would have %d tags, more than the limit of %d.", resource,
                            keys.size(), limit);
                }
                try (PreparedStatement ps = c.prepareStatement(merge)) {
                    for (Tag tag : tags) {
                        ps.setString(1, resource.toString());
                        ps.setString(2, tag.key());
                        ps.setString(3, tag.value());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
                db.sync(c);
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("tag store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Tag> listTags(Arn resource) {
        String sql = "SELECT tag_key, tag_value FROM resource_tag WHERE arn = ? ORDER BY position";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, resource.toString());
            List<Tag> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Tag(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("tag store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteTags(Arn resource, List<String> keys) {
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM resource_tag WHERE arn = ? AND tag_key = ?")) {
            for (String key : keys) {
                ps.setString(1, resource.toString());
                ps.setString(2, key);
                ps.addBatch();
            }
            ps.executeBatch();
            db.sync(c);
        } catch (SQLException e) {
            throw new IllegalStateException("tag store failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteAll(Arn resource) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM resource_tag WHERE arn = ?")) {
            ps.setString(1, resource.toString());
            ps.executeUpdate();
            db.sync(c);
        } catch (SQLException e) {
            throw new IllegalStateException("tag store failed: " + e.getMessage(), e);
        }
    }

    private static List<String> keys(Connection c, Arn resource) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT tag_key FROM resource_tag WHERE arn = ?")) {
            ps.setString(1, resource.toString());
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
