package dev.balancekit.validation;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferGuard;
import dev.balancekit.transfer.TransferLimitExceededException;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The transfer policies of one namespace or asset, composed by {@link #custom()}. Amounts (maximum,
 * caps, confirmation threshold) are in the asset of the requests checked, so build one instance per
 * asset whose limits differ. {@link #check} refuses with the first policy that fails, in this
 * order:
 *
 * <ol>
 *   <li>{@code self_transfer}, {@code invalid_amount} ({@link TransferRejectedException}): sender
 *       is the recipient, amount not positive or beyond the asset's scale;
 *   <li>recipient checks ({@link TransferRejectedException} named as configured, for example {@code
 *       recipient_is_bot});
 *   <li>{@value #MAX_TRANSFER} ({@link TransferLimitExceededException}: limit, attempted amount);
 *   <li>send cooldown ({@link dev.balancekit.transfer.CooldownActiveException}: retryAfter);
 *   <li>{@value #DAILY_SEND_CAP}, {@value #DAILY_RECEIVE_CAP} ({@link
 *       TransferLimitExceededException}: cap, today's total including this transfer);
 *   <li>custom policies, in the order added;
 *   <li>sufficient funds ({@link InsufficientFundsException}: available, amount + fee);
 *   <li>{@value #CONFIRMATION_REQUIRED} ({@link TransferRejectedException}) at or above the
 *       confirmation threshold unless {@link PolicyContext#confirmed()}; last, so a transfer that
 *       would be refused anyway is never offered for confirmation.
 * </ol>
 *
 * <p>Limits are inclusive: exactly the maximum or a cap passes. Immutable and thread-safe if the
 * recipient checks and custom policies are.
 */
public final class TransferPolicies implements TransferPolicy {

  public static final String SELF_TRANSFER = "self_transfer";
  public static final String INVALID_AMOUNT = "invalid_amount";
  public static final String MAX_TRANSFER = "max_transfer";
  public static final String DAILY_SEND_CAP = "daily_send_cap";
  public static final String DAILY_RECEIVE_CAP = "daily_receive_cap";
  public static final String CONFIRMATION_REQUIRED = "confirmation_required";

  private final @Nullable BigDecimal maxTransfer;
  private final @Nullable BigDecimal dailySendCap;
  private final @Nullable BigDecimal dailyReceiveCap;
  private final @Nullable BigDecimal confirmationThreshold;
  private final Cooldowns cooldowns;
  private final List<RecipientCheck> recipientChecks;
  private final List<TransferPolicy> custom;

  private TransferPolicies(Builder b) {
    this.maxTransfer = b.maxTransfer;
    this.dailySendCap = b.dailySendCap;
    this.dailyReceiveCap = b.dailyReceiveCap;
    this.confirmationThreshold = b.confirmationThreshold;
    this.cooldowns =
        b.sendCooldown == null
            ? Cooldowns.custom().build()
            : Cooldowns.custom().cooldown(TransferUsage.SEND, b.sendCooldown).build();
    this.recipientChecks = List.copyOf(b.recipientChecks);
    this.custom = List.copyOf(b.custom);
  }

  /** Starts a builder; with nothing set, only the structural checks and sufficient funds apply. */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @throws NullPointerException if an argument is null
   */
  @Override
  public void check(TransferRequest request, PolicyContext context) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(context, "context");
    checkShape(request);
    for (RecipientCheck r : recipientChecks) {
      if (r.refused.test(request.to())) {
        throw TransferRejectedException.of(r.rule, r.reason + " (" + request.to() + ")");
      }
    }
    Asset asset = request.asset();
    BigDecimal amount = request.amount();
    if (maxTransfer != null && amount.compareTo(maxTransfer) > 0) {
      throw TransferLimitExceededException.of(MAX_TRANSFER, asset, maxTransfer, amount);
    }
    cooldowns.check(request.from(), TransferUsage.SEND, context.usage(), context.now());
    checkCap(
        DAILY_SEND_CAP,
        dailySendCap,
        asset,
        amount,
        () -> context.usage().sentToday(request.from(), asset, context.now()));
    checkCap(
        DAILY_RECEIVE_CAP,
        dailyReceiveCap,
        asset,
        amount,
        () -> context.usage().receivedToday(request.to(), asset, context.now()));
    for (TransferPolicy policy : custom) {
      policy.check(request, context);
    }
    if (context.senderAvailable().compareTo(amount.add(context.fee())) < 0) {
      throw InsufficientFundsException.of(
          request.from(), asset, context.senderAvailable(), amount, context.fee());
    }
    BigDecimal threshold = thresholdReachedBy(amount);
    if (threshold != null && !context.confirmed()) {
      throw TransferRejectedException.of(
          CONFIRMATION_REQUIRED,
          "sending "
              + asset.format(amount)
              + " needs confirmation (transfers of "
              + asset.format(threshold)
              + " or more)");
    }
  }

  /**
   * These policies as a guard for {@code TransferService.builder().guard(...)}. The sender's
   * available balance and the fee come from the quote; when the quote does not know the sender's
   * balance, the funds check is left to the rail's own conditional debit. Confirmation is the
   * service's job there (its {@code confirmationThreshold} and prepare/confirm), so the guard
   * treats the transfer as confirmed. {@code usage} must be told about each transfer after it
   * succeeds.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public TransferGuard asGuard(TransferUsage usage, Clock clock) {
    if (usage == null || clock == null) {
      throw new IllegalArgumentException(
          "usage and clock must not be null, but were " + usage + ", " + clock);
    }
    return (request, quote) -> {
      BigDecimal fee =
          quote.feeAsset().equals(request.asset()) ? quote.fee() : request.asset().zero();
      BigDecimal available =
          quote
              .senderAfter()
              .map(after -> after.add(quote.totalDebit()))
              .orElse(request.amount().add(fee));
      check(request, new PolicyContext(available, fee, clock.instant(), usage, true));
    };
  }

  /**
   * Whether {@code request} is at or above the confirmation threshold, for the service's quote.
   *
   * @throws NullPointerException if {@code request} is null
   */
  public boolean requiresConfirmation(TransferRequest request) {
    return thresholdReachedBy(request.amount()) != null;
  }

  /** The confirmation threshold if {@code amount} is at or above it, else null. */
  private @Nullable BigDecimal thresholdReachedBy(BigDecimal amount) {
    return confirmationThreshold != null && amount.compareTo(confirmationThreshold) >= 0
        ? confirmationThreshold
        : null;
  }

  /** The per-transfer maximum, if set. */
  public Optional<BigDecimal> maxTransfer() {
    return Optional.ofNullable(maxTransfer);
  }

  /** The send cooldowns (action {@link TransferUsage#SEND}). */
  public Cooldowns cooldowns() {
    return cooldowns;
  }

  /**
   * TransferRequest already refuses these; checked again because a policy must not trust its
   * caller.
   */
  private static void checkShape(TransferRequest request) {
    if (request.from().equals(request.to())) {
      throw TransferRejectedException.of(
          SELF_TRANSFER, "cannot send to the same account (" + request.from() + ")");
    }
    Asset asset = request.asset();
    BigDecimal amount = request.amount();
    if (amount.signum() <= 0) {
      throw TransferRejectedException.of(
          INVALID_AMOUNT,
          "amount must be positive, but was " + amount.toPlainString() + " " + asset.code());
    }
    Optional<Violation> precision = PrecisionOverflowRule.INSTANCE.inspect(asset, "amount", amount);
    if (precision.isPresent()) {
      throw TransferRejectedException.of(INVALID_AMOUNT, precision.get().message());
    }
  }

  private static void checkCap(
      String rule,
      @Nullable BigDecimal cap,
      Asset asset,
      BigDecimal amount,
      Supplier<BigDecimal> usedToday) {
    if (cap == null) {
      return;
    }
    BigDecimal attempted = usedToday.get().add(amount);
    if (attempted.compareTo(cap) > 0) {
      throw TransferLimitExceededException.of(rule, asset, cap, attempted);
    }
  }

  @Override
  public String toString() {
    return "TransferPolicies{maxTransfer="
        + maxTransfer
        + ", dailySendCap="
        + dailySendCap
        + ", dailyReceiveCap="
        + dailyReceiveCap
        + ", confirmationThreshold="
        + confirmationThreshold
        + ", "
        + cooldowns
        + ", recipientChecks="
        + recipientChecks.size()
        + ", custom="
        + custom.size()
        + '}';
  }

  private record RecipientCheck(String rule, Predicate<AccountRef> refused, String reason) {}

  /** Builds {@link TransferPolicies}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable BigDecimal maxTransfer;
    private @Nullable BigDecimal dailySendCap;
    private @Nullable BigDecimal dailyReceiveCap;
    private @Nullable BigDecimal confirmationThreshold;
    private @Nullable Duration sendCooldown;
    private final List<RecipientCheck> recipientChecks = new ArrayList<>();
    private final List<TransferPolicy> custom = new ArrayList<>();

    private Builder() {}

    /**
     * The most one transfer may move; no maximum unless set.
     *
     * @throws IllegalArgumentException if {@code amount} is null, zero or negative
     */
    public Builder maxTransfer(BigDecimal amount) {
      this.maxTransfer = positive("maxTransfer", amount);
      return this;
    }

    /**
     * What one account may send per day, this transfer included. @throws IllegalArgumentException
     * if not positive
     */
    public Builder dailySendCap(BigDecimal amount) {
      this.dailySendCap = positive("dailySendCap", amount);
      return this;
    }

    /**
     * What one account may receive per day, this transfer included. @throws
     * IllegalArgumentException if not positive
     */
    public Builder dailyReceiveCap(BigDecimal amount) {
      this.dailyReceiveCap = positive("dailyReceiveCap", amount);
      return this;
    }

    /**
     * Transfers of {@code amount} or more need confirmation. @throws IllegalArgumentException if
     * not positive
     */
    public Builder confirmationThreshold(BigDecimal amount) {
      this.confirmationThreshold = positive("confirmationThreshold", amount);
      return this;
    }

    /**
     * How long an account waits between sends. @throws IllegalArgumentException if null, zero or
     * negative
     */
    public Builder sendCooldown(Duration cooldown) {
      if (cooldown == null || cooldown.isNegative() || cooldown.isZero()) {
        throw new IllegalArgumentException("sendCooldown must be positive, but was " + cooldown);
      }
      this.sendCooldown = cooldown;
      return this;
    }

    /**
     * Refuses recipients for which {@code refused} is true, as rule {@code rule} with {@code
     * reason}, for example {@code refuseRecipients("recipient_is_bot", bots::contains, "bots cannot
     * receive transfers")}.
     *
     * @throws IllegalArgumentException if {@code rule} is not a valid rule name, or another
     *     argument is null or blank
     */
    public Builder refuseRecipients(String rule, Predicate<AccountRef> refused, String reason) {
      BalanceRule.requireName(rule);
      if (refused == null || reason == null || reason.isBlank()) {
        throw new IllegalArgumentException(
            "recipient check '"
                + rule
                + "' needs a predicate and a reason, but were "
                + "refused="
                + refused
                + ", reason="
                + (reason == null ? "null" : "'" + reason + "'"));
      }
      recipientChecks.add(new RecipientCheck(rule, refused, reason));
      return this;
    }

    /**
     * Adds a policy run after the caps and before the funds check. @throws IllegalArgumentException
     * if null
     */
    public Builder policy(TransferPolicy policy) {
      if (policy == null) {
        throw new IllegalArgumentException("policy must not be null");
      }
      custom.add(policy);
      return this;
    }

    /**
     * Builds the policies.
     *
     * @throws IllegalStateException if the confirmation threshold is above the maximum transfer (it
     *     could never apply)
     */
    public TransferPolicies build() {
      if (confirmationThreshold != null
          && maxTransfer != null
          && confirmationThreshold.compareTo(maxTransfer) > 0) {
        throw new IllegalStateException(
            "confirmationThreshold "
                + confirmationThreshold.toPlainString()
                + " is above maxTransfer "
                + maxTransfer.toPlainString()
                + ", so it could never apply");
      }
      return new TransferPolicies(this);
    }

    private static BigDecimal positive(String name, BigDecimal amount) {
      if (amount == null || amount.signum() <= 0) {
        throw new IllegalArgumentException(
            name
                + " must be positive, but was "
                + (amount == null ? "null" : amount.toPlainString()));
      }
      return amount;
    }
  }
}
