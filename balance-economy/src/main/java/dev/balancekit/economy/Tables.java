package dev.balancekit.economy;

import dev.balancekit.Asset;
import dev.balancekit.ledger.LedgerTransaction;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The economy's own tables in the ledger's database, and the one query that joins the ledger's
 * accounts (the leaderboard). All SQL runs on the ledger writer's connection, inside the
 * operation's transaction, and is plain enough for both SQLite and PostgreSQL.
 */
final class Tables {
  private static final int SCHEMA_VERSION = 1;

  /** Who wrote a namespace's configuration row when it was first used with the defaults. */
  private static final String SYSTEM_ACTOR = "~system";

  private static final String USER_COLUMNS =
      "user_id, display_name, started, opted_out, streak, last_claim_day,"
          + " usage_day, sent_today, received_today, last_send_at, total_sent, total_received";
  private static final String PENDING_COLUMNS =
      "id, from_user, from_name, to_user, to_name, amount, tax, reason,"
          + " created_at, expires_at, status";

  private Tables() {}

  /** Creates the tables on first use and checks the schema version. */
  static void createSchema(LedgerTransaction tx) throws SQLException {
    String autoIncrementKey = tx.isPostgres() ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
    try (Statement s = tx.connection().createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS bk_eco_version (version INTEGER NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS bk_eco_config (namespace VARCHAR(64) PRIMARY KEY,"
              + " asset VARCHAR(48) NOT NULL, config VARCHAR(2000) NOT NULL, updated_at BIGINT NOT NULL,"
              + " updated_by VARCHAR(256) NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS bk_eco_users (namespace VARCHAR(64) NOT NULL, user_id VARCHAR(256) NOT NULL,"
              + " display_name VARCHAR(100) NOT NULL, started INTEGER NOT NULL, opted_out INTEGER NOT NULL,"
              + " streak INTEGER NOT NULL, last_claim_day BIGINT, usage_day BIGINT NOT NULL, sent_today BIGINT NOT NULL,"
              + " received_today BIGINT NOT NULL, last_send_at BIGINT, total_sent BIGINT NOT NULL,"
              + " total_received BIGINT NOT NULL, PRIMARY KEY (namespace, user_id))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS bk_eco_pending (id VARCHAR(36) PRIMARY KEY, namespace VARCHAR(64) NOT NULL,"
              + " from_user VARCHAR(256) NOT NULL, from_name VARCHAR(100) NOT NULL, to_user VARCHAR(256) NOT NULL,"
              + " to_name VARCHAR(100) NOT NULL, amount BIGINT NOT NULL, tax BIGINT NOT NULL, reason VARCHAR(100),"
              + " created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, status VARCHAR(16) NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS bk_eco_events (id "
              + autoIncrementKey
              + ", namespace VARCHAR(64) NOT NULL,"
              + " at BIGINT NOT NULL, action VARCHAR(16) NOT NULL, actor VARCHAR(256) NOT NULL,"
              + " actor_name VARCHAR(100) NOT NULL, account VARCHAR(256), account_name VARCHAR(100),"
              + " counterparty VARCHAR(256), counterparty_name VARCHAR(100), amount BIGINT, tax BIGINT,"
              + " balance_before BIGINT, balance_after BIGINT, reason VARCHAR(100), transfer_id VARCHAR(64),"
              + " detail VARCHAR(2000))");
      s.execute(
          "CREATE INDEX IF NOT EXISTS bk_eco_events_by_account ON bk_eco_events (namespace, account, id)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS bk_eco_events_by_counterparty ON bk_eco_events (namespace, counterparty, id)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS bk_eco_events_by_actor ON bk_eco_events (namespace, actor, id)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS bk_eco_events_by_transfer ON bk_eco_events (namespace, transfer_id)");
      try (ResultSet rs = s.executeQuery("SELECT version FROM bk_eco_version")) {
        if (!rs.next()) {
          s.execute("INSERT INTO bk_eco_version (version) VALUES (" + SCHEMA_VERSION + ")");
        } else if (rs.getInt(1) != SCHEMA_VERSION) {
          throw new IllegalStateException(
              "economy schema version " + rs.getInt(1) + " is not the supported " + SCHEMA_VERSION);
        }
      }
    }
  }

  // ------------------------------------------------------------------ configuration

  /** The stored configuration, or the defaults for a namespace never written. */
  static NamespaceConfig config(LedgerTransaction tx, String namespace, Asset asset)
      throws SQLException {
    return readConfig(tx, namespace, asset, "").orElse(NamespaceConfig.defaults());
  }

  /**
   * Serializes every write of {@code namespace} across instances: on PostgreSQL the configuration
   * row stays locked until the operation's batch commits (SQLite's single writer already excludes
   * everyone else). Creates the row with the defaults on first use, and returns the configuration.
   */
  static NamespaceConfig lockNamespace(
      LedgerTransaction tx, String namespace, Asset asset, long nowMicros) throws SQLException {
    String lock = tx.isPostgres() ? " FOR UPDATE" : "";
    Optional<NamespaceConfig> stored = readConfig(tx, namespace, asset, lock);
    if (stored.isPresent()) {
      return stored.get();
    }
    update(
        tx,
        "INSERT INTO bk_eco_config (namespace, asset, config, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (namespace) DO NOTHING",
        namespace,
        assetKey(asset),
        NamespaceConfig.defaults().encode(),
        nowMicros,
        SYSTEM_ACTOR);
    return readConfig(tx, namespace, asset, lock).orElseThrow();
  }

  static void saveConfig(Session s, NamespaceConfig config, String actor) throws SQLException {
    update(
        s.tx,
        "UPDATE bk_eco_config SET config = ?, updated_at = ?, updated_by = ? WHERE namespace = ?",
        config.encode(),
        Session.micros(s.now),
        actor,
        s.namespace);
  }

  private static Optional<NamespaceConfig> readConfig(
      LedgerTransaction tx, String namespace, Asset asset, String lock) throws SQLException {
    try (PreparedStatement ps =
        tx.connection()
            .prepareStatement(
                "SELECT asset, config FROM bk_eco_config WHERE namespace = ?" + lock)) {
      ps.setString(1, namespace);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        if (!rs.getString(1).equals(assetKey(asset))) {
          throw new IllegalStateException(
              "namespace '"
                  + namespace
                  + "' keeps its economy in "
                  + rs.getString(1)
                  + ", not "
                  + assetKey(asset)
                  + "; use one asset per namespace");
        }
        return Optional.of(NamespaceConfig.decode(rs.getString(2)));
      }
    }
  }

