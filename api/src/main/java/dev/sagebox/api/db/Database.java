package dev.sagebox.api.db;

import dev.sagebox.storage.OwnerOnly;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/** The H2 database: a connection pool and the versioned schema migrations, applied at open. */
public final class Database implements AutoCloseable {
    private static final String MIGRATIONS = "/db/migration/";

    private static final String USER = "sagebox";

    private final String url;
    private final JdbcConnectionPool pool;

    private Database(String url) {
        this.url = url;
        this.pool = JdbcConnectionPool.create(url, USER, "");
        pool.setMaxConnections(32);
        migrate();
    }

    /**
     * The database file under {@code dir}, created on first use. {@code WRITE_DELAY=0}: H2's MVStore otherwise
     * writes committed changes in the background up to 500 ms later, so an answer could precede the write and a
     * kill -9 lost acknowledged records; with 0 every commit writes its chunk to the file before it returns.
     * {@code TRACE_LEVEL_FILE=4} sends H2's trace to SLF4J (the server log) instead of a {@code .trace.db} file
     * that H2 would create later, with the process umask, beside the owner-only database file.
     * {@code MAX_COMPACT_TIME=0}: no compaction while closing; H2 2.3.232's close-time chunk moving fails an internal
     * assertion under {@code -ea} (the tests' JVMs), which left the store closing with an exception. The store
     * still compacts itself in the background while it runs.
     */
    public static Database onDisk(Path dir) {
        Database db = new Database("jdbc:h2:file:" + dir.resolve("sagebox").toAbsolutePath()
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;TRACE_LEVEL_FILE=4;MAX_COMPACT_TIME=0");
        // H2 creates its file with the process umask; it holds every resource, so only the owner may read it.
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "sagebox.*")) {
            for (Path file : files) {
                OwnerOnly.file(file);
            }
        } catch (IOException e) {
            db.close();
            throw new UncheckedIOException("cannot restrict the database files in " + dir, e);
        }
        return db;
    }

    /** A private in-memory database, for component tests. */
    public static Database inMemory(String name) {
        return new Database("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    }

    /** Sets one row's parameters of a batch. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    /** Runs {@code sql} once per item, each bound by {@code binder}, in one transaction: every row or none. */
    public <T> void batch(String sql, List<T> items, Binder<T> binder) throws SQLException {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (T item : items) {
                    binder.bind(ps, item);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Connections of the pool in use now. */
    public int activeConnections() {
        return pool.getActiveConnections();
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Forces what {@code c} committed to the device ({@code CHECKPOINT SYNC}, an fsync of the database file):
     * a commit with {@code WRITE_DELAY=0} survives a killed process but sits in the OS page cache until then, and a
     * write the API acknowledges must survive a crash of the host too. Call after the commit, before answering.
     */
    public void sync(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT SYNC");
        }
    }

    /** Whether the database answers a trivial query. */
    public boolean isHealthy() {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    private void migrate() {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, script VARCHAR(200) NOT NULL,"
                        + " applied_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP)");
            }
            int current = currentVersion(c);
            for (String script : scripts()) {
                int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
                if (version > current) {
                    apply(c, version, script);
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not migrate the Sagebox database: " + e.getMessage(), e);
        }
    }

    private static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void apply(Connection c, int version, String script) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : read(MIGRATIONS + script).split(";\\s*\\n")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
            ps.setInt(1, version);
            ps.setString(2, script);
            ps.executeUpdate();
        }
    }

    private static List<String> scripts() {
        return read(MIGRATIONS + "index.txt").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String read(String resource) {
        try (InputStream in = Database.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + resource);
            }
            StringBuilder out = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                r.lines().filter(l -> !l.strip().startsWith("--")).forEach(l -> out.append(l).append('\n'));
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shuts the database down, on a connection of its own: a pooled one, given back after the SHUTDOWN, would roll
     * back on a closed database and H2 would log that as an error at every stop.
     */
    @Override
    public void close() {
        JdbcDataSource unpooled = new JdbcDataSource();
        unpooled.setURL(url);
        unpooled.setUser(USER);
        try (Connection c = unpooled.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // Already shut down or never opened: nothing left to close.
        }
        pool.dispose();
    }
}
