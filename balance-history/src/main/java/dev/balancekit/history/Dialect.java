package dev.balancekit.history;

/**
 * The SQL differences between the supported databases; everything else is shared.
 *
 * <p>Immutable and thread-safe.
 */
public enum Dialect {
  /** SQLite through xerial sqlite-jdbc: the embedded default. */
  SQLITE("rowid", "INTEGER"),
  /** PostgreSQL, for several application instances sharing one history. */
  POSTGRESQL("ctid", "BIGINT");

  final String rowIdColumn;
  final String int64Type;

  Dialect(String rowIdColumn, String int64Type) {
    this.rowIdColumn = rowIdColumn;
    this.int64Type = int64Type;
  }
}