  private static String assetKey(Asset asset) {
    return asset.code() + ":" + asset.scale();
  }

  // ------------------------------------------------------------------ members

  static UserState upsertUser(Session s, Member m) throws SQLException {
    try (PreparedStatement ps =
        s.tx
            .connection()
            .prepareStatement(
                "INSERT INTO bk_eco_users (namespace, user_id,"
                    + " display_name, started, opted_out, streak, usage_day, sent_today, received_today, total_sent,"
                    + " total_received) VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0) ON CONFLICT (namespace, user_id)"
                    + " DO UPDATE SET display_name = excluded.display_name RETURNING "
                    + USER_COLUMNS)) {
      ps.setString(1, s.namespace);
      ps.setString(2, m.id());
      ps.setString(3, m.displayName());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return readUser(rs);
      }
    }
  }

  static Optional<UserState> findUser(Session s, String userId) throws SQLException {
    try (PreparedStatement ps =
        s.tx
            .connection()
            .prepareStatement(
                "SELECT "
                    + USER_COLUMNS
                    + " FROM bk_eco_users WHERE namespace = ? AND user_id = ?")) {
      ps.setString(1, s.namespace);
      ps.setString(2, userId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(readUser(rs)) : Optional.empty();
      }
    }
  }

  static void saveUser(Session s, UserState u) throws SQLException {
    update(
        s.tx,
        "UPDATE bk_eco_users SET started = ?, opted_out = ?, streak = ?, last_claim_day = ?, usage_day = ?,"
            + " sent_today = ?, received_today = ?, last_send_at = ?, total_sent = ?, total_received = ?"
            + " WHERE namespace = ? AND user_id = ?",
        u.started ? 1 : 0,
        u.optedOut ? 1 : 0,
        u.streak,
        nullable(u.lastClaimDay),
        u.usageDay,
        u.sentToday,
        u.receivedToday,
        nullable(u.lastSendMicros),
        u.totalSent,
        u.totalReceived,
        s.namespace,
        u.id);
  }

  private static UserState readUser(ResultSet rs) throws SQLException {
    UserState u = new UserState(rs.getString(1), rs.getString(2));
    u.started = rs.getInt(3) != 0;
    u.optedOut = rs.getInt(4) != 0;
    u.streak = rs.getInt(5);
    u.lastClaimDay = longOrNever(rs, 6);
    u.usageDay = rs.getLong(7);
    u.sentToday = rs.getLong(8);
    u.receivedToday = rs.getLong(9);
    u.lastSendMicros = longOrNever(rs, 10);
    u.totalSent = rs.getLong(11);
    u.totalReceived = rs.getLong(12);
    return u;
  }

  // ------------------------------------------------------------------ pending sends

  /** A send waiting for its sender's confirmation; nothing is held meanwhile. */
  record Pending(
      String id,
      Member from,
      Member to,
      long amount,
      long tax,
      @Nullable String reason,
      long createdAtMicros,
      long expiresAtMicros,
      String status) {}

  static void insertPending(Session s, Pending p) throws SQLException {
    update(
        s.tx,
        "INSERT INTO bk_eco_pending (namespace, "
            + PENDING_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.namespace,
        p.id,
        p.from.id(),
        p.from.displayName(),
        p.to.id(),
        p.to.displayName(),
        p.amount,
        p.tax,
        p.reason,
        p.createdAtMicros,
        p.expiresAtMicros,
        p.status);
  }

  static Optional<Pending> findPending(Session s, String id) throws SQLException {
    try (PreparedStatement ps =
        s.tx
            .connection()
            .prepareStatement(
                "SELECT "
                    + PENDING_COLUMNS
                    + " FROM bk_eco_pending WHERE namespace = ? AND id = ?")) {
      ps.setString(1, s.namespace);
      ps.setString(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Pending(
                rs.getString(1),
                Member.of(rs.getString(2), rs.getString(3)),
                Member.of(rs.getString(4), rs.getString(5)),
                rs.getLong(6),
                rs.getLong(7),
                rs.getString(8),
                rs.getLong(9),
                rs.getLong(10),
                rs.getString(11)));
      }
    }
  }

  static void setPendingStatus(Session s, String id, String status) throws SQLException {
    update(
        s.tx,
        "UPDATE bk_eco_pending SET status = ? WHERE namespace = ? AND id = ?",
        status,
        s.namespace,
        id);
  }

  // ------------------------------------------------------------------ leaderboard

  /**
   * Members by shown balance (ledger balance plus a starting balance not yet granted), highest
   * first, equal balances by member id in binary order; with {@code userId}, only that member's
   * row. Reads the ledger's {@code bk_accounts}: the ledger has no public query for top balances.
   */
  static List<LeaderboardEntry> ranking(Session s, @Nullable String userId, int limit)
      throws SQLException {
    String binary = s.tx.isPostgres() ? " COLLATE \"C\"" : "";
    String sql =
        "SELECT rank, user_id, display_name, shown FROM (SELECT ROW_NUMBER() OVER (ORDER BY shown DESC,"
            + " user_id"
            + binary
            + ") AS rank, user_id, display_name, shown FROM (SELECT u.user_id, u.display_name,"
            + " COALESCE(a.balance, 0) + CASE WHEN u.started = 0 THEN ? ELSE 0 END AS shown FROM bk_eco_users u"
            + " LEFT JOIN bk_accounts a ON a.namespace = ? AND a.account = u.user_id AND a.asset = ?"
            + " WHERE u.namespace = ?) b) r WHERE (? = '' OR user_id = ?) ORDER BY rank LIMIT ?";
    List<LeaderboardEntry> entries = new ArrayList<>();
    try (PreparedStatement ps = s.tx.connection().prepareStatement(sql)) {
      String only = userId == null ? "" : userId;
      ps.setLong(1, s.units(s.money(s.config.startingBalance())));
      ps.setString(2, s.venue);
      ps.setString(3, s.asset.code());
      ps.setString(4, s.namespace);
      ps.setString(5, only);
      ps.setString(6, only);
      ps.setInt(7, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new LeaderboardEntry(
                  rs.getInt(1), rs.getString(2), rs.getString(3), s.money(rs.getLong(4))));
        }
      }
    }
    return entries;
  }

  // ------------------------------------------------------------------ plumbing

  static void update(LedgerTransaction tx, String sql, @Nullable Object... args)
      throws SQLException {
    try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
      bind(ps, args);
      ps.executeUpdate();
    }
  }

  /**
   * Binds {@code args} in order; null binds an untyped SQL NULL, so the column decides its type.
   */
  static void bind(PreparedStatement ps, @Nullable Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setNull(i + 1, Types.NULL);
      } else if (a instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (a instanceof String t) {
        ps.setString(i + 1, t);
      } else {
        throw new IllegalArgumentException(
            "cannot bind "
                + a.getClass().getName()
                + (a instanceof BigDecimal ? "; store amounts as scaled longs" : ""));
      }
    }
  }

  private static @Nullable Long nullable(long value) {
    return value == UserState.NEVER ? null : value;
  }

  static long longOrNever(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? UserState.NEVER : value;
  }
}
