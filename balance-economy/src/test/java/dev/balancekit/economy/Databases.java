package dev.balancekit.economy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.balancekit.ledger.Ledger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;

/**
 * The two databases every economy test runs on: an SQLite file, and PostgreSQL in a fresh schema.
 */
enum Databases {
  SQLITE,
  POSTGRES;

  static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String PG_USER = "postgres";

  /** A ledger on this database; one more call opens another instance on the same data. */
  Ledger open(Path dir, Clock clock, String schema) {
    Ledger.Builder b = Ledger.builder().clock(clock);
    if (this == SQLITE) {
      return b.sqlite(dir.resolve("economy.db")).build();
    }
    return b.postgres(PG_URL + "?currentSchema=" + schema, PG_USER, null).build();
  }

  /**
   * A plain connection to the data {@link #open} uses, to break things behind the economy's back.
   */
  Connection connect(Path dir, String schema) throws SQLException {
    return this == SQLITE
        ? DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("economy.db").toAbsolutePath())
        : DriverManager.getConnection(PG_URL + "?currentSchema=" + schema, PG_USER, null);
  }

  /**
   * A new, empty PostgreSQL schema (null for SQLite); fails in CI when PostgreSQL is unreachable,
   * else skips.
   */
  String freshSchema() {
    if (this == SQLITE) {
      return null;
    }
    String schema = "bk_eco_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
