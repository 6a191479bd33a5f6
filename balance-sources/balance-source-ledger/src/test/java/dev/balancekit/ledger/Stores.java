package dev.balancekit.ledger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;

/**
 * The two stores every ledger test runs against: an SQLite file, and PostgreSQL in a fresh schema.
 */
enum Stores {
  SQLITE,
  POSTGRES;

  static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String PG_USER = "postgres";

  /**
   * A ledger on this store; PostgreSQL tests fail in CI when the database is unreachable, else
   * skip.
   */
  Ledger open(Path dir, Clock clock, String schema) {
    Ledger.Builder b = Ledger.builder().clock(clock);
    if (this == SQLITE) {
      return b.sqlite(dir.resolve("ledger.db")).build();
    }
    return b.postgres(PG_URL + "?currentSchema=" + schema, PG_USER, null).build();
  }

  /** A new, empty schema name for PostgreSQL (created here), or null for SQLite. */
  String freshSchema() {
    if (this == SQLITE) {
      return null;
    }
    String schema = "bk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(
            "PostgreSQL at " + PG_URL + " is required in CI but unreachable", e);
      }
      assumeTrue(false, "PostgreSQL unreachable; set CI to make this a failure");
    }
    return schema;
  }

  void drop(String schema) {
    if (schema == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, null);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    } catch (SQLException e) {
      // a leftover test schema is harmless
    }
  }
}
