package dev.balancekit.economy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.ledger.LedgerTransaction;
import dev.balancekit.transfer.TransferRejectedException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One economy operation inside one ledger transaction: the namespace, its configuration as stored,
 * the time, and the helpers every operation shares. A writing session holds the namespace's lock
 * (see {@link Tables#lockNamespace}). Used by the ledger's writer thread for one operation.
 */
final class Session {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9-]{1,80}");

  final LedgerTransaction tx;
  final String namespace;
  final String venue;
  final Asset asset;
  final Instant now;

  /** Today as a UTC epoch day. */
  final long today;

  final NamespaceConfig config;

  private Session(
      LedgerTransaction tx, String namespace, Asset asset, Instant now, NamespaceConfig config) {
    this.tx = tx;
    this.namespace = namespace;
    this.venue = Economy.venueOf(namespace);
    this.asset = asset;
    this.now = now;
    this.today = LocalDate.ofInstant(now, ZoneOffset.UTC).toEpochDay();
    this.config = config;
  }

  /** A session that reads committed data, or, with {@code write}, first locks the namespace. */
  static Session open(
      LedgerTransaction tx, String namespace, Asset asset, Clock clock, boolean write)
      throws SQLException {
    Instant now = clock.instant();
    NamespaceConfig config =
        write
            ? Tables.lockNamespace(tx, namespace, asset, micros(now))
            : Tables.config(tx, namespace, asset);
    return new Session(tx, namespace, asset, now, config);
  }

  AccountRef account(String userId) {
    return AccountRef.of(venue, userId);
  }

  /** The member's ledger balance, zero without an account. */
  BigDecimal balance(String userId) throws SQLException {
    return tx.balance(account(userId), asset);
  }

  /** What the member holds as they see it: a starting balance not yet granted counts. */
  BigDecimal shownBalance(UserState u) throws SQLException {
    BigDecimal held = balance(u.id);
    return u.started ? held : held.add(money(config.startingBalance()));
  }

  /** The member's row, created if missing, with their display name brought up to date. */
  UserState touch(Member member) throws SQLException {
    return Tables.upsertUser(this, member);
  }

  Optional<UserState> find(String userId) throws SQLException {
    return Tables.findUser(this, userId);
  }

  /**
   * Grants the starting balance if this member has not had it: on their first own action (or an
   * admin's action on them), never for being paid. Exactly once by its idempotency key.
   */
  void grantStartIfDue(UserState u, Member member) throws SQLException {
    if (u.started) {
      return;
    }
    u.started = true;
    Tables.saveUser(this, u);
    BigDecimal amount = money(config.startingBalance());
    String key = "start:" + keyPart(u.id);
    if (amount.signum() == 0 || tx.isKeyUsed(venue, key)) {
      return;
    }
    BigDecimal before = balance(u.id);
    String transferId = tx.issue(account(u.id), asset, amount, key, "start_grant").transferId();
    event(AuditEvent.Action.START, member)
        .account(member)
        .amount(amount)
        .balances(before, balance(u.id))
        .transfer(transferId)
        .save();
  }

  Audit.Draft event(AuditEvent.Action action, Member actor) {
    return new Audit.Draft(this, action, actor);
  }

  /** {@code value} at the asset's scale. */
  BigDecimal money(BigDecimal value) {
    return asset.amount("amount", value);
  }

  BigDecimal money(long units) {
    return asset.fromUnits(units);
  }

  long units(BigDecimal amount) {
    try {
      return asset.toUnits(amount).longValueExact();
    } catch (ArithmeticException e) {
      throw TransferRejectedException.of(
          "amount_too_large", asset.format(amount) + " is more than the ledger can store");
    }
  }

  /** The next UTC midnight. */
  Instant nextDay() {
    return LocalDate.ofEpochDay(today + 1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  /**
   * A member id as part of an idempotency key: as is when it is plain and short, else {@code _} and
   * its SHA-256 (a plain id never starts with {@code _}, so the two forms cannot collide).
   */
  static String keyPart(String userId) {
    if (PLAIN_KEY.matcher(userId).matches()) {
      return userId;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
      return "_" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
