package dev.balancekit.ledger;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.SourceSink;
import dev.balancekit.spi.TransferRail;
import dev.balancekit.transfer.IdempotencyConflictException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.PendingTransfer;
import dev.balancekit.transfer.TransferQuote;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's own double-entry ledger on JDBC: SQLite as the embedded default, PostgreSQL
 * when several application instances share it. It is both the {@link BalanceSource} that reads
 * accounts and the {@link TransferRail} that moves value between them.
 *
 * <ul>
 *   <li>Namespaces are venues {@code ledger:<name>} (a chat server, a tenant); accounts are per
 *       namespace and asset, and an asset's scale is fixed per namespace on first use.
 *   <li>Every transfer writes a debit and a credit entry with the balance after each. Issuance and
 *       burn go through the namespace's {@link #SYSTEM_ACCOUNT}, which may go negative, so each
 *       namespace and asset always sums to zero.
 *   <li>Overdraft is impossible by construction: every check and the write it guards happen in one
 *       database transaction that holds the accounts involved (the single writer of a SQLite file;
 *       on PostgreSQL, row locks taken in key order), never a read in one transaction and a write
 *       in another.
 *   <li>One writer applies queued operations in batches (group commit); a caller returns only after
 *       its batch is durable, and a refused operation fails alone. Consecutive single transfers are
 *       posted together in a fixed number of set-based statements, whatever their number.
 *   <li>Idempotency keys are stored with the transfer in the same transaction.
 * </ul>
 *
 * <p>Amounts are stored as scaled 64-bit integers; an amount or balance that does not fit is
 * refused.
 *
 * <p>Thread-safe.
 */
public final class Ledger implements BalanceSource, TransferRail, AutoCloseable {

  /** The id of each namespace's issuing account. */
  public static final String SYSTEM_ACCOUNT = "~system";

  private static final Logger log = LoggerFactory.getLogger(Ledger.class);
  private static final int SCHEMA_VERSION = 1;

  private final String name;
  private final SqlDialect dialect;
  private final Clock clock;
  private final Connection reader;
  private final LedgerWriter writer;
  private final ScheduledExecutorService sweeper;
  private final AssetScales scales = new AssetScales();

  /** Used only on the writer thread. */
  private final StatementCache writerStatements = new StatementCache();

  /** Used only while holding the reader's monitor. */
  private final StatementCache readerStatements = new StatementCache();

  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong idCounter = new AtomicLong();
  private final ChangeFeed changes;
  private final Callable<Connection> connector;
  private volatile @Nullable SourceSink sink;

