package dev.balancekit.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.regex.Pattern;

/** The few places where SQLite and PostgreSQL differ; everything else is shared SQL. */
enum SqlDialect {
  SQLITE("INTEGER PRIMARY KEY", " WITHOUT ROWID") {
    @Override
    void configure(Connection c) throws SQLException {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=10000");
        // Checkpoint less often: each one rewrites the WAL's pages into the database file.
        s.execute("PRAGMA wal_autocheckpoint=10000");
        // Idempotency keys land on random index pages; keep the hot ones in memory (64 MiB).
        s.execute("PRAGMA cache_size=-65536");
        s.execute("PRAGMA foreign_keys=ON");
      }
    }

    @Override
    boolean isRetryable(SQLException e) {
      return e.getErrorCode() == 5 || e.getErrorCode() == 6; // SQLITE_BUSY, SQLITE_LOCKED
    }

    @Override
    String selectRows(RowSet.Type... types) {
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < types.length; i++) {
        sql.append(i == 0 ? "" : ", ").append("j.value->>").append(i).append(" AS c").append(i);
      }
      return sql.append(" FROM json_each(?) AS j").toString();
    }

    @Override
    void bindRows(PreparedStatement ps, RowSet rows) throws SQLException {
      ps.setString(1, rows.toJson());
    }

    // In process, binding row by row costs less than SQLite extracting the columns from JSON.
    @Override
    String rowStatement(String template, RowSet.Type... types) {
      return COLUMN
          .matcher(template.replace(" FROM ROWS AS r", ""))
          .replaceAll(column -> "?" + (Integer.parseInt(column.group(1)) + 1));
    }

    @Override
    int executeRows(PreparedStatement ps, RowSet rows) throws SQLException {
      for (int row = 0; row < rows.size(); row++) {
        for (int column = 0; column < rows.types.length; column++) {
          Object value = rows.get(row, column);
          if (value == null) {
            ps.setNull(
                column + 1, rows.types[column] == RowSet.Type.TEXT ? Types.VARCHAR : Types.BIGINT);
          } else if (value instanceof Long number) {
            ps.setLong(column + 1, number);
          } else {
            ps.setString(column + 1, (String) value);
          }
        }
        ps.addBatch();
      }
      int changed = 0;
      for (int count : ps.executeBatch()) {
        changed += count;
      }
      return changed;
    }

    @Override
    String lockRows(String alias) {
      return ""; // the writer's transaction already excludes every other writer of the file
    }
  },
  POSTGRES("BIGSERIAL PRIMARY KEY", "") {
    @Override
    void configure(Connection c) {}

    @Override
    boolean isRetryable(SQLException e) {
      String state = e.getSQLState();
      return "40P01".equals(state) || "40001".equals(state) || "23505".equals(state);
    }

    @Override
    String selectRows(RowSet.Type... types) {
      StringBuilder sql = new StringBuilder("SELECT * FROM unnest(");
      StringBuilder columns = new StringBuilder();
      for (int i = 0; i < types.length; i++) {
        sql.append(i == 0 ? "" : ", ").append("?::").append(types[i].sql).append("[]");
        columns.append(i == 0 ? "" : ", ").append('c').append(i);
      }
      return sql.append(") AS j(").append(columns).append(')').toString();
    }

    @Override
    void bindRows(PreparedStatement ps, RowSet rows) throws SQLException {
      for (int i = 0; i < rows.types.length; i++) {
        ps.setArray(i + 1, ps.getConnection().createArrayOf(rows.types[i].sql, rows.column(i)));
      }
    }

    // One statement over arrays: one round trip and one plan for the whole batch.
    @Override
    String rowStatement(String template, RowSet.Type... types) {
      return template.replace(" FROM ROWS AS r", " FROM (" + selectRows(types) + ") AS r");
    }

    @Override
    int executeRows(PreparedStatement ps, RowSet rows) throws SQLException {
      bindRows(ps, rows);
      return ps.executeUpdate();
    }

    @Override
    String lockRows(String alias) {
      return " FOR UPDATE OF " + alias;
    }
  };

  private static final Pattern COLUMN = Pattern.compile("\\br\\.c(\\d+)\\b");

  private final String autoIncrementKey;
  private final String clusteredByKey;

  SqlDialect(String autoIncrementKey, String clusteredByKey) {
    this.autoIncrementKey = autoIncrementKey;
    this.clusteredByKey = clusteredByKey;
  }

  /**
   * Column definition of a generated, increasing primary key. SQLite's plain rowid key never reuses
   * a value here, because entries are never deleted; {@code AUTOINCREMENT} would cost a write more.
   */
  String autoIncrementKey() {
    return autoIncrementKey;
  }

  /** The table option that stores rows in primary-key order, saving SQLite a separate key index. */
  String clusteredByKey() {
    return clusteredByKey;
  }

  /** Session settings applied once to the writer's connection. */
  abstract void configure(Connection c) throws SQLException;

  /**
   * Whether a failed batch may be retried whole: deadlock, serialization, busy, or a racing insert.
   */
  abstract boolean isRetryable(SQLException e);

  /**
   * A subquery with columns {@code c0, c1, ...} over the rows {@link #bindRows} binds, for reading.
   */
  abstract String selectRows(RowSet.Type... types);

  /** Binds {@code rows} as the parameters of a statement built around {@link #selectRows}. */
  abstract void bindRows(PreparedStatement ps, RowSet rows) throws SQLException;

  /**
   * A statement that applies {@code template} to every row that {@link #executeRows} gets. The
   * template names the rows {@code FROM ROWS AS r} once and their columns {@code r.c0, r.c1, ...}.
   */
  abstract String rowStatement(String template, RowSet.Type... types);

  /** Runs a {@link #rowStatement} over {@code rows}; returns the number of rows it changed. */
  abstract int executeRows(PreparedStatement ps, RowSet rows) throws SQLException;

  /**
   * The clause that locks the rows read from table {@code alias} until commit, where other writers
   * exist.
   */
  abstract String lockRows(String alias);

  static SqlDialect forUrl(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    throw new IllegalArgumentException(
        "jdbcUrl must be a jdbc:sqlite: or jdbc:postgresql: URL, but was '"
            + jdbcUrl.replaceAll("password=[^&;]*", "password=****")
            + "'");
  }
}
