package dev.balancekit.ledger;

import dev.balancekit.AccountRef;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Posts a run of transfers set-based inside the writer's transaction, in a fixed number of
 * statements whatever the run's length: one reads the idempotency keys already used, one reads the
 * accounts involved (on PostgreSQL locking them in key order until commit, so another instance
 * cannot change them meanwhile; on SQLite only those the writer does not already know, see {@link
 * #known}), the checks run in memory in arrival order, and the writes follow: new accounts, changed
 * balances, transfers and entries (on PostgreSQL one statement). A refused transfer changes
 * nothing, and the transfers after it see the balances as if it never came. Writer thread only.
 */
final class Postings {
  private static final RowSet.Type T = RowSet.Type.TEXT;
  private static final RowSet.Type N = RowSet.Type.BIGINT;
  private static final RowSet.Type[] KEY = {T, T};
  private static final RowSet.Type[] ACCOUNT = {T, T, T};
  private static final RowSet.Type[] NEW_ACCOUNT = {T, T, T, N, N};
  private static final RowSet.Type[] BALANCE = {T, T, T, N};
  private static final RowSet.Type[] TRANSFER = {T, T, T, T, T, T, T, N, T, N};
  private static final RowSet.Type[] ENTRY = {T, T, T, T, T, T, N, N, N};

  /** A single transfer to post; {@code kind} is {@code transfer}, {@code issue} or {@code burn}. */
  record Posting(TransferRequest request, String kind) {}

  /** The scaled amount of a request, registering its asset's scale on first use. */
  @FunctionalInterface
  interface Units {
    long of(Connection c, TransferRequest r) throws SQLException;
  }

  private record AccountKey(String namespace, String account, String asset) {}

  private record IdemKey(String namespace, String key) {}

  private static final class AccountState {
    long balance;
    final long held;
    final boolean allowNegative;

    /** Not yet in the database: written by an insert, not an update. */
    boolean isNew;

    boolean changed;

    AccountState(long balance, long held, boolean allowNegative, boolean isNew) {
      this.balance = balance;
      this.held = held;
      this.allowNegative = allowNegative;
      this.isNew = isNew;
    }
  }

  private final SqlDialect dialect;
  private final StatementCache statements;
  private final ChangeFeed changes;
  private final Units units;
  private final Function<Instant, String> newId;
  private final String findKeys;
  private final String lockAccounts;
  private final String insertAccounts;
  private final String updateBalances;
  private final String insertTransfers;
  private final String insertEntries;

  /** PostgreSQL: the four writes of a run as one statement over arrays, one round trip. */
  private final @Nullable String writeAll;

  /**
   * SQLite only (null on PostgreSQL): each account as this writer last read or wrote it inside its
   * own transactions, so a run reads from the database only the accounts it has not seen yet.
   *
   * <p>This keeps overdraft impossible by construction: these values are the authoritative balances
   * only because every write to a SQLite ledger's accounts goes through this one writer connection,
   * and the checks against them and the writes they guard happen in the same transaction. Whatever
   * could make them differ from the database empties the map before any check uses it: a rollback
   * of any kind ({@link #forget}, called by the writer), any job other than a posting (it may
   * change accounts through SQL, {@link #forget} again), and a commit by any other connection to
   * the file, which {@code PRAGMA data_version} reveals inside the run's read transaction; a commit
   * by another connection after that read began makes this transaction's first write fail with
   * SQLITE_BUSY, which rolls the batch back and retries it.
   */
  private final @Nullable Map<AccountKey, AccountState> known;

  /** The last {@code PRAGMA data_version} seen, for {@link #known}. */
  private long dataVersion = Long.MIN_VALUE;

  private static final int MAX_KNOWN = 100_000;

  Postings(
      SqlDialect dialect,
      StatementCache statements,
      ChangeFeed changes,
      Units units,
      Function<Instant, String> newId) {
    this.dialect = dialect;
    this.statements = statements;
    this.changes = changes;
    this.units = units;
    this.newId = newId;
    findKeys =
        "SELECT r.c0, r.c1, "
            + StoredTransfer.COLUMNS
            + " FROM bk_transfers t JOIN ("
            + dialect.selectRows(KEY)
            + ") AS r ON t.namespace = r.c0 AND t.idem_key = r.c1";
    lockAccounts =
        "SELECT a.namespace, a.account, a.asset, a.balance, a.held, a.allow_negative FROM bk_accounts a"
            + " JOIN ("
            + dialect.selectRows(ACCOUNT)
            + ") AS r ON a.namespace = r.c0 AND a.account = r.c1"
            + " AND a.asset = r.c2 ORDER BY a.namespace, a.account, a.asset"
            + dialect.lockRows("a");
    insertAccounts =
        dialect.rowStatement(
            "INSERT INTO bk_accounts (namespace, account, asset, balance, held,"
                + " allow_negative) SELECT r.c0, r.c1, r.c2, r.c3, 0, r.c4 FROM ROWS AS r WHERE true"
                + " ON CONFLICT (namespace, account, asset) DO NOTHING",
            NEW_ACCOUNT);
    updateBalances =
        dialect.rowStatement(
            "UPDATE bk_accounts AS a SET balance = r.c3 FROM ROWS AS r"
                + " WHERE a.namespace = r.c0 AND a.account = r.c1 AND a.asset = r.c2",
            BALANCE);
    insertTransfers =
        dialect.rowStatement(
            "INSERT INTO bk_transfers (id, namespace, idem_key, kind, from_account,"
                + " to_account, asset, amount, memo, status, created_at, expires_at, resolved_at) SELECT r.c0, r.c1, r.c2,"
                + " r.c3, r.c4, r.c5, r.c6, r.c7, r.c8, 'COMPLETED', r.c9, NULL, r.c9 FROM ROWS AS r",
            TRANSFER);
    insertEntries =
        dialect.rowStatement(
            "INSERT INTO bk_entries (transfer_id, namespace, account, counterparty,"
                + " asset, kind, delta, balance_after, created_at) SELECT r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7,"
                + " r.c8 FROM ROWS AS r",
            ENTRY);
    known = dialect == SqlDialect.SQLITE ? new HashMap<>() : null;
    writeAll =
        dialect != SqlDialect.POSTGRES
            ? null
            : "WITH c AS ("
                + insertAccounts
                + " RETURNING 1), u AS ("
                + updateBalances
                + " RETURNING 1), t AS ("
                + insertTransfers
                + " RETURNING 1), e AS ("
                + insertEntries
                + " RETURNING 1) SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM u), (SELECT count(*) FROM t),"
                + " (SELECT count(*) FROM e)";
  }

  /**
   * Forgets every account state kept between runs: the transaction rolled back, or something other
   * than a posting is about to change the database. Writer thread only.
   */
  void forget() {
    if (known != null) {
      known.clear();
    }
  }

  /**
   * Posts {@code run} at {@code now}. Each outcome is a receipt or the {@link RuntimeException}
   * refusing that transfer.
   *
   * @throws SQLException if the database fails; the writer retries or fails the whole batch
   */
  Object[] apply(Connection c, Instant now, List<Posting> run) throws SQLException {
    Map<IdemKey, StoredTransfer> used = usedKeys(c, run);
    Map<AccountKey, AccountState> accounts = accounts(c, run);
    long at = ChronoUnit.MICROS.between(Instant.EPOCH, now);
    RowSet transfers = new RowSet(TRANSFER);
    RowSet entries = new RowSet(ENTRY);
    Object[] outcomes = new Object[run.size()];
    for (int i = 0; i < run.size(); i++) {
      Posting p = run.get(i);
      TransferRequest r = p.request();
      try {
        IdemKey key = new IdemKey(r.from().venue(), r.idempotencyKey());
        StoredTransfer earlier = used.get(key);
        long amount = units.of(c, r);
        if (earlier != null) {
          outcomes[i] = earlier.replay(r, amount);
          continue;
        }
        String asset = r.asset().code();
        AccountState sender = accounts.get(new AccountKey(r.from().venue(), r.from().id(), asset));
        if (sender == null && isSystem(r.from())) {
          sender = opened(accounts, new AccountKey(r.from().venue(), r.from().id(), asset), true);
        }
        long available = sender == null ? 0 : sender.balance - sender.held;
        if (sender == null || (!sender.allowNegative && available < amount)) {
          throw InsufficientFundsException.of(
              r.from(), r.asset(), r.asset().fromUnits(available), r.amount(), r.asset().zero());
        }
        AccountKey toKey = new AccountKey(r.to().venue(), r.to().id(), asset);
        AccountState recipient = accounts.get(toKey);
        long recipientBefore = recipient == null ? 0 : recipient.balance;
        if (recipientBefore > Long.MAX_VALUE - amount) {
          throw StoredTransfer.overflow(r.to(), asset);
        }
        if (sender.balance < Long.MIN_VALUE + amount) {
          throw StoredTransfer.overflow(r.from(), asset);
        }
        if (recipient == null) {
          recipient = opened(accounts, toKey, isSystem(r.to()));
        }
        sender.balance -= amount;
        sender.changed = true;
        recipient.balance += amount;
        recipient.changed = true;
        String id = newId.apply(now);
        String ns = r.from().venue();
        transfers
            .text(id)
            .text(ns)
            .text(r.idempotencyKey())
            .text(p.kind())
            .text(r.from().id())
            .text(r.to().id())
            .text(asset)
            .number(amount)
            .text(r.memo().orElse(null))
            .number(at);
        entries
            .text(id)
            .text(ns)
            .text(r.from().id())
            .text(r.to().id())
            .text(asset)
            .text(p.kind())
            .number(-amount)
            .number(sender.balance)
            .number(at);
        entries
            .text(id)
            .text(ns)
            .text(r.to().id())
            .text(r.from().id())
            .text(asset)
            .text(p.kind())
            .number(amount)
            .number(recipient.balance)
            .number(at);
        used.put(
            key,
            new StoredTransfer(
                id,
                r.from().id(),
                r.to().id(),
                asset,
                amount,
                r.memo().orElse(null),
                "COMPLETED",
                at));
        outcomes[i] = StoredTransfer.receipt(id, r, now, false);
      } catch (RuntimeException refused) {
        outcomes[i] = refused;
      }
    }
    write(c, accounts, transfers, entries);
    return outcomes;
  }

  /** A new account, for the run and, on SQLite, for the runs after it. */
  private AccountState opened(
      Map<AccountKey, AccountState> accounts, AccountKey key, boolean allowNegative) {
    AccountState state = new AccountState(0, 0, allowNegative, true);
    accounts.put(key, state);
    if (known != null) {
      known.put(key, state);
    }
    return state;
  }

  /**
   * The run's accounts: on PostgreSQL all read and locked; on SQLite those not {@link #known} read
   * after making sure no other connection changed the file since they were.
   */
  private Map<AccountKey, AccountState> accounts(Connection c, List<Posting> run)
      throws SQLException {
    if (known == null) {
      return lockAccounts(c, run, null);
    }
    // usedKeys has read a table, so the read transaction this check belongs to has begun.
    PreparedStatement ps = statements.get(c, "PRAGMA data_version");
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      long version = rs.getLong(1);
      if (version != dataVersion || known.size() > MAX_KNOWN) {
        known.clear();
        dataVersion = version;
      }
    }
    Map<AccountKey, AccountState> accounts = lockAccounts(c, run, known);
    known.putAll(accounts);
    return accounts;
  }

  private Map<IdemKey, StoredTransfer> usedKeys(Connection c, List<Posting> run)
      throws SQLException {
    RowSet keys = new RowSet(KEY);
    for (Posting p : run) {
      keys.text(p.request().from().venue()).text(p.request().idempotencyKey());
    }
    Map<IdemKey, StoredTransfer> used = new HashMap<>();
    PreparedStatement ps = statements.get(c, findKeys);
    dialect.bindRows(ps, keys);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        used.put(new IdemKey(rs.getString(1), rs.getString(2)), StoredTransfer.read(rs, 3));
      }
    }
    return used;
  }

  /**
   * Reads (and on PostgreSQL locks) the run's accounts, taking those in {@code cached} from there.
   */
  private Map<AccountKey, AccountState> lockAccounts(
      Connection c, List<Posting> run, @Nullable Map<AccountKey, AccountState> cached)
      throws SQLException {
    Map<AccountKey, AccountState> accounts = new HashMap<>();
    RowSet keys = new RowSet(ACCOUNT);
    for (Posting p : run) {
      TransferRequest r = p.request();
      String asset = r.asset().code();
      for (int leg = 0; leg < 2; leg++) {
        AccountRef a = leg == 0 ? r.from() : r.to();
        AccountKey key = new AccountKey(a.venue(), a.id(), asset);
        if (accounts.containsKey(key)) {
          continue;
        }
        AccountState state = cached == null ? null : cached.get(key);
        accounts.put(key, state);
        if (state == null) {
          keys.text(a.venue()).text(a.id()).text(asset);
        }
      }
    }
    accounts.values().removeIf(java.util.Objects::isNull);
    if (keys.size() == 0) {
      return accounts;
    }
    PreparedStatement ps = statements.get(c, lockAccounts);
    dialect.bindRows(ps, keys);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        accounts.put(
            new AccountKey(rs.getString(1), rs.getString(2), rs.getString(3)),
            new AccountState(rs.getLong(4), rs.getLong(5), rs.getInt(6) == 1, false));
      }
    }
    return accounts;
  }

  /** Writes the run: new accounts, changed balances, transfers and entries. */
  private void write(
      Connection c, Map<AccountKey, AccountState> accounts, RowSet transfers, RowSet entries)
      throws SQLException {
    RowSet created = new RowSet(NEW_ACCOUNT);
    RowSet changed = new RowSet(BALANCE);
    for (Map.Entry<AccountKey, AccountState> e : accounts.entrySet()) {
      AccountKey k = e.getKey();
      AccountState s = e.getValue();
      if (!s.changed) {
        continue;
      }
      changes.changed(k.namespace(), k.account());
      if (s.isNew) {
        created
            .text(k.namespace())
            .text(k.account())
            .text(k.asset())
            .number(s.balance)
            .number(s.allowNegative ? 1 : 0);
      } else {
        changed.text(k.namespace()).text(k.account()).text(k.asset()).number(s.balance);
      }
      // As of this write; if the transaction does not commit, the writer forgets them all.
      s.isNew = false;
      s.changed = false;
    }
    int opened;
    if (writeAll != null) {
      PreparedStatement ps = statements.get(c, writeAll);
      int at = 1;
      for (RowSet rows : new RowSet[] {created, changed, transfers, entries}) {
        for (int column = 0; column < rows.types.length; column++) {
          ps.setArray(at++, c.createArrayOf(rows.types[column].sql, rows.column(column)));
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        opened = rs.getInt(1);
      }
    } else {
      opened =
          created.size() == 0 ? 0 : dialect.executeRows(statements.get(c, insertAccounts), created);
      execute(c, updateBalances, changed);
      execute(c, insertTransfers, transfers);
      execute(c, insertEntries, entries);
    }
    if (opened != created.size()) {
      // Another instance opened one of these accounts after it was read: read again and redo the
      // batch.
      throw new SQLException("an account was created concurrently", "40001", 5);
    }
  }

  private void execute(Connection c, String sql, RowSet rows) throws SQLException {
    if (rows.size() == 0) {
      return;
    }
    dialect.executeRows(statements.get(c, sql), rows);
  }

  private static boolean isSystem(AccountRef account) {
    return account.id().equals(Ledger.SYSTEM_ACCOUNT);
  }
}
