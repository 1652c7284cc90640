package dev.sagebox.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagebox.core.Arn;
import dev.sagebox.hosting.NotebookInstance;
import dev.sagebox.hosting.NotebookInstanceSpec;
import dev.sagebox.hosting.NotebookServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Notebook instances stored while Jupyter tokens were random and kept in the database lose the token in migration V4
 * and still read, with their server (the token is now derived; {@code JupyterTokens}).
 */
class NotebookTokenMigrationTest {
    static final String MIGRATION = "/db/migration/V4__notebook_tokens_not_stored.sql";
    static final Instant T0 = Instant.parse("2026-12-03T06:00:00Z");
    static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef";

    final Database db = Database.inMemory("notebook-token-migration");
    final H2NotebookInstanceRepository notebooks = new H2NotebookInstanceRepository(db, new DocumentCodec());

    @AfterEach
    void close() throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM resource");
        }
        db.close();
    }

    @Test
    void storedTokensAreRemovedAndTheInstancesStillRead() throws Exception {
        insertOld("with-host", "{\"containerId\":\"c1\",\"hostPort\":41000,\"token\":\"" + TOKEN
                + "\",\"host\":\"127.0.0.1\"}");
        insertOld("before-host", "{\"containerId\":\"c2\",\"hostPort\":41001,\"token\":\"" + TOKEN + "\"}");

        migrate();

        assertThat(documents()).doesNotContain(TOKEN).doesNotContain("\"token\"");
        assertThat(notebooks.find("with-host").orElseThrow().server())
                .contains(new NotebookServer("c1", 41000, "127.0.0.1"));
        assertThat(notebooks.find("before-host").orElseThrow().server()).contains(new NotebookServer("c2", 41001));
    }

    /** A document as the previous version wrote it: this version's, with the token put into its server. */
    private void insertOld(String name, String oldServer) throws Exception {
        NotebookInstance current = NotebookInstance.created(new NotebookInstanceSpec(name, "ml.t2.medium",
                "arn:aws:iam::123456789012:role/Role", 5, Optional.empty(), List.of(), Optional.empty(), "Enabled",
                "Enabled"), Arn.parse("arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/" + name)
                .orElseThrow(), T0).inService(new NotebookServer("c0", 40000), T0);
        notebooks.insertIfAbsent(current);
        String document = new DocumentCodec().write(current);
        String server = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                current.server().orElseThrow());
        assertThat(document).contains(server);
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE resource SET document = ? WHERE resource_type = 'NOTEBOOK_INSTANCE' AND name_key = ?")) {
            ps.setString(1, document.replace(server, oldServer));
            ps.setString(2, name);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private void migrate() throws Exception {
        String sql;
        try (InputStream in = NotebookTokenMigrationTest.class.getResourceAsStream(MIGRATION)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String statement : sql.split(";\\s*\\n")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    private String documents() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Connection c = db.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT document FROM resource")) {
            while (rs.next()) {
                all.append(rs.getString(1)).append('\n');
            }
        }
        return all.toString();
    }
}
