package dev.sagebox.api.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatabaseTest {

    @Test
    void closeShutsTheDatabaseDown() throws Exception {
        String name = UUID.randomUUID().toString();
        try (Database db = Database.inMemory(name); Connection c = db.connection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE probe (x INT)");
        }
        // An in-memory database kept open (DB_CLOSE_DELAY=-1) is gone only if close() shut it down.
        try (Database db = Database.inMemory(name); Connection c = db.connection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'PROBE'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).isZero();
        }
    }
}
