package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one JDBC store for every {@link Dialect}: entries are queued by the recording thread and
 * written in batches by {@link #flush()}; totals are stored as decimal strings of base units, so
 * any magnitude stays exact. Database work is serialised on this object, which keeps SQLite's
 * single writer from ever being contended within one process.
 */
final class JdbcStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcStore.class);
  static final int SCHEMA_VERSION = 1;
  private static final int INSERT_BATCH = 500;

  @FunctionalInterface
  interface Connector {
    Connection open() throws SQLException;
  }

  /** A queued entry; {@code big} is set only when the total does not fit {@code units}. */
  record Row(
      AccountRef account,
      Asset asset,
      long micros,
      long units,
      @Nullable BigInteger big,
      ChangeKind kind) {
    String unitsText() {
      return big != null ? big.toString() : Long.toString(units);
    }
  }

  @FunctionalInterface
  interface RowSink {
    void accept(AccountRef account, Asset asset, long micros, BigInteger units, ChangeKind kind);
  }

  private final Connector connector;
  private final Dialect dialect;
  private final String versionTable;
  private final String entries;
  private final String alerts;
  private final int maxPending;
  private final int deleteBatch;
  private final ArrayDeque<Row> pending = new ArrayDeque<>();
  private long droppedWrites;

  JdbcStore(Connector connector, Dialect dialect, HistoryConfig config) {
    this.connector = connector;
    this.dialect = dialect;
    String prefix = (config == null ? HistoryConfig.defaults() : config).tablePrefix;
    this.versionTable = prefix + "schema_version";
    this.entries = prefix + "entries";
    this.alerts = prefix + "alerts";
    this.maxPending =
        config == null ? HistoryConfig.defaults().maxPendingWrites : config.maxPendingWrites;
    this.deleteBatch =
        config == null ? HistoryConfig.defaults().deleteBatchSize : config.deleteBatchSize;
  }

  /** Creates the tables if absent and checks the schema version. */
  synchronized void open() {
    String int64 = dialect.int64Type;
    try (Connection c = connector.open();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " (version INTEGER NOT NULL)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + entries
              + " (venue VARCHAR(100) NOT NULL,"
              + " account_id VARCHAR(256) NOT NULL, asset VARCHAR(32) NOT NULL, asset_scale INTEGER NOT NULL,"
              + " venue_asset_id VARCHAR(128), at_micros "
              + int64
              + " NOT NULL, units VARCHAR(80) NOT NULL,"
              + " kind VARCHAR(16) NOT NULL)");
      st.execute("CREATE INDEX IF NOT EXISTS " + entries + "_at ON " + entries + " (at_micros)");
      st.execute(
          "CREATE INDEX IF NOT EXISTS "
              + entries
              + "_series ON "
              + entries
              + " (venue, account_id, asset, at_micros)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + alerts
              + " (id "
              + int64
              + " PRIMARY KEY, rule VARCHAR(64) NOT NULL,"
              + " type VARCHAR(32) NOT NULL, venue VARCHAR(100) NOT NULL, account_id VARCHAR(256) NOT NULL,"
              + " asset VARCHAR(32) NOT NULL, severity VARCHAR(16) NOT NULL, message TEXT NOT NULL,"
              + " amount VARCHAR(80) NOT NULL, threshold VARCHAR(80) NOT NULL, raised_micros "
              + int64
              + " NOT NULL,"
              + " resolved_micros "
              + int64
              + ", ack_by VARCHAR(256), ack_micros "
              + int64
              + ")");
      Integer version = null;
      try (ResultSet rs = st.executeQuery("SELECT version FROM " + versionTable)) {
        if (rs.next()) {
          version = rs.getInt(1);
        }
      }
      if (version == null) {
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO " + versionTable + " (version) VALUES (?)")) {
          ps.setInt(1, SCHEMA_VERSION);
          ps.executeUpdate();
        }
      } else if (version != SCHEMA_VERSION) {
        throw new HistoryException(
            "history tables "
                + entries
                + " have schema version "
                + version
                + " but this BalanceKit reads version "
                + SCHEMA_VERSION);
      }
    } catch (SQLException e) {
      throw failure("creating the history schema", e);
    }
  }

  /** Queues an entry for the next flush; past the bound the oldest queued entry is dropped. */
  void enqueue(Row row) {
    synchronized (pending) {
      if (pending.size() >= maxPending) {
        pending.pollFirst();
        if (droppedWrites++ % 10_000 == 0) {
          log.warn(
              "history write queue is full ({} entries): dropped {} unwritten entries so far",
              maxPending,
              droppedWrites);
        }
      }
      pending.addLast(row);
    }
  }

  int pendingWrites() {
    synchronized (pending) {
      return pending.size();
    }
  }

  /**
   * Writes every queued entry in one transaction; on failure they stay queued. Returns how many
   * were written.
   */
  synchronized int flush() {
    List<Row> batch;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return 0;
      }
      batch = new ArrayList<>(pending);
      pending.clear();
    }
    String sql =
        "INSERT INTO "
            + entries
            + " (venue, account_id, asset, asset_scale, venue_asset_id, at_micros, units, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = connector.open()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int inBatch = 0;
        for (Row r : batch) {
          ps.setString(1, r.account().venue());
          ps.setString(2, r.account().id());
          ps.setString(3, r.asset().code());
          ps.setInt(4, r.asset().scale());
          ps.setString(5, r.asset().venueId().orElse(null));
          ps.setLong(6, r.micros());
          ps.setString(7, r.unitsText());
          ps.setString(8, r.kind().code());
          ps.addBatch();
          if (++inBatch == INSERT_BATCH) {
            ps.executeBatch();
            inBatch = 0;
          }
        }
        if (inBatch > 0) {
          ps.executeBatch();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
      return batch.size();
    } catch (SQLException e) {
      synchronized (pending) {
        for (int i = batch.size() - 1; i >= 0 && pending.size() < maxPending; i--) {
          pending.addFirst(batch.get(i));
        }
      }
      throw failure("writing " + batch.size() + " history entries", e);
    }
  }

  /** Feeds every entry at or after {@code sinceMicros} to {@code sink}, by series then time. */
  synchronized void load(long sinceMicros, RowSink sink) {
    String sql =
        "SELECT venue, account_id, asset, asset_scale, venue_asset_id, at_micros, units, kind FROM "
            + entries
            + " WHERE at_micros >= ? ORDER BY venue, account_id, asset, at_micros";
    try (Connection c = connector.open();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, sinceMicros);
      try (ResultSet rs = ps.executeQuery()) {
        AccountRef account = null;
        Asset asset = null;
        while (rs.next()) {
          String venue = rs.getString(1);
          String id = rs.getString(2);
          if (account == null || !account.venue().equals(venue) || !account.id().equals(id)) {
            account = AccountRef.of(venue, id);
            asset = null;
          }
          String code = rs.getString(3);
          int scale = rs.getInt(4);
          if (asset == null || !asset.code().equals(code) || asset.scale() != scale) {
            asset = Asset.of(code, scale, rs.getString(5));
          }
          sink.accept(
              account,
              asset,
              rs.getLong(6),
              new BigInteger(rs.getString(7)),
              ChangeKind.fromCode(rs.getString(8)));
        }
      }
    } catch (SQLException e) {
      throw failure("loading history", e);
    }
  }

  /** Deletes entries older than {@code micros}, {@code deleteBatchSize} rows per statement. */
  synchronized int deleteBefore(long micros) {
    String rowId = dialect.rowIdColumn;
    return deleteInBatches(
        "DELETE FROM "
            + entries
            + " WHERE "
            + rowId
            + " IN (SELECT "
            + rowId
            + " FROM "
            + entries
            + " WHERE at_micros < ? LIMIT ?)",
        ps -> ps.setLong(1, micros),
        2);
  }

  /** Deletes the entries of one series older than {@code micros} (evicted by the count bound). */
  synchronized int deleteSeriesBefore(AccountRef account, Asset asset, long micros) {
    String rowId = dialect.rowIdColumn;
    return deleteInBatches(
        "DELETE FROM "
            + entries
            + " WHERE "
            + rowId
            + " IN (SELECT "
            + rowId
            + " FROM "
            + entries
            + " WHERE venue = ? AND account_id = ? AND asset = ? AND at_micros < ? LIMIT ?)",
        ps -> {
          ps.setString(1, account.venue());
          ps.setString(2, account.id());
          ps.setString(3, asset.code());
          ps.setLong(4, micros);
        },
        5);
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private int deleteInBatches(String sql, Binder binder, int limitIndex) {
    int total = 0;
    try (Connection c = connector.open();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.setInt(limitIndex, deleteBatch);
      int deleted;
      do {
        deleted = ps.executeUpdate();
        total += deleted;
      } while (deleted == deleteBatch);
      return total;
    } catch (SQLException e) {
      throw failure("deleting expired history after " + total + " rows", e);
    }
  }

  /** Inserts or updates {@code alert}. */
  synchronized void saveAlert(Alert a) {
    String sql =
        "INSERT INTO "
            + alerts
            + " (id, rule, type, venue, account_id, asset, severity, message, amount,"
            + " threshold, raised_micros, resolved_micros, ack_by, ack_micros) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET resolved_micros = excluded.resolved_micros, ack_by = excluded.ack_by,"
            + " ack_micros = excluded.ack_micros";
    try (Connection c = connector.open();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, a.id());
      ps.setString(2, a.rule());
      ps.setString(3, a.type().name());
      ps.setString(4, a.account().venue());
      ps.setString(5, a.account().id());
      ps.setString(6, a.assetCode());
      ps.setString(7, a.severity().name());
      ps.setString(8, a.message());
      ps.setString(9, a.value().toPlainString());
      ps.setString(10, a.threshold().toPlainString());
      ps.setLong(11, Micros.of(a.raisedAt()));
      setMicros(ps, 12, a.resolvedAt());
      ps.setString(13, a.acknowledgedBy());
      setMicros(ps, 14, a.acknowledgedAt());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("saving alert " + a.id(), e);
    }
  }

  /** Alerts still active or raised at or after {@code sinceMicros}, by id. */
  synchronized List<Alert> loadAlerts(long sinceMicros) {
    String sql =
        "SELECT id, rule, type, venue, account_id, asset, severity, message, amount, threshold, raised_micros,"
            + " resolved_micros, ack_by, ack_micros FROM "
            + alerts
            + " WHERE resolved_micros IS NULL OR raised_micros >= ? ORDER BY id";
    List<Alert> found = new ArrayList<>();
    try (Connection c = connector.open();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, sinceMicros);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(
              new Alert(
                  rs.getLong(1),
                  rs.getString(2),
                  AlertType.valueOf(rs.getString(3)),
                  AccountRef.of(rs.getString(4), rs.getString(5)),
                  rs.getString(6),
                  Severity.valueOf(rs.getString(7)),
                  rs.getString(8),
                  new BigDecimal(rs.getString(9)),
                  new BigDecimal(rs.getString(10)),
                  Micros.toInstant(rs.getLong(11)),
                  instant(rs, 12),
                  rs.getString(13),
                  instant(rs, 14)));
        }
      }
      return found;
    } catch (SQLException e) {
      throw failure("loading alerts", e);
    }
  }

  /** The largest alert id stored, or 0. */
  synchronized long maxAlertId() {
    try (Connection c = connector.open();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT MAX(id) FROM " + alerts)) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw failure("reading alert ids", e);
    }
  }

  private static void setMicros(PreparedStatement ps, int index, java.time.@Nullable Instant at)
      throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, Micros.of(at));
    }
  }

  private static java.time.@Nullable Instant instant(ResultSet rs, int index) throws SQLException {
    long v = rs.getLong(index);
    return rs.wasNull() ? null : Micros.toInstant(v);
  }

  private HistoryException failure(String what, SQLException e) {
    return new HistoryException(
        what + " in " + dialect + " tables " + entries + " failed: " + e.getMessage(), e);
  }
}
