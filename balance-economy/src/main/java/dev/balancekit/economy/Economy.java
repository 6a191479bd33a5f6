package dev.balancekit.economy;

import dev.balancekit.Asset;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.ledger.LedgerTransaction;
import dev.balancekit.transfer.CooldownActiveException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferLimitExceededException;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.validation.TransferPolicies;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A chat-bot economy on a {@link Ledger}: starting balances, daily rewards with streaks, sends
 * under each namespace's policies (with tax and confirmation of large amounts), leaderboards, admin
 * tools and an audit trail with CSV export. One economy keeps one asset; a namespace (a chat
 * server, a tenant) is the ledger venue {@code ledger:<namespace>} and keeps its configuration,
 * members and audit rows in the ledger's database.
 *
 * <p>Every operation runs as one {@link Ledger#transact} call: its own rows and the ledger
 * transfers it makes commit together or not at all. Nothing is kept in memory, so several
 * application instances on one PostgreSQL database share one economy: a write locks its namespace's
 * configuration row until commit, so writes of one namespace apply one at a time across instances
 * and every check (today's claim, caps, cooldown, balance) reads what the others committed. Reads
 * lock nothing and write nothing.
 *
 * <p>Refusals are typed and worded for a chat: {@link TransferRejectedException} (its {@code
 * rule()} names the check), {@link TransferLimitExceededException}, {@link
 * CooldownActiveException}, {@link InsufficientFundsException}, {@link
 * DailyRewardClaimedException}, {@link AdjustmentRefusedException}. A refused operation changed
 * nothing. Bad arguments from the bot raise {@link IllegalArgumentException} naming the value; a
 * database failure raises {@link SourceUnavailableException} and is never answered with a made-up
 * balance.
 *
 * <p>Thread-safe.
 */
public final class Economy {

  /** Longest reason accepted on a send, an admin operation or a configuration change. */
  public static final int MAX_REASON_LENGTH = 100;

  /** How long a send waiting for confirmation may be confirmed. */
  public static final Duration CONFIRMATION_WINDOW = Duration.ofSeconds(60);

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,63}");
  private static final int MAX_PAGE = 1000;

  private final Ledger ledger;
  private final Asset asset;
  private final Clock clock;

  private Economy(Ledger ledger, Asset asset, Clock clock) {
    this.ledger = ledger;
    this.asset = asset;
    this.clock = clock;
    ledger.transact(
        tx -> {
          Tables.createSchema(tx);
          return Boolean.TRUE; // transact wants a result; nobody reads this one
        });
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The asset this economy keeps. */
  public Asset asset() {
    return asset;
  }

  /**
   * The member's standing. Writes nothing: a member never seen reads as the starting balance with
   * the daily reward available.
   *
   * @throws IllegalArgumentException if the namespace or id is invalid
   * @throws SourceUnavailableException if the database fails
   */
  public BalanceView balance(String namespace, String userId) {
    Member.requireId(userId);
    return read(namespace, s -> Rewards.view(s, userId));
  }

  /**
   * Pays today's reward (UTC day) with the streak bonus, exactly once per member and day however
   * many calls race, in this instance or others. The first own action of a member also grants the
   * starting balance.
   *
   * @throws DailyRewardClaimedException if today's reward was claimed; it says when the next opens
   * @throws IllegalArgumentException if the namespace is invalid or the member null
   * @throws SourceUnavailableException if the database fails
   */
  public ClaimResult claimDaily(String namespace, Member member) {
    requireMember("member", member);
    return write(namespace, s -> Rewards.claim(s, member));
  }

  /**
   * Sends {@code amount} from one member to another under the namespace's policies, in the order of
   * {@link TransferPolicies}: self-transfer and amount, opted-out recipient, maximum, cooldown,
   * daily send and receive caps, funds (amount plus tax). At or above the confirmation threshold
   * nothing moves: the result is {@link SendResult.Status#PENDING} until the sender {@link
   * #confirm}s within {@link #CONFIRMATION_WINDOW}. The tax is paid on top to the system account;
   * {@link NamespaceConfig#taxOn} states its rounding.
   *
   * @param reason shown in the audit rows; null for none; at most {@value #MAX_REASON_LENGTH}
   *     characters
   * @throws TransferRejectedException rule {@code self_transfer}, {@code invalid_amount} or {@code
   *     recipient_opted_out}
   * @throws TransferLimitExceededException rule {@code max_transfer}, {@code daily_send_cap} or
   *     {@code daily_receive_cap}
   * @throws CooldownActiveException if the sender must wait ({@code retryAfter})
   * @throws InsufficientFundsException if the sender cannot pay amount plus tax
   * @throws IllegalArgumentException if the namespace, a member or the reason is invalid
   * @throws SourceUnavailableException if the database fails
   */
  public SendResult send(
      String namespace, Member from, Member to, BigDecimal amount, @Nullable String reason) {
    requireMember("from", from);
    requireMember("to", to);
    requireReason(reason);
    if (from.id().equals(to.id())) {
      throw TransferRejectedException.of(TransferPolicies.SELF_TRANSFER, "cannot send to yourself");
    }
    BigDecimal exact = requireAmount(amount, false);
    String id = UUID.randomUUID().toString();
    return write(namespace, s -> Payments.send(s, from, to, exact, reason, id));
  }

  /**
   * Completes a pending send of {@code userId} (its sender), checking every policy and the funds
   * again now.
   *
   * @throws TransferRejectedException rule {@code pending_unknown}, {@code pending_not_yours},
   *     {@code pending_confirmed}, {@code pending_cancelled} or {@code pending_expired}, or as
   *     {@link #send}
   * @throws TransferLimitExceededException as {@link #send}
   * @throws CooldownActiveException as {@link #send}
   * @throws InsufficientFundsException as {@link #send}
   * @throws IllegalArgumentException if the namespace, id or member id is invalid
   * @throws SourceUnavailableException if the database fails
   */
  public SendResult confirm(String namespace, String pendingId, String userId) {
    requirePending(pendingId, userId);
    return write(namespace, s -> Payments.confirm(s, pendingId, userId));
  }

  /**
   * Cancels a pending send of {@code userId} (its sender); nothing had moved.
   *
   * @throws TransferRejectedException as {@link #confirm} for an unknown, foreign, resolved or
   *     expired send
   * @throws IllegalArgumentException if the namespace, id or member id is invalid
   * @throws SourceUnavailableException if the database fails
   */
  public SendResult cancel(String namespace, String pendingId, String userId) {
    requirePending(pendingId, userId);
    return write(namespace, s -> Payments.cancel(s, pendingId, userId));
  }

  /**
   * Makes the member refuse incoming transfers ({@code refuse}) or accept them again; audited.
   *
   * @return whether the setting changed
   * @throws TransferRejectedException rule {@code opt_out_disabled} if the namespace does not allow
   *     refusing
   * @throws IllegalArgumentException if the namespace is invalid or the member null
   * @throws SourceUnavailableException if the database fails
   */
  public boolean refuseTransfers(String namespace, Member member, boolean refuse) {
    requireMember("member", member);
    return write(namespace, s -> Payments.optOut(s, member, refuse));
  }

  /**
   * The {@code limit} highest balances, equal balances ordered by member id.
   *
   * @throws IllegalArgumentException if the namespace is invalid or {@code limit} is not in 1..1000
   * @throws SourceUnavailableException if the database fails
   */
  public List<LeaderboardEntry> leaderboard(String namespace, int limit) {
    requireLimit(limit);
    return read(namespace, s -> Tables.ranking(s, null, limit));
  }

  /**
   * The member's place on the leaderboard; empty for a member never seen.
   *
   * @throws IllegalArgumentException if the namespace or id is invalid
   * @throws SourceUnavailableException if the database fails
   */
  public Optional<LeaderboardEntry> rank(String namespace, String userId) {
    Member.requireId(userId);
    return read(namespace, s -> Tables.ranking(s, userId, 1).stream().findFirst());
  }

  /**
   * The namespace's configuration: as stored, or the defaults if never configured.
   *
   * @throws IllegalStateException if the namespace keeps another asset
   * @throws IllegalArgumentException if the namespace is invalid
   * @throws SourceUnavailableException if the database fails
   */
  public NamespaceConfig config(String namespace) {
    return read(namespace, s -> s.config);
  }

  /**
   * Stores the namespace's configuration, audited with who, when and every setting old → new.
   *
   * @throws IllegalArgumentException if an amount has more decimals than the asset, or an argument
   *     is invalid
   * @throws SourceUnavailableException if the database fails
   */
  public AuditEvent configure(
      String namespace, NamespaceConfig config, Member actor, String reason) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    config.requireFits(asset);
    requireAdmin(actor, reason);
    return write(namespace, s -> Admin.configure(s, config, actor, reason));
  }

  /**
   * Issues {@code amount} to {@code target} from the system account.
   *
   * @throws TransferRejectedException rule {@code invalid_amount} if not positive or too precise
   * @throws IllegalArgumentException if the namespace or a member is invalid, or the reason blank
   *     or too long
   * @throws SourceUnavailableException if the database fails
   */
  public AdminResult give(
      String namespace, Member actor, Member target, BigDecimal amount, String reason) {
    requireAdmin(actor, reason);
    requireMember("target", target);
    BigDecimal exact = requireAmount(amount, false);
    String id = UUID.randomUUID().toString();
    return write(namespace, s -> Admin.give(s, actor, target, exact, reason, id));
  }

  /**
   * Takes {@code amount} from {@code target} into the system account. Never below zero: more than
   * the balance is refused unless {@code force}, which takes all there is (the ledger keeps member
   * balances non-negative).
   *
   * @throws TransferRejectedException rule {@code below_zero}, or {@code invalid_amount}
   * @throws IllegalArgumentException if the namespace or a member is invalid, or the reason blank
   *     or too long
   * @throws SourceUnavailableException if the database fails
   */
  public AdminResult take(
      String namespace,
      Member actor,
      Member target,
      BigDecimal amount,
      String reason,
      boolean force) {
    requireAdmin(actor, reason);
    requireMember("target", target);
    BigDecimal exact = requireAmount(amount, false);
    String id = UUID.randomUUID().toString();
    return write(namespace, s -> Admin.take(s, actor, target, exact, reason, force, id));
  }

  /**
   * Sets {@code target}'s balance to {@code amount} (zero or more) through the system account.
   *
   * @throws TransferRejectedException rule {@code invalid_amount} if negative or too precise
   * @throws IllegalArgumentException if the namespace or a member is invalid, or the reason blank
   *     or too long
   * @throws SourceUnavailableException if the database fails
   */
  public AdminResult set(
      String namespace, Member actor, Member target, BigDecimal amount, String reason) {
    requireAdmin(actor, reason);
    requireMember("target", target);
    BigDecimal exact = requireAmount(amount, true);
    String id = UUID.randomUUID().toString();
    return write(namespace, s -> Admin.set(s, actor, target, exact, reason, id));
  }

  /**
   * Puts {@code target} back at the starting balance and clears their streak (today's claim stays
   * claimed).
   *
   * @throws IllegalArgumentException if the namespace or a member is invalid, or the reason blank
   *     or too long
   * @throws SourceUnavailableException if the database fails
   */
  public AdminResult reset(String namespace, Member actor, Member target, String reason) {
    requireAdmin(actor, reason);
    requireMember("target", target);
    String id = UUID.randomUUID().toString();
    return write(namespace, s -> Admin.reset(s, actor, target, reason, id));
  }

  /**
   * Reverses a completed send (its {@link SendResult#id()}): the amount goes back from the
   * recipient and the tax from the system account, exactly once. The result's balances are the
   * recipient's.
   *
   * @throws TransferRejectedException rule {@code transfer_unknown} or {@code already_reversed}
   * @throws InsufficientFundsException if the recipient no longer holds the amount
   * @throws IllegalArgumentException if the namespace or a member is invalid, or the reason blank
   *     or too long
   * @throws SourceUnavailableException if the database fails
   */
  public AdminResult reverse(String namespace, Member actor, String transferId, String reason) {
    requireAdmin(actor, reason);
    if (transferId == null || transferId.isBlank()) {
      throw new IllegalArgumentException(
          "transferId must not be null or blank, but was " + Member.quote(transferId));
    }
    return write(namespace, s -> Admin.reverse(s, actor, transferId, reason));
  }

  /**
   * Applies a signed adjustment checked against its tier's limits (minimum and maximum balance,
   * daily and weekly change over the account's ledger entries of the last week, risk score).
   * Warnings do not refuse it: they come back as alerts and stay in the audit row.
   *
   * @throws AdjustmentRefusedException if a limit rule finds an ERROR or worse
   * @throws InsufficientFundsException if the balance would go below zero
   * @throws IllegalArgumentException if the kind is not a valid ledger kind or the amount too
   *     precise
   * @throws SourceUnavailableException if the database fails
   */
  public AdjustResult adjust(String namespace, Adjustment adjustment) {
    if (adjustment == null) {
      throw new IllegalArgumentException("adjustment must not be null");
    }
    asset.amount("adjustment amount", adjustment.amount());
    String id = UUID.randomUUID().toString();
    return write(namespace, s -> Admin.adjust(s, ledger, adjustment, id));
  }

  /**
   * The namespace's audit rows after {@code afterId} (0 from the start), oldest first.
   *
   * @throws IllegalArgumentException if {@code limit} is not in 1..1000 or {@code afterId} is
   *     negative
   * @throws SourceUnavailableException if the database fails
   */
  public List<AuditEvent> events(String namespace, long afterId, int limit) {
    return page(namespace, null, afterId, limit);
  }

  /**
   * The audit rows where the member acted, was the account or the counterparty, after {@code
   * afterId} (0 from the start), oldest first.
   *
   * @throws IllegalArgumentException if {@code limit} is not in 1..1000 or {@code afterId} is
   *     negative
   * @throws SourceUnavailableException if the database fails
   */
  public List<AuditEvent> events(String namespace, String userId, long afterId, int limit) {
    Member.requireId(userId);
    return page(namespace, userId, afterId, limit);
  }

  /**
   * Writes the namespace's whole history as RFC 4180 CSV (header first, CRLF line ends), one page
   * per transaction so the writer is never held long.
   *
   * @throws java.io.UncheckedIOException if {@code out} fails
   * @throws IllegalArgumentException if the namespace is invalid
   * @throws SourceUnavailableException if the database fails
   */
  public void exportCsv(String namespace, Appendable out) {
    export(namespace, null, out);
  }

  /**
   * {@link #exportCsv(String, Appendable)} for the rows of one member, as {@link #events(String,
   * String, long, int)}.
   *
   * @throws IllegalArgumentException if the namespace or id is invalid
   */
  public void exportCsv(String namespace, String userId, Appendable out) {
    Member.requireId(userId);
    export(namespace, userId, out);
  }

  @Override
  public String toString() {
    return "Economy{" + asset + " on " + ledger + '}';
  }

  // ------------------------------------------------------------------ plumbing

  /** An operation's work inside the ledger transaction. */
  @FunctionalInterface
  private interface Step<T> {
    T apply(Session s) throws SQLException;
  }

  private <T> T read(String namespace, Step<T> step) {
    return run(namespace, false, step);
  }

  private <T> T write(String namespace, Step<T> step) {
    return run(namespace, true, step);
  }

  private <T> T run(String namespace, boolean write, Step<T> step) {
    requireNamespace(namespace);
    Ledger.Work<T> work =
        (LedgerTransaction tx) -> step.apply(Session.open(tx, namespace, asset, clock, write));
    return ledger.transact(work);
  }

  private List<AuditEvent> page(
      String namespace, @Nullable String userId, long afterId, int limit) {
    requireLimit(limit);
    if (afterId < 0) {
      throw new IllegalArgumentException("afterId must not be negative, but was " + afterId);
    }
    return read(namespace, s -> Audit.page(s, userId, afterId, limit));
  }

  private void export(String namespace, @Nullable String userId, Appendable out) {
    Objects.requireNonNull(out, "out");
    Csv.line(out, Audit.CSV_HEADER.split(","));
    long after = 0;
    List<AuditEvent> page;
    do {
      page = page(namespace, userId, after, MAX_PAGE);
      for (AuditEvent e : page) {
        Audit.csv(out, e);
        after = e.id();
      }
    } while (page.size() == MAX_PAGE);
  }

  static String venueOf(String namespace) {
    return "ledger:" + namespace;
  }

  private static void requireNamespace(String namespace) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace must be 1-64 lower-case letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit, but was "
              + Member.quote(namespace));
    }
  }

  private static void requireMember(String name, Member member) {
    if (member == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  private static void requireAdmin(Member actor, String reason) {
    requireMember("actor", actor);
    requireAdminReason(reason);
  }

  /**
   * Checks the reason an admin must give. @throws IllegalArgumentException if blank, too long or
   * holding control characters
   */
  static void requireAdminReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "an admin operation needs a reason, but was " + Member.quote(reason));
    }
    requireReason(reason);
  }

  /**
   * Checks an optional reason. @throws IllegalArgumentException if too long or holding control
   * characters
   */
  static void requireReason(@Nullable String reason) {
    if (reason != null
        && (reason.length() > MAX_REASON_LENGTH
            || reason.chars().anyMatch(Character::isISOControl))) {
      throw new IllegalArgumentException(
          "reason must be at most "
              + MAX_REASON_LENGTH
              + " characters without"
              + " control characters, but was "
              + reason.length()
              + " characters");
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be in 1.." + MAX_PAGE + ", but was " + limit);
    }
  }

  private static void requirePending(String pendingId, String userId) {
    if (pendingId == null || pendingId.isBlank()) {
      throw new IllegalArgumentException(
          "pendingId must not be null or blank, but was " + Member.quote(pendingId));
    }
    Member.requireId(userId);
  }

  /**
   * A positive (or, with {@code zeroAllowed}, non-negative) amount at the asset's scale; refused as
   * the policies would.
   */
  private BigDecimal requireAmount(BigDecimal amount, boolean zeroAllowed) {
    if (amount == null || amount.signum() < 0 || (amount.signum() == 0 && !zeroAllowed)) {
      throw TransferRejectedException.of(
          TransferPolicies.INVALID_AMOUNT,
          "amount must be "
              + (zeroAllowed ? "zero or positive" : "positive")
              + ", but was "
              + (amount == null ? "null" : amount.toPlainString() + " " + asset.code()));
    }
    try {
      return asset.amount("amount", amount);
    } catch (IllegalArgumentException e) {
      throw TransferRejectedException.of(
          TransferPolicies.INVALID_AMOUNT,
          Objects.requireNonNullElse(e.getMessage(), "amount does not fit " + asset.code()));
    }
  }

  /** Builds an {@link Economy}; every setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable Ledger ledger;
    private @Nullable Asset asset;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The ledger keeping balances and the economy's tables; the economy does not close it. */
    public Builder ledger(Ledger value) {
      if (value == null) {
        throw new IllegalArgumentException("ledger must not be null");
      }
      this.ledger = value;
      return this;
    }

    /** The asset of every namespace of this economy, for example {@code Asset.of("BYTES", 0)}. */
    public Builder asset(Asset value) {
      if (value == null) {
        throw new IllegalArgumentException("asset must not be null");
      }
      this.asset = value;
      return this;
    }

    /**
     * The clock deciding UTC days, cooldowns and expiry; the ledger's clock, so both agree. UTC
     * system clock by default.
     */
    public Builder clock(Clock value) {
      if (value == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = value;
      return this;
    }

    /**
     * Creates the economy's tables on first use.
     *
     * @throws IllegalStateException if the ledger or the asset is missing, or the tables have
     *     another schema version
     * @throws SourceUnavailableException if the database fails
     */
    public Economy build() {
      if (ledger == null || asset == null) {
        throw new IllegalStateException(
            "an economy needs a ledger and an asset, but had ledger="
                + ledger
                + ", asset="
                + asset);
      }
      return new Economy(ledger, asset, clock);
    }
  }
}