  private Ledger(Builder b, String jdbcUrl) {
    this.name = b.name;
    this.dialect = SqlDialect.forUrl(jdbcUrl);
    this.clock = b.clock;
    // The builder's settings as of now: a builder changed or reused later must not redirect
    // the connections this ledger opens afterwards.
    String user = b.user;
    String password = b.password;
    this.connector = () -> connect(jdbcUrl, user, password);
    try {
      Connection writerConnection = connect(jdbcUrl, user, password);
      dialect.configure(writerConnection);
      createSchema(writerConnection);
      this.reader = connect(jdbcUrl, user, password);
      dialect.configure(reader);
      this.changes =
          new ChangeFeed(
              dialect == SqlDialect.POSTGRES ? ChangeFeed.channelOf(writerConnection) : null,
              this::publish);
      Postings postings =
          new Postings(dialect, writerStatements, changes, this::units, this::newTransferId);
      this.writer =
          new LedgerWriter(
              writerConnection,
              dialect,
              postings,
              List.of(changes, scales),
              clock,
              b.maxBatch,
              name);
    } catch (SQLException e) {
      throw SourceUnavailableException.of(
          name, "cannot open the ledger database (SQLState " + e.getSQLState() + ")", e);
    }
    this.sweeper =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "balancekit-ledger-sweeper-" + name);
              t.setDaemon(true);
              return t;
            });
    long every = b.sweepEvery.toMillis();
    // expireDue logs its own failures instead of throwing, so this future never holds one.
    var unused =
        sweeper.scheduleWithFixedDelay(this::expireDue, every, every, TimeUnit.MILLISECONDS);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  private static Connection connect(
      String jdbcUrl, @Nullable String user, @Nullable String password) throws SQLException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl, props);
  }

  private void createSchema(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS bk_ledger_version (version INTEGER NOT NULL)");
      s.execute(
          "CREATE TABLE IF NOT EXISTS bk_assets (namespace VARCHAR(100) NOT NULL, code VARCHAR(32) NOT NULL,"
              + " scale INTEGER NOT NULL, PRIMARY KEY (namespace, code))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS bk_accounts (namespace VARCHAR(100) NOT NULL, account VARCHAR(256) NOT NULL,"
              + " asset VARCHAR(32) NOT NULL, balance BIGINT NOT NULL, held BIGINT NOT NULL,"
              + " allow_negative INTEGER NOT NULL, PRIMARY KEY (namespace, account, asset))");
      s.execute(
          "CREATE TABLE IF NOT EXISTS bk_transfers (id VARCHAR(36) PRIMARY KEY, namespace VARCHAR(100) NOT NULL,"
              + " idem_key VARCHAR(128) NOT NULL, kind VARCHAR(16) NOT NULL, from_account VARCHAR(256) NOT NULL,"
              + " to_account VARCHAR(256) NOT NULL, asset VARCHAR(32) NOT NULL, amount BIGINT NOT NULL,"
              + " memo VARCHAR(1000), status VARCHAR(16) NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT,"
              + " resolved_at BIGINT, UNIQUE (namespace, idem_key))"
              + dialect.clusteredByKey());
      s.execute(
          "CREATE TABLE IF NOT EXISTS bk_entries (id "
              + dialect.autoIncrementKey()
              + ","
              + " transfer_id VARCHAR(36) NOT NULL, namespace VARCHAR(100) NOT NULL, account VARCHAR(256) NOT NULL,"
              + " counterparty VARCHAR(256) NOT NULL, asset VARCHAR(32) NOT NULL, kind VARCHAR(16) NOT NULL,"
              + " delta BIGINT NOT NULL, balance_after BIGINT NOT NULL, created_at BIGINT NOT NULL)");
      s.execute(
          "CREATE INDEX IF NOT EXISTS bk_entries_by_account ON bk_entries (namespace, account, asset, id)");
      // Only pending transfers are looked up by expiry; completed ones stay out of this index.
      s.execute(
          "CREATE INDEX IF NOT EXISTS bk_transfers_pending ON bk_transfers (expires_at) WHERE status = 'PENDING'");
      try (ResultSet rs = s.executeQuery("SELECT version FROM bk_ledger_version")) {
        if (!rs.next()) {
          s.execute("INSERT INTO bk_ledger_version (version) VALUES (" + SCHEMA_VERSION + ")");
        } else if (rs.getInt(1) != SCHEMA_VERSION) {
          throw new IllegalStateException(
              "ledger schema version " + rs.getInt(1) + " is not the supported " + SCHEMA_VERSION);
        }
      }
    }
    c.commit();
  }

  // ------------------------------------------------------------------ BalanceSource

  @Override
  public String name() {
    return name;
  }

  /** Accounts of venues {@code ledger} and {@code ledger:<namespace>}. */
  @Override
  public boolean supports(AccountRef account) {
    return account.venueFamily().equals("ledger");
  }

  /**
   * The account's balances, as a complete view: an asset without a row is held at zero, because the
   * ledger is the authority on what its accounts hold. Reads committed data only.
   */
  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef account) {
    try {
      return CompletableFuture.completedFuture(read(account));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Keeps {@code sink} told of every committed change to an account, as a fresh snapshot of it:
   * after each commit on SQLite, and on PostgreSQL through {@code LISTEN/NOTIFY}, which also
   * carries the changes other instances sharing the database commit.
   *
   * @throws IllegalStateException if already attached or closed
   * @throws SourceUnavailableException if PostgreSQL's listening connection cannot be opened
   */
  @Override
  public void attach(SourceSink sink) {
    Objects.requireNonNull(sink, "sink");
    synchronized (changes) {
      requireOpen();
      if (this.sink != null) {
        throw new IllegalStateException("ledger '" + name + "' is already attached");
      }
      this.sink = sink;
      if (dialect == SqlDialect.POSTGRES) {
        try {
          changes.listen(connector.call(), name);
        } catch (Exception e) {
          throw SourceUnavailableException.of(
              name,
              "cannot listen for changes ("
                  + (e instanceof SQLException sqlException
                      ? "SQLState " + sqlException.getSQLState()
                      : e.getClass().getSimpleName())
                  + ")");
        }
      }
    }
  }

  private void publish(Set<AccountRef> accounts) {
    SourceSink target = sink;
    if (target == null || closed.get()) {
      return;
    }
    try {
      sweeper.execute(
          () -> {
            for (AccountRef account : accounts) {
              try {
                target.onUpdate(read(account));
              } catch (RuntimeException e) {
                log.warn(
                    "ledger '{}' could not publish a change of an account: {}",
                    name,
                    e.getClass().getSimpleName());
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // closing: nobody is listening any more
    }
  }

  private AccountBalances read(AccountRef account) {
    requireOpen();
    Instant now = clock.instant();
    List<Balance> balances = new ArrayList<>();
    synchronized (reader) {
      try {
        PreparedStatement ps =
            readerStatements.get(
                reader,
                "SELECT a.asset, a.balance, a.held, s.scale FROM bk_accounts a JOIN bk_assets s"
                    + " ON s.namespace = a.namespace AND s.code = a.asset WHERE a.namespace = ? AND a.account = ?");
        ps.setString(1, account.venue());
        ps.setString(2, account.id());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Asset asset = Asset.of(rs.getString(1), rs.getInt(4));
            long balance = rs.getLong(2);
            long held = rs.getLong(3);
            balances.add(
                Balance.builder(account, asset)
                    .total(asset.fromUnits(balance))
                    .available(asset.fromUnits(balance - held))
                    .held(asset.fromUnits(held))
                    .source(name)
                    .observedAt(now)
                    .build());
          }
        }
      } catch (SQLException e) {
        throw unavailable("reading " + account, e);
      }
    }
    return AccountBalances.snapshot(account, balances, now);
  }

  // ------------------------------------------------------------------ TransferRail

  /** Prices a transfer: the ledger charges no fee; balances after are read from committed data. */
  @Override
  public TransferQuote quote(TransferRequest request) {
    requireLedger(request);
    BigDecimal sender =
        read(request.from())
            .get(request.asset())
            .map(b -> b.available().orElseThrow())
            .orElseThrow();
    BigDecimal recipient =
        read(request.to()).get(request.asset()).map(Balance::total).orElseThrow();
    if (sender.compareTo(request.amount()) < 0) {
      throw InsufficientFundsException.of(
          request.from(), request.asset(), sender, request.amount(), request.asset().zero());
    }
    return TransferQuote.sameAssetFee(request, request.asset().zero(), sender, recipient, false);
  }

  /**
   * Moves the amount at once. Durable when this returns.
   *
   * @throws InsufficientFundsException if the sender's available balance is short
   * @throws IdempotencyConflictException if the key was used for a different transfer
   * @throws TransferRejectedException for a non-ledger account, a scale mismatch or an overflow
   * @throws SourceUnavailableException if the database fails
   */
  @Override
  public TransferReceipt submit(TransferRequest request) {
    return await(submitAsync(request));
  }

  /**
   * {@link #submit} without waiting: the future completes once the transfer's batch is durable, or
   * fails with the exceptions {@code submit} throws. Many transfers in flight from one thread share
   * commits, which is how a single submitter reaches the ledger's full throughput.
   */
  public CompletableFuture<TransferReceipt> submitAsync(TransferRequest request) {
    requireLedger(request);
    return writer.post(new Postings.Posting(request, "transfer"));
  }

  /**
   * Issues {@code amount} to {@code to} from its namespace's system account (starting balances,
   * rewards, grants).
   *
   * @throws IllegalArgumentException if the amount is not positive or {@code to} is the system
   *     account
   */
  public TransferReceipt issue(
      AccountRef to, Asset asset, BigDecimal amount, String idempotencyKey) {
    TransferRequest request =
        TransferRequest.builder()
            .from(systemAccount(to))
            .to(to)
            .amount(asset, amount)
            .idempotencyKey(idempotencyKey)
            .build();
    return await(writer.post(new Postings.Posting(request, "issue")));
  }

  /** Removes {@code amount} from {@code from} into its namespace's system account. */
  public TransferReceipt burn(
      AccountRef from, Asset asset, BigDecimal amount, String idempotencyKey) {
    TransferRequest request =
        TransferRequest.builder()
            .from(from)
            .to(systemAccount(from))
            .amount(asset, amount)
            .idempotencyKey(idempotencyKey)
            .build();
    return await(writer.post(new Postings.Posting(request, "burn")));
  }

  /** The system account of {@code account}'s namespace. */
  public static AccountRef systemAccount(AccountRef account) {
    return AccountRef.of(account.venue(), SYSTEM_ACCOUNT);
  }

  @Override
  public PendingTransfer prepare(TransferRequest request, Instant expiresAt) {
    requireLedger(request);
    Objects.requireNonNull(expiresAt, "expiresAt");
    return await(writer.submit((c, now) -> hold(c, now, request, expiresAt)));
  }

  @Override
  public TransferReceipt confirm(String pendingId) {
    Objects.requireNonNull(pendingId, "pendingId");
    // A lapsed hold is released and committed, then the caller is refused: the job returns the
    // refusal.
    return (TransferReceipt)
        await(writer.<Object>submit((c, now) -> confirmPending(c, now, pendingId)));
  }

  @Override
  public PendingTransfer cancel(String pendingId) {
    Objects.requireNonNull(pendingId, "pendingId");
    return await(writer.submit((c, now) -> cancelPending(c, now, pendingId)));
  }

  /** All legs in one savepoint, in order: a leg may spend what an earlier leg paid in. */
  @Override
  public List<TransferReceipt> submitGroup(List<TransferRequest> requests) {
    if (requests == null || requests.isEmpty() || requests.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("a group needs at least one transfer and no null legs");
    }
    requests.forEach(this::requireLedger);
    return await(
        writer.submit(
            (c, now) -> {
              List<TransferReceipt> receipts = new ArrayList<>();
              for (TransferRequest leg : requests) {
                receipts.add(post(c, now, leg, "transfer"));
              }
              return receipts;
            }));
  }

  /** Work for {@link #transact}. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs inside the writer's transaction; throwing undoes everything it did and nothing else. */
    T apply(LedgerTransaction transaction) throws SQLException;
  }

  /**
   * Runs {@code work} inside the writer's database transaction, after the operations queued before
   * it and atomically: everything it does commits together or, if it throws, not at all, while the
   * rest of its batch goes on. For features built on the ledger that keep rows of their own. Keep
   * it short: the writer runs nothing else meanwhile.
   *
   * @return what {@code work} returned, once its batch is durable
   * @throws RuntimeException what {@code work} threw (its refusal), unchanged
   * @throws SourceUnavailableException if the database fails or {@code work} throws {@link
   *     SQLException}
   */
  public <T> T transact(Work<T> work) {
    return await(transactAsync(work));
  }

  /** {@link #transact} without waiting: the future completes once the batch is durable. */
  public <T> CompletableFuture<T> transactAsync(Work<T> work) {
    Objects.requireNonNull(work, "work");
    requireOpen();
    return writer.submit(
        (c, now) -> {
          LedgerTransaction transaction = new LedgerTransaction(this, c, now);
          try {
            return work.apply(transaction);
          } finally {
            transaction.close();
          }
        });
  }

  boolean isPostgres() {
    return dialect == SqlDialect.POSTGRES;
  }

  boolean isKeyUsed(Connection c, String namespace, String idempotencyKey) throws SQLException {
    PreparedStatement ps =
        writerStatements.get(c, "SELECT 1 FROM bk_transfers WHERE namespace = ? AND idem_key = ?");
    ps.setString(1, namespace);
    ps.setString(2, idempotencyKey);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /** The account's balance (or available balance) in base units, empty without a row. */
  Optional<Long> units(Connection c, AccountRef account, Asset asset, boolean available)
      throws SQLException {
    PreparedStatement ps =
        writerStatements.get(
            c,
            "SELECT balance, held FROM bk_accounts WHERE namespace = ?"
                + " AND account = ? AND asset = ?");
    ps.setString(1, account.venue());
    ps.setString(2, account.id());
    ps.setString(3, asset.code());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? Optional.of(available ? rs.getLong(1) - rs.getLong(2) : rs.getLong(1))
          : Optional.empty();
    }
  }

  // ------------------------------------------------------------------ writer jobs

  TransferReceipt post(Connection c, Instant now, TransferRequest r, String kind)
      throws SQLException {
    TransferReceipt replay = replayOf(c, r);
    if (replay != null) {
      return replay;
    }
    long units = units(c, r);
    String id = newTransferId(now);
    ensureSystemAccount(c, r);
    long senderAfter = debit(c, r, units, false);
    long recipientAfter = credit(c, r.to(), r.asset().code(), units);
    insertTransfer(c, id, r, kind, units, "COMPLETED", now, null);
    insertEntry(c, id, r.from(), r.to(), r.asset().code(), kind, -units, senderAfter, now);
    insertEntry(c, id, r.to(), r.from(), r.asset().code(), kind, units, recipientAfter, now);
    return StoredTransfer.receipt(id, r, now, false);
  }

  private PendingTransfer hold(Connection c, Instant now, TransferRequest r, Instant expiresAt)
      throws SQLException {
    if (!expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("expiresAt " + expiresAt + " must be after now " + now);
    }
    PendingRow existing = pendingByKey(c, r);
    if (existing != null) {
      return existing.toPending(r);
    }
    long units = units(c, r);
    String id = newTransferId(now);
    ensureSystemAccount(c, r);
    debit(c, r, units, true);
    insertTransfer(c, id, r, "transfer", units, "PENDING", now, expiresAt);
    return new PendingTransfer(
        id,
        TransferQuote.sameAssetFee(r, r.asset().zero(), null, null, true),
        now,
        expiresAt,
        PendingTransfer.State.PENDING);
  }

  private Object confirmPending(Connection c, Instant now, String id) throws SQLException {
    PendingRow p = pendingById(c, id);
    if (p == null) {
      throw TransferRejectedException.of("pending_unknown", "no pending transfer " + id);
    }
    TransferRequest r = p.request();
    switch (p.status) {
      case "COMPLETED" -> {
        return StoredTransfer.receipt(
            id, r, Instant.EPOCH.plus(p.resolvedAtMicros, ChronoUnit.MICROS), true);
      }
      case "CANCELLED" ->
          throw TransferRejectedException.of(
              "pending_cancelled", "pending transfer " + id + " was cancelled");
      case "EXPIRED" -> throw expired(id, p);
      default -> {
        // still pending: confirmed below unless its hold has lapsed
      }
    }
    if (!now.isBefore(p.expiresAt())) {
      release(c, p, "EXPIRED", now);
      return expired(id, p); // committed: the hold is released even though the caller is refused
    }
    changes.changed(p.namespace, p.from);
    long senderAfter =
        update(
            c,
            "UPDATE bk_accounts SET held = held - ?, balance = balance - ? WHERE namespace = ?"
                + " AND account = ? AND asset = ? RETURNING balance",
            p.units,
            p.units,
            p.namespace,
            p.from,
            p.asset);
    long recipientAfter = credit(c, r.to(), p.asset, p.units);
    setStatus(c, id, "COMPLETED", now);
    insertEntry(c, id, r.from(), r.to(), p.asset, "transfer", -p.units, senderAfter, now);
    insertEntry(c, id, r.to(), r.from(), p.asset, "transfer", p.units, recipientAfter, now);
    return StoredTransfer.receipt(id, r, now, false);
  }

  private PendingTransfer cancelPending(Connection c, Instant now, String id) throws SQLException {
    PendingRow p = pendingById(c, id);
    if (p == null) {
      throw TransferRejectedException.of("pending_unknown", "no pending transfer " + id);
    }
    if (p.status.equals("COMPLETED")) {
      throw TransferRejectedException.of(
          "pending_confirmed", "pending transfer " + id + " was already confirmed");
    }
    if (p.status.equals("PENDING")) {
      release(c, p, "CANCELLED", now);
      return p.toPending(p.request()).withState(PendingTransfer.State.CANCELLED);
    }
    return p.toPending(p.request());
  }

  /**
   * Releases every pending transfer whose hold has lapsed. Runs in the background and is harmless
   * to repeat.
   */
  void expireDue() {
    if (closed.get()) {
      return;
    }
    // Nobody waits on this background job, so its failure is logged here.
    var unused =
        writer
            .submit(this::releaseLapsedHolds)
            .whenComplete(
                (released, failure) -> {
                  if (failure != null && !closed.get()) {
                    log.warn(
                        "ledger '{}' could not release lapsed holds; the next sweep tries again",
                        name,
                        failure);
                  }
                });
  }

  /** The writer job of {@link #expireDue}; returns how many holds it released. */
  private int releaseLapsedHolds(Connection c, Instant now) throws SQLException {
    List<String> due = new ArrayList<>();
    {
      PreparedStatement ps =
          writerStatements.get(
              c, "SELECT id FROM bk_transfers WHERE status = 'PENDING' AND expires_at <= ?");
      ps.setLong(1, micros(now));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(rs.getString(1));
        }
      }
    }
    for (String id : due) {
      PendingRow p =
          Objects.requireNonNull(
              pendingById(c, id), "selected just now in this writer's transaction");
      release(c, p, "EXPIRED", now);
    }
    return due.size();
  }

  private void release(Connection c, PendingRow p, String status, Instant now) throws SQLException {
    changes.changed(p.namespace, p.from);
    update(
        c,
        "UPDATE bk_accounts SET held = held - ? WHERE namespace = ? AND account = ? AND asset = ?"
            + " RETURNING held",
        p.units,
        p.namespace,
        p.from,
        p.asset);
    setStatus(c, p.id, status, now);
  }

  private static TransferRejectedException expired(String id, PendingRow p) {
    return TransferRejectedException.of(
        "pending_expired",
        "pending transfer " + id + " expired at " + p.expiresAt() + "; its funds were released");
  }

  /**
   * The conditional debit: succeeds only if the sender can cover it. With {@code hold}, the amount
   * moves to held instead of leaving the balance.
   */
  private long debit(Connection c, TransferRequest r, long units, boolean hold)
      throws SQLException {
    changes.changed(r.from().venue(), r.from().id());
    String sql =
        hold
            ? "UPDATE bk_accounts SET held = held + ? WHERE namespace = ? AND account = ? AND asset = ?"
                + " AND (allow_negative = 1 OR balance - held >= ?) RETURNING balance"
            : "UPDATE bk_accounts SET balance = balance - ? WHERE namespace = ? AND account = ? AND asset = ?"
                + " AND (allow_negative = 1 OR balance - held >= ?) RETURNING balance";
    {
      PreparedStatement ps = writerStatements.get(c, sql);
      ps.setLong(1, units);
      ps.setString(2, r.from().venue());
      ps.setString(3, r.from().id());
      ps.setString(4, r.asset().code());
      ps.setLong(5, units);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
    }
    throw InsufficientFundsException.of(
        r.from(), r.asset(), available(c, r.from(), r.asset()), r.amount(), r.asset().zero());
  }

  private long credit(Connection c, AccountRef to, String asset, long units) throws SQLException {
    changes.changed(to.venue(), to.id());
    {
      PreparedStatement ps =
          writerStatements.get(
              c,
              "INSERT INTO bk_accounts (namespace, account, asset, balance, held, allow_negative) VALUES (?, ?, ?, ?, 0, 0)"
                  + " ON CONFLICT (namespace, account, asset) DO UPDATE SET balance = bk_accounts.balance + excluded.balance"
                  + " WHERE bk_accounts.balance <= ? RETURNING balance");
      ps.setString(1, to.venue());
      ps.setString(2, to.id());
      ps.setString(3, asset);
      ps.setLong(4, units);
      ps.setLong(5, Long.MAX_VALUE - units); // SQLite would silently turn an overflow into a float
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
    }
    throw StoredTransfer.overflow(to, asset);
  }

  private void ensureSystemAccount(Connection c, TransferRequest r) throws SQLException {
    AccountRef system = systemAccount(r.from());
    if (!r.from().equals(system) && !r.to().equals(system)) {
      return;
    }
    {
      PreparedStatement ps =
          writerStatements.get(
              c,
              "INSERT INTO bk_accounts (namespace, account, asset, balance, held, allow_negative) VALUES (?, ?, ?, 0, 0, 1)"
                  + " ON CONFLICT (namespace, account, asset) DO NOTHING");
      ps.setString(1, system.venue());
      ps.setString(2, system.id());
      ps.setString(3, r.asset().code());
      ps.executeUpdate();
    }
  }

  private BigDecimal available(Connection c, AccountRef account, Asset asset) throws SQLException {
    return units(c, account, asset, true).map(asset::fromUnits).orElse(asset.zero());
  }

  /** The amount in base units, registering the asset's scale for the namespace on first use. */
  private long units(Connection c, TransferRequest r) throws SQLException {
    Asset asset = r.asset();
    Integer known = scales.known(r.from().venue(), asset.code());
    if (known == null) {
      PreparedStatement ins =
          writerStatements.get(
              c,
              "INSERT INTO bk_assets (namespace, code, scale) VALUES (?, ?, ?) ON CONFLICT (namespace, code) DO NOTHING");
      ins.setString(1, r.from().venue());
      ins.setString(2, asset.code());
      ins.setInt(3, asset.scale());
      ins.executeUpdate();
      PreparedStatement sel =
          writerStatements.get(c, "SELECT scale FROM bk_assets WHERE namespace = ? AND code = ?");
      sel.setString(1, r.from().venue());
      sel.setString(2, asset.code());
      try (ResultSet rs = sel.executeQuery()) {
        rs.next();
        known = rs.getInt(1);
      }
      scales.read(r.from().venue(), asset.code(), known);
    }
    if (known != asset.scale()) {
      throw TransferRejectedException.of(
          "scale_mismatch",
          asset.code()
              + " is kept with "
              + known
              + " decimals in "
              + r.from().venue()
              + ", not "
              + asset.scale());
    }
    try {
      return asset.toUnits(r.amount()).longValueExact();
    } catch (ArithmeticException e) {
      throw TransferRejectedException.of(
          "amount_too_large", asset.format(r.amount()) + " is more than the ledger can store");
    }
  }

  /** The receipt of the transfer already made under {@code r}'s key, or null if none was. */
  private @Nullable TransferReceipt replayOf(Connection c, TransferRequest r) throws SQLException {
    PreparedStatement ps =
        writerStatements.get(
            c,
            "SELECT "
                + StoredTransfer.COLUMNS
                + " FROM bk_transfers t WHERE t.namespace = ? AND t.idem_key = ?");
    ps.setString(1, r.from().venue());
    ps.setString(2, r.idempotencyKey());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next()
          ? StoredTransfer.read(rs, 1).replay(r, r.asset().toUnits(r.amount()).longValue())
          : null;
    }
  }

  private void insertTransfer(
      Connection c,
      String id,
      TransferRequest r,
      String kind,
      long units,
      String status,
      Instant now,
      @Nullable Instant expiresAt)
      throws SQLException {
    {
      PreparedStatement ps =
          writerStatements.get(
              c,
              "INSERT INTO bk_transfers (id, namespace, idem_key, kind,"
                  + " from_account, to_account, asset, amount, memo, status, created_at, expires_at, resolved_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      ps.setString(1, id);
      ps.setString(2, r.from().venue());
      ps.setString(3, r.idempotencyKey());
      ps.setString(4, kind);
      ps.setString(5, r.from().id());
      ps.setString(6, r.to().id());
      ps.setString(7, r.asset().code());
      ps.setLong(8, units);
      ps.setString(9, r.memo().orElse(null));
      ps.setString(10, status);
      ps.setLong(11, micros(now));
      if (expiresAt == null) {
        ps.setNull(12, java.sql.Types.BIGINT);
        ps.setLong(13, micros(now));
      } else {
        ps.setLong(12, micros(expiresAt));
        ps.setNull(13, java.sql.Types.BIGINT);
      }
      ps.executeUpdate();
    }
  }

  private void insertEntry(
      Connection c,
      String transferId,
      AccountRef account,
      AccountRef counterparty,
      String asset,
      String kind,
      long delta,
      long balanceAfter,
      Instant now)
      throws SQLException {
    {
      PreparedStatement ps =
          writerStatements.get(
              c,
              "INSERT INTO bk_entries (transfer_id, namespace, account,"
                  + " counterparty, asset, kind, delta, balance_after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      ps.setString(1, transferId);
      ps.setString(2, account.venue());
      ps.setString(3, account.id());
      ps.setString(4, counterparty.id());
      ps.setString(5, asset);
      ps.setString(6, kind);
      ps.setLong(7, delta);
      ps.setLong(8, balanceAfter);
      ps.setLong(9, micros(now));
      ps.executeUpdate();
    }
  }

  private void setStatus(Connection c, String id, String status, Instant now) throws SQLException {
    {
      PreparedStatement ps =
          writerStatements.get(
              c, "UPDATE bk_transfers SET status = ?, resolved_at = ? WHERE id = ?");
      ps.setString(1, status);
      ps.setLong(2, micros(now));
      ps.setString(3, id);
      ps.executeUpdate();
    }
  }

  private long update(Connection c, String sql, Object... args) throws SQLException {
    {
      PreparedStatement ps = writerStatements.get(c, sql);
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("ledger row missing for " + sql);
        }
        return rs.getLong(1);
      }
    }
  }

  /** A transfer row, for pending operations. */
  private record PendingRow(
      String id,
      String namespace,
      String key,
      String from,
      String to,
      String asset,
      long units,
      @Nullable String memo,
      String status,
      long createdAtMicros,
      long expiresAtMicros,
      long resolvedAtMicros,
      int scale) {

    Instant expiresAt() {
      return Instant.EPOCH.plus(expiresAtMicros, ChronoUnit.MICROS);
    }

    TransferRequest request() {
      Asset a = Asset.of(asset, scale);
      return TransferRequest.builder()
          .from(AccountRef.of(namespace, from))
          .to(AccountRef.of(namespace, to))
          .amount(a, a.fromUnits(units))
          .memo(memo)
          .idempotencyKey(key)
          .build();
    }

    PendingTransfer toPending(TransferRequest r) {
      PendingTransfer.State state =
          PendingTransfer.State.valueOf(status.equals("COMPLETED") ? "CONFIRMED" : status);
      return new PendingTransfer(
          id,
          TransferQuote.sameAssetFee(r, r.asset().zero(), null, null, true),
          Instant.EPOCH.plus(createdAtMicros, ChronoUnit.MICROS),
          expiresAt(),
          state);
    }
  }

  private static final String PENDING_COLUMNS =
      "t.id, t.namespace, t.idem_key, t.from_account, t.to_account,"
          + " t.asset, t.amount, t.memo, t.status, t.created_at, t.expires_at, t.resolved_at, s.scale FROM bk_transfers t"
          + " JOIN bk_assets s ON s.namespace = t.namespace AND s.code = t.asset";

  /** The transfer {@code id}, or null if there is none. */
  private @Nullable PendingRow pendingById(Connection c, String id) throws SQLException {
    return pendingRow(c, "SELECT " + PENDING_COLUMNS + " WHERE t.id = ?", id);
  }

  /**
   * The pending transfer made under {@code r}'s key, or null if the key is unused.
   *
   * @throws IdempotencyConflictException if the key was used for something else
   */
  private @Nullable PendingRow pendingByKey(Connection c, TransferRequest r) throws SQLException {
    PendingRow row =
        pendingRow(
            c,
            "SELECT " + PENDING_COLUMNS + " WHERE t.namespace = ? AND t.idem_key = ?",
            r.from().venue(),
            r.idempotencyKey());
    if (row != null && (!row.request().sameEffectAs(r) || row.expiresAtMicros == 0)) {
      throw IdempotencyConflictException.of(r.idempotencyKey());
    }
    return row;
  }

  private @Nullable PendingRow pendingRow(Connection c, String sql, String... args)
      throws SQLException {
    {
      PreparedStatement ps = writerStatements.get(c, sql);
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        return new PendingRow(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getLong(7),
            rs.getString(8),
            rs.getString(9),
            rs.getLong(10),
            rs.getLong(11),
            rs.getLong(12),
            rs.getInt(13));
      }
    }
  }

  // ------------------------------------------------------------------ audit and integrity

  /**
   * {@code account}'s entries of {@code asset}, newest first, after {@code cursor} (0 for the
   * newest); page on with the last entry's id.
   *
   * @throws IllegalArgumentException if {@code limit} is not in 1..1000 or {@code cursor} is
   *     negative
   */
  public List<LedgerEntry> entries(AccountRef account, Asset asset, long cursor, int limit) {
    return entries(account, asset, EntryFilter.all(), cursor, limit);
  }

  /**
   * {@code account}'s entries of {@code asset} that match {@code filter}, newest first, after
   * {@code cursor} (0 for the newest); page on with the last entry's id.
   *
   * @throws IllegalArgumentException if {@code limit} is not in 1..1000, {@code cursor} is
   *     negative, or the filter is null
   */
  public List<LedgerEntry> entries(
      AccountRef account, Asset asset, EntryFilter filter, long cursor, int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be in 1..1000, but was " + limit);
    }
    if (cursor < 0) {
      throw new IllegalArgumentException("cursor must not be negative, but was " + cursor);
    }
    if (filter == null) {
      throw new IllegalArgumentException("filter must not be null (use EntryFilter.all())");
    }
    requireOpen();
    List<LedgerEntry> page = new ArrayList<>();
    synchronized (reader) {
      try {
        PreparedStatement ps =
            readerStatements.get(
                reader,
                "SELECT id, transfer_id, kind, counterparty, delta,"
                    + " balance_after, created_at FROM bk_entries WHERE namespace = ? AND account = ? AND asset = ?"
                    + " AND (? = 0 OR id < ?) AND (? = '' OR kind = ?) AND created_at >= ? AND created_at < ?"
                    + " AND (? = '' OR counterparty = ?) ORDER BY id DESC LIMIT ?");
        String kind = filter.kind().orElse("");
        String counterparty = filter.counterparty().map(AccountRef::id).orElse("");
        ps.setString(1, account.venue());
        ps.setString(2, account.id());
        ps.setString(3, asset.code());
        ps.setLong(4, cursor);
        ps.setLong(5, cursor);
        ps.setString(6, kind);
        ps.setString(7, kind);
        ps.setLong(8, filter.from().map(Ledger::micros).orElse(Long.MIN_VALUE));
        ps.setLong(9, filter.to().map(Ledger::micros).orElse(Long.MAX_VALUE));
        ps.setString(10, counterparty);
        ps.setString(11, counterparty);
        ps.setInt(12, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            page.add(
                new LedgerEntry(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    account,
                    AccountRef.of(account.venue(), rs.getString(4)),
                    asset,
                    asset.fromUnits(rs.getLong(5)),
                    asset.fromUnits(rs.getLong(6)),
                    Instant.EPOCH.plus(rs.getLong(7), ChronoUnit.MICROS)));
          }
        }
      } catch (SQLException e) {
        throw unavailable("reading entries of " + account, e);
      }
    }
    return page;
  }

  /**
   * Checks every invariant on committed data: each balance equals the sum of its entries, each
   * namespace and asset sums to zero, no balance below its holds where negatives are not allowed,
   * each account's holds equal its pending transfers, and each account's asset has its scale
   * registered in the namespace.
   */
  public IntegrityReport verifyIntegrity() {
    requireOpen();
    List<String> violations = new ArrayList<>();
    int accounts;
    synchronized (reader) {
      try (Statement s = reader.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bk_accounts")) {
          rs.next();
          accounts = rs.getInt(1);
        }
        collect(
            s,
            violations,
            "SELECT a.namespace, a.account, a.asset, a.balance, COALESCE(SUM(e.delta), 0)"
                + " FROM bk_accounts a LEFT JOIN bk_entries e ON e.namespace = a.namespace AND e.account = a.account"
                + " AND e.asset = a.asset GROUP BY a.namespace, a.account, a.asset, a.balance"
                + " HAVING a.balance <> COALESCE(SUM(e.delta), 0)",
            "balance %4$s of %2$s/%3$s in %1$s differs from" + " the sum of its entries %5$s");
        collect(
            s,
            violations,
            "SELECT namespace, asset, SUM(balance) FROM bk_accounts GROUP BY namespace, asset"
                + " HAVING SUM(balance) <> 0",
            "%2$s in %1$s sums to %3$s instead of zero");
        collect(
            s,
            violations,
            "SELECT namespace, account, asset, balance, held FROM bk_accounts"
                + " WHERE allow_negative = 0 AND (balance - held < 0 OR held < 0)",
            "%2$s/%3$s in %1$s has balance %4$s below its holds %5$s");
        collect(
            s,
            violations,
            "SELECT a.namespace, a.account, a.asset, a.held, COALESCE(SUM(t.amount), 0)"
                + " FROM bk_accounts a LEFT JOIN bk_transfers t ON t.namespace = a.namespace AND t.from_account = a.account"
                + " AND t.asset = a.asset AND t.status = 'PENDING' GROUP BY a.namespace, a.account, a.asset, a.held"
                + " HAVING a.held <> COALESCE(SUM(t.amount), 0)",
            "holds %4$s of %2$s/%3$s in %1$s differ from its" + " pending transfers %5$s");
        collect(
            s,
            violations,
            "SELECT a.namespace, a.account, a.asset FROM bk_accounts a WHERE NOT EXISTS"
                + " (SELECT 1 FROM bk_assets x WHERE x.namespace = a.namespace AND x.code = a.asset)",
            "%2$s/%3$s in %1$s holds an asset whose scale the namespace never registered");
      } catch (SQLException e) {
        throw unavailable("verifying integrity", e);
      }
    }
    return new IntegrityReport(accounts, violations);
  }

  private static void collect(Statement s, List<String> violations, String sql, String format)
      throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Object[] values = new Object[columns];
        for (int i = 0; i < columns; i++) {
          values[i] = rs.getObject(i + 1);
        }
        violations.add(String.format(format, values));
      }
    }
  }

  // ------------------------------------------------------------------ plumbing

  void requireLedger(TransferRequest request) {
    Objects.requireNonNull(request, "request");
    requireOpen();
    if (!supports(request.from())) {
      throw TransferRejectedException.of(
          "not_a_ledger_account", request.from() + " is not a ledger account");
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("ledger '" + name + "' is closed");
    }
  }

  private <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for the ledger; the operation may still complete", e);
    }
  }

  private SourceUnavailableException unavailable(String what, SQLException e) {
    return SourceUnavailableException.of(name, what + " failed (SQLState " + e.getSQLState() + ")");
  }

  /**
   * A unique id that sorts by time, so new transfers append to the primary-key index instead of
   * dirtying a random page per transfer: the time, a per-ledger counter, and random bits for
   * uniqueness across instances sharing one database.
   */
  private String newTransferId(Instant now) {
    char[] id = new char[31];
    hex(id, 0, micros(now), 13);
    id[13] = '-';
    hex(id, 14, idCounter.incrementAndGet(), 8);
    id[22] = '-';
    hex(id, 23, ThreadLocalRandom.current().nextInt(), 8);
    return new String(id);
  }

  /**
   * The low {@code digits} hex digits of {@code value}, zero-padded, into {@code out} at {@code
   * at}.
   */
  private static void hex(char[] out, int at, long value, int digits) {
    for (int i = at + digits - 1; i >= at; i--) {
      out[i] = Character.forDigit((int) (value & 0xf), 16);
      value >>>= 4;
    }
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    changes.close();
    sweeper.shutdownNow();
    writer.close();
    synchronized (reader) {
      readerStatements.closeAll();
      try {
        reader.close();
      } catch (SQLException e) {
        // nothing left to do with a reader that will not close
      }
    }
  }

  @Override
  public String toString() {
    return "Ledger{" + name + ", " + dialect + '}';
  }

  /** Builds a {@link Ledger}; every setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private String name = "ledger";
    private @Nullable String jdbcUrl;
    private @Nullable String user;
    private @Nullable String password;
    private Clock clock = Clock.systemUTC();
    private int maxBatch = 2048;
    private Duration sweepEvery = Duration.ofSeconds(1);

    private Builder() {}

    /** An embedded SQLite database in {@code file}, created if missing. */
    public Builder sqlite(Path file) {
      if (file == null) {
        throw new IllegalArgumentException("file must not be null");
      }
      this.jdbcUrl = "jdbc:sqlite:" + file.toAbsolutePath();
      return this;
    }

    /**
     * A PostgreSQL database shared by several application instances, for example {@code
     * jdbc:postgresql://127.0.0.1:5432/test}. {@code user} and {@code password} may be null when
     * the URL or the server does without them. The password is never logged or printed.
     */
    public Builder postgres(String url, @Nullable String user, @Nullable String password) {
      if (url == null || !url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "url must start with jdbc:postgresql:, but was "
                + (url == null
                    ? "null"
                    : "'" + url.replaceAll("password=[^&]*", "password=****") + "'"));
      }
      this.jdbcUrl = url;
      this.user = user;
      this.password = password;
      return this;
    }

    /** The source and rail name; {@code ledger} by default. */
    public Builder name(String value) {
      if (value == null || !value.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
        throw new IllegalArgumentException(
            "name must be 1-64 lower-case letters, digits, '.', '_' or '-', but was "
                + (value == null ? "null" : "'" + value + "'"));
      }
      this.name = value;
      return this;
    }

    public Builder clock(Clock value) {
      if (value == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = value;
      return this;
    }

    /**
     * How many queued operations one transaction commits at most; 2048 by default. Larger batches
     * share one commit among more operations (each commit is an fsync, and rewrites the index pages
     * the batch touched), at the price of a longer wait for the callers of a full batch.
     */
    public Builder maxBatch(int operations) {
      if (operations < 1 || operations > 10_000) {
        throw new IllegalArgumentException("maxBatch must be in 1..10000, but was " + operations);
      }
      this.maxBatch = operations;
      return this;
    }

    /** How often lapsed holds are released in the background; 1 s by default. */
    public Builder sweepEvery(Duration interval) {
      if (interval == null || interval.toMillis() < 1) {
        throw new IllegalArgumentException("sweepEvery must be at least 1 ms, but was " + interval);
      }
      this.sweepEvery = interval;
      return this;
    }

    /**
     * Opens the database, creating the schema on first use.
     *
     * @throws IllegalStateException if no database was chosen
     * @throws SourceUnavailableException if the database cannot be opened
     */
    public Ledger build() {
      String url = jdbcUrl;
      if (url == null) {
        throw new IllegalStateException(
            "choose a database: sqlite(path) or postgres(url, user, password)");
      }
      return new Ledger(this, url);
    }
  }
}
