package dev.balancekit.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The few places where SQLite and PostgreSQL differ; everything else is shared SQL. */
enum SqlDialect {
  SQLITE("INTEGER PRIMARY KEY AUTOINCREMENT") {
    @Override
    void configure(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=10000");
        // Checkpoint less often: each one rewrites the WAL's pages into the database file.
        s.execute("PRAGMA wal_autocheckpoint=10000");
        s.execute("PRAGMA foreign_keys=ON");
      }
    }

    @Override
    boolean isRetryable(SQLException e) {
      return e.getErrorCode() == 5 || e.getErrorCode() == 6; // SQLITE_BUSY, SQLITE_LOCKED
    }
  },
  POSTGRES("BIGSERIAL PRIMARY KEY") {
    @Override
    void configure(Connection c) {
    }

    @Override
    boolean isRetryable(SQLException e) {
      String state = e.getSQLState();
      return "40P01".equals(state) || "40001".equals(state) || "23505".equals(state);
    }
  };

  private final String autoIncrementKey;

  SqlDialect(String autoIncrementKey) {
    this.autoIncrementKey = autoIncrementKey;
  }

  /** Column definition of a generated, increasing primary key. */
  String autoIncrementKey() {
    return autoIncrementKey;
  }

  /** Session settings applied once to the writer's connection. */
  abstract void configure(Connection c) throws SQLException;

  /** Whether a failed batch may be retried whole: deadlock, serialization, busy, or a racing insert. */
  abstract boolean isRetryable(SQLException e);

  static SqlDialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    throw new IllegalArgumentException("jdbcUrl must be a jdbc:sqlite: or jdbc:postgresql: URL, but was '"
        + jdbcUrl.replaceAll("password=[^&;]*", "password=****") + "'");
  }
}
