package dev.sagebox.api.db;

import dev.sagebox.core.ListQuery;
import dev.sagebox.core.ListQuery.SortField;
import dev.sagebox.core.ListQuery.SortOrder;
import dev.sagebox.core.Page;
import dev.sagebox.core.Resource;
import dev.sagebox.core.ResourceRepository;
import dev.sagebox.core.ResourceType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one H2 implementation behind every resource repository: rows of the shared {@code resource} table, and the
 * shared list engine (filters, sort, keyset pages) that every List operation uses.
 */
public class H2ResourceTable<T extends Resource> implements ResourceRepository<T> {
    private final Database db;
    private final ResourceType type;
    private final Class<T> recordType;
    private final DocumentCodec codec;

    public H2ResourceTable(Database db, ResourceType type, Class<T> recordType, DocumentCodec codec) {
        this.db = db;
        this.type = type;
        this.recordType = recordType;
        this.codec = codec;
    }

    @Override
    public boolean insertIfAbsent(T resource) {
        String sql = "INSERT INTO resource (resource_type, name_key, name, arn, status, creation_time,"
                + " last_modified_time, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type.name());
            ps.setString(2, key(resource.name()));
            ps.setString(3, resource.name());
            ps.setString(4, resource.arn().toString());
            ps.setString(5, resource.statusName().orElse(null));
            ps.setLong(6, resource.creationTime().toEpochMilli());
            ps.setLong(7, resource.lastModifiedTime().toEpochMilli());
            ps.setString(8, codec.write(resource));
            ps.executeUpdate();
            db.sync(c);
            return true;
        } catch (SQLIntegrityConstraintViolationException e) {
            return false;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<T> find(String name) {
        String sql = "SELECT document FROM resource WHERE resource_type = ? AND name_key = ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type.name());
            ps.setString(2, key(name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(codec.read(rs.getString(1), recordType)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Every stored resource of this type, oldest first. */
    public List<T> all() {
        return query("SELECT document FROM resource WHERE resource_type = ? ORDER BY creation_time, name_key",
                List.of(type.name()));
    }

    /** Every stored resource of this type whose status is one of {@code statuses} (recovery at start-up). */
    protected List<T> withStatus(List<String> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", java.util.Collections.nCopies(statuses.size(), "?"));
        List<Object> args = new ArrayList<>();
        args.add(type.name());
        args.addAll(statuses);
        return query("SELECT document FROM resource WHERE resource_type = ? AND status IN (" + marks + ")"
                + " ORDER BY creation_time, name_key", args);
    }

    private List<T> query(String sql, List<Object> args) {
        List<T> out = new ArrayList<>();
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(codec.read(rs.getString(1), recordType));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public boolean delete(String name) {
        String sql = "DELETE FROM resource WHERE resource_type = ? AND name_key = ?";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type.name());
            ps.setString(2, key(name));
            boolean deleted = ps.executeUpdate() > 0;
            db.sync(c);
            return deleted;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public Optional<T> update(String name, UnaryOperator<T> change) {
        String select = "SELECT document FROM resource WHERE resource_type = ? AND name_key = ? FOR UPDATE";
        String write = "UPDATE resource SET status = ?, last_modified_time = ?, document = ?"
                + " WHERE resource_type = ? AND name_key = ?";
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try {
                T current;
                try (PreparedStatement ps = c.prepareStatement(select)) {
                    ps.setString(1, type.name());
                    ps.setString(2, key(name));
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                        current = codec.read(rs.getString(1), recordType);
                    }
                }
                T next = Objects.requireNonNull(change.apply(current), "change must return the new record");
                try (PreparedStatement ps = c.prepareStatement(write)) {
                    ps.setString(1, next.statusName().orElse(null));
                    ps.setLong(2, next.lastModifiedTime().toEpochMilli());
                    ps.setString(3, codec.write(next));
                    ps.setString(4, type.name());
                    ps.setString(5, key(name));
                    ps.executeUpdate();
                }
                c.commit();
                db.sync(c);
                return Optional.of(next);
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public Page<T> list(ListQuery q) {
        String column = switch (q.sortBy()) {
            case NAME -> "name_key";
            case CREATION_TIME -> "creation_time";
            case STATUS -> "COALESCE(status, '')";
        };
        boolean asc = q.sortOrder() == SortOrder.ASCENDING;
        int queryHash = queryHash(q);
        String index = q.sortBy() == SortField.CREATION_TIME ? " USE INDEX (resource_by_creation)" : "";
        StringBuilder sql = new StringBuilder("SELECT document, ").append(column)
                .append(", name_key FROM resource").append(index).append(" WHERE resource_type = ?");
        List<Object> args = new ArrayList<>();
        args.add(type.name());
        q.nameContains().ifPresent(s -> {
            sql.append(" AND LOCATE(?, name_key) > 0");
            args.add(s.toLowerCase(Locale.ROOT));
        });
        bound(sql, args, "creation_time >", q.creationTimeAfter());
        bound(sql, args, "creation_time <", q.creationTimeBefore());
        bound(sql, args, "last_modified_time >", q.lastModifiedTimeAfter());
        bound(sql, args, "last_modified_time <", q.lastModifiedTimeBefore());
        q.statusEquals().ifPresent(s -> {
            sql.append(" AND status = ?");
            args.add(s);
        });
        if (q.nextToken().isPresent()) {
            PageCursor cursor = PageCursor.decode(q.nextToken().get(), queryHash);
            String op = asc ? ">" : "<";
            sql.append(" AND ").append(column).append(' ').append(op).append("= ? AND (").append(column).append(' ')
                    .append(op).append(" ? OR name_key ").append(op).append(" ?)");
            Object sortValue = q.sortBy() == SortField.CREATION_TIME ? Long.valueOf(cursor.sortValue()) : cursor.sortValue();
            args.add(sortValue);
            args.add(sortValue);
            args.add(cursor.nameKey());
        }
        String dir = asc ? " ASC" : " DESC";
        sql.append(" ORDER BY resource_type").append(dir).append(", ").append(column).append(dir).append(", name_key").append(dir).append(" LIMIT ?");
        args.add(q.maxResults() + 1);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<T> items = new ArrayList<>();
            String lastSort = null;
            String lastKey = null;
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (items.size() == q.maxResults()) {
                        more = true;
                        break;
                    }
                    items.add(codec.read(rs.getString(1), recordType));
                    lastSort = rs.getString(2);
                    lastKey = rs.getString(3);
                }
            }
            Optional<String> next = more ? Optional.of(new PageCursor(lastSort, lastKey, queryHash).encode())
                    : Optional.empty();
            return new Page<>(items, next);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void bound(StringBuilder sql, List<Object> args, String condition, Optional<Instant> value) {
        value.ifPresent(v -> {
            sql.append(" AND ").append(condition).append(" ?");
            args.add(v.toEpochMilli());
        });
    }

    /** Binds a token to everything but the page position, so it cannot be replayed against another query. */
    private int queryHash(ListQuery q) {
        return Objects.hash(type, q.nameContains(), q.creationTimeAfter(), q.creationTimeBefore(),
                q.lastModifiedTimeAfter(), q.lastModifiedTimeBefore(), q.statusEquals(), q.sortBy(), q.sortOrder());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private IllegalStateException failure(SQLException e) {
        return new IllegalStateException("record store failed on " + type.arnSegment() + ": " + e.getMessage(), e);
    }
}
