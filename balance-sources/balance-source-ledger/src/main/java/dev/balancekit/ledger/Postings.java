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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Posts a run of transfers set-based inside the writer's transaction, in a fixed number of
 * statements whatever the run's length: one reads the idempotency keys already used, one reads the
 * accounts involved (on PostgreSQL locking them in key order until commit, so another instance
 * cannot change them meanwhile), the checks run in memory in arrival order, and four statements write
 * new accounts, changed balances, transfers and entries. A refused transfer changes nothing, and
 * the transfers after it see the balances as if it never came. Writer thread only.
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
  record Posting(TransferRequest request, String kind) { }

  /** The scaled amount of a request, registering its asset's scale on first use. */
  @FunctionalInterface
  interface Units {
    long of(Connection c, TransferRequest r) throws SQLException;
  }

  private record AccountKey(String namespace, String account, String asset) { }

  private record IdemKey(String namespace, String key) { }

  private static final class AccountState {
    long balance;
    final long held;
    final boolean allowNegative;
    final boolean isNew;
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

  Postings(SqlDialect dialect, StatementCache statements, ChangeFeed changes, Units units,
      Function<Instant, String> newId) {
    this.dialect = dialect;
    this.statements = statements;
    this.changes = changes;
    this.units = units;
    this.newId = newId;
    findKeys = "SELECT r.c0, r.c1, " + StoredTransfer.COLUMNS + " FROM bk_transfers t JOIN ("
        + dialect.selectRows(KEY) + ") AS r ON t.namespace = r.c0 AND t.idem_key = r.c1";
    lockAccounts = "SELECT a.namespace, a.account, a.asset, a.balance, a.held, a.allow_negative FROM bk_accounts a"
        + " JOIN (" + dialect.selectRows(ACCOUNT) + ") AS r ON a.namespace = r.c0 AND a.account = r.c1"
        + " AND a.asset = r.c2 ORDER BY a.namespace, a.account, a.asset" + dialect.lockRows("a");
    insertAccounts = dialect.rowStatement("INSERT INTO bk_accounts (namespace, account, asset, balance, held,"
        + " allow_negative) SELECT r.c0, r.c1, r.c2, r.c3, 0, r.c4 FROM ROWS AS r WHERE true"
        + " ON CONFLICT (namespace, account, asset) DO NOTHING", NEW_ACCOUNT);
    updateBalances = dialect.rowStatement("UPDATE bk_accounts AS a SET balance = r.c3 FROM ROWS AS r"
        + " WHERE a.namespace = r.c0 AND a.account = r.c1 AND a.asset = r.c2", BALANCE);
    insertTransfers = dialect.rowStatement("INSERT INTO bk_transfers (id, namespace, idem_key, kind, from_account,"
        + " to_account, asset, amount, memo, status, created_at, expires_at, resolved_at) SELECT r.c0, r.c1, r.c2,"
        + " r.c3, r.c4, r.c5, r.c6, r.c7, r.c8, 'COMPLETED', r.c9, NULL, r.c9 FROM ROWS AS r", TRANSFER);
    insertEntries = dialect.rowStatement("INSERT INTO bk_entries (transfer_id, namespace, account, counterparty,"
        + " asset, kind, delta, balance_after, created_at) SELECT r.c0, r.c1, r.c2, r.c3, r.c4, r.c5, r.c6, r.c7,"
        + " r.c8 FROM ROWS AS r", ENTRY);
  }

  /**
   * Posts {@code run} at {@code now}. Each outcome is a receipt or the {@link RuntimeException}
   * refusing that transfer.
   *
   * @throws SQLException if the database fails; the writer retries or fails the whole batch
   */
  Object[] apply(Connection c, Instant now, List<Posting> run) throws SQLException {
    Map<IdemKey, StoredTransfer> used = usedKeys(c, run);
    Map<AccountKey, AccountState> accounts = lockAccounts(c, run);
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
          sender = new AccountState(0, 0, true, true);
          accounts.put(new AccountKey(r.from().venue(), r.from().id(), asset), sender);
        }
        long available = sender == null ? 0 : sender.balance - sender.held;
        if (sender == null || !sender.allowNegative && available < amount) {
          throw InsufficientFundsException.of(r.from(), r.asset(), r.asset().fromUnits(available), r.amount(),
              r.asset().zero());
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
          recipient = new AccountState(0, 0, isSystem(r.to()), true);
          accounts.put(toKey, recipient);
        }
        sender.balance -= amount;
        sender.changed = true;
        recipient.balance += amount;
        recipient.changed = true;
        String id = newId.apply(now);
        String ns = r.from().venue();
        transfers.text(id).text(ns).text(r.idempotencyKey()).text(p.kind()).text(r.from().id()).text(r.to().id())
            .text(asset).number(amount).text(r.memo().orElse(null)).number(at);
        entries.text(id).text(ns).text(r.from().id()).text(r.to().id()).text(asset).text(p.kind())
            .number(-amount).number(sender.balance).number(at);
        entries.text(id).text(ns).text(r.to().id()).text(r.from().id()).text(asset).text(p.kind())
            .number(amount).number(recipient.balance).number(at);
        used.put(key, new StoredTransfer(id, r.from().id(), r.to().id(), asset, amount, r.memo().orElse(null),
            "COMPLETED", at));
        outcomes[i] = StoredTransfer.receipt(id, r, now, false);
      } catch (RuntimeException refused) {
        outcomes[i] = refused;
      }
    }
    writeAccounts(c, accounts);
    execute(c, insertTransfers, transfers);
    execute(c, insertEntries, entries);
    return outcomes;
  }

  private Map<IdemKey, StoredTransfer> usedKeys(Connection c, List<Posting> run) throws SQLException {
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

  private Map<AccountKey, AccountState> lockAccounts(Connection c, List<Posting> run) throws SQLException {
    Map<AccountKey, Boolean> wanted = new LinkedHashMap<>();
    RowSet keys = new RowSet(ACCOUNT);
    for (Posting p : run) {
      TransferRequest r = p.request();
      for (AccountRef a : new AccountRef[] {r.from(), r.to()}) {
        if (wanted.put(new AccountKey(a.venue(), a.id(), r.asset().code()), Boolean.TRUE) == null) {
          keys.text(a.venue()).text(a.id()).text(r.asset().code());
        }
      }
    }
    Map<AccountKey, AccountState> accounts = new HashMap<>();
    PreparedStatement ps = statements.get(c, lockAccounts);
    dialect.bindRows(ps, keys);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        accounts.put(new AccountKey(rs.getString(1), rs.getString(2), rs.getString(3)),
            new AccountState(rs.getLong(4), rs.getLong(5), rs.getInt(6) == 1, false));
      }
    }
    return accounts;
  }

  private void writeAccounts(Connection c, Map<AccountKey, AccountState> accounts) throws SQLException {
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
        created.text(k.namespace()).text(k.account()).text(k.asset()).number(s.balance).number(s.allowNegative ? 1 : 0);
      } else {
        changed.text(k.namespace()).text(k.account()).text(k.asset()).number(s.balance);
      }
    }
    if (created.size() > 0) {
      if (dialect.executeRows(statements.get(c, insertAccounts), created) != created.size()) {
        // Another instance opened one of these accounts after it was read: read again and redo the batch.
        throw new SQLException("an account was created concurrently", "40001", 5);
      }
    }
    execute(c, updateBalances, changed);
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
