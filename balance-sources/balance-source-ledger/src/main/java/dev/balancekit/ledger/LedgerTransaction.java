package dev.balancekit.ledger;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What work given to {@link Ledger#transact} may do inside the ledger writer's database
 * transaction: move value with every ledger check, read balances, and keep rows of its own in the
 * same transaction through {@link #connection()}, so a feature built on the ledger (daily rewards,
 * audit rows) commits or rolls back together with the transfers it makes.
 *
 * <p>Valid only during the {@code transact} call that created it, on the writer thread; every
 * method throws {@link IllegalStateException} afterwards. Not thread-safe.
 */
public final class LedgerTransaction {
  private static final Pattern KIND = Pattern.compile("[a-z][a-z_]{0,15}");

  private final Ledger ledger;
  private final Connection connection;
  private final Instant now;
  private boolean open = true;

  LedgerTransaction(Ledger ledger, Connection connection, Instant now) {
    this.ledger = ledger;
    this.connection = connection;
    this.now = now;
  }

  /** The time of this batch, the same for every operation in it. */
  public Instant now() {
    requireOpen();
    return now;
  }

  /**
   * The writer's connection, for the caller's own tables. Use prepared statements; never commit,
   * roll back or change its settings: the ledger does that for the whole batch.
   */
  public Connection connection() {
    requireOpen();
    return connection;
  }

  /** Whether the ledger runs on PostgreSQL (else SQLite), for the caller's own SQL. */
  public boolean isPostgres() {
    return ledger.isPostgres();
  }

  /**
   * Posts {@code request} with every check {@link Ledger#submit} makes, recording {@code kind}
   * (lower-case letters and underscores, at most 16, such as {@code reward} or {@code tax}) on its
   * transfer and entries.
   *
   * @throws InsufficientFundsException if the sender's available balance is short
   * @throws dev.balancekit.transfer.IdempotencyConflictException if the key was used for another
   *     transfer
   * @throws TransferRejectedException for a non-ledger account, a scale mismatch or an overflow
   * @throws IllegalArgumentException if {@code kind} is not valid
   * @throws SQLException if the database fails
   */
  public TransferReceipt transfer(TransferRequest request, String kind) throws SQLException {
    requireOpen();
    ledger.requireLedger(request);
    return ledger.post(connection, now, request, requireKind(kind));
  }

  /** {@link #transfer} from {@code to}'s namespace system account: issuance, rewards, grants. */
  public TransferReceipt issue(
      AccountRef to, Asset asset, BigDecimal amount, String idempotencyKey, String kind)
      throws SQLException {
    return transfer(
        TransferRequest.builder()
            .from(Ledger.systemAccount(to))
            .to(to)
            .amount(asset, amount)
            .idempotencyKey(idempotencyKey)
            .build(),
        kind);
  }

  /** {@link #transfer} into {@code from}'s namespace system account: burns, taxes, fees. */
  public TransferReceipt burn(
      AccountRef from, Asset asset, BigDecimal amount, String idempotencyKey, String kind)
      throws SQLException {
    return transfer(
        TransferRequest.builder()
            .from(from)
            .to(Ledger.systemAccount(from))
            .amount(asset, amount)
            .idempotencyKey(idempotencyKey)
            .build(),
        kind);
  }

  /**
   * Whether a transfer was already made under {@code idempotencyKey} in {@code namespace} (a
   * venue).
   */
  public boolean isKeyUsed(String namespace, String idempotencyKey) throws SQLException {
    requireOpen();
    return ledger.isKeyUsed(connection, namespace, idempotencyKey);
  }

  /**
   * The account's total balance of {@code asset}, including this transaction's changes; zero if it
   * has none.
   */
  public BigDecimal balance(AccountRef account, Asset asset) throws SQLException {
    requireOpen();
    return ledger
        .units(connection, account, asset, false)
        .map(asset::fromUnits)
        .orElse(asset.zero());
  }

  /**
   * The account's available balance of {@code asset} (total minus held), including this
   * transaction's changes.
   */
  public BigDecimal available(AccountRef account, Asset asset) throws SQLException {
    requireOpen();
    return ledger
        .units(connection, account, asset, true)
        .map(asset::fromUnits)
        .orElse(asset.zero());
  }

  /** Whether the account has a row for {@code asset}, that is, ever held it. */
  public boolean exists(AccountRef account, Asset asset) throws SQLException {
    requireOpen();
    Optional<Long> units = ledger.units(connection, account, asset, false);
    return units.isPresent();
  }

  void close() {
    open = false;
  }

  private void requireOpen() {
    if (!open) {
      throw new IllegalStateException("a LedgerTransaction is valid only during its transact call");
    }
  }

  private static String requireKind(String kind) {
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException(
          "kind must be 1 to 16 lower-case letters or underscores, starting with a"
              + " letter, but was "
              + (kind == null ? "null" : "'" + kind + "'"));
    }
    return kind;
  }
}
