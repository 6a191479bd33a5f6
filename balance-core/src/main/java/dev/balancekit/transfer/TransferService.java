package dev.balancekit.transfer;

import dev.balancekit.Asset;
import dev.balancekit.BalanceManager;
import dev.balancekit.internal.DefaultTransferService;
import dev.balancekit.spi.TransferRail;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Moves value between accounts: picks the {@link TransferRail} that supports the accounts, applies
 * the confirmation threshold, runs the {@link TransferGuard guards} and only then lets the rail
 * price or execute. Idempotency is the rail's duty: retrying a request with the same idempotency
 * key returns the original receipt marked {@linkplain TransferReceipt#replay() replay}.
 *
 * <p>Guards run in order before the rail executes anything, on {@link #submit}, {@link #prepare}
 * and every leg of {@link #submitGroup}; the first refusal is thrown and the rail is not asked to
 * move value. {@link #quote} runs every guard too, but does not throw for their refusals: it
 * reports each as an {@link dev.balancekit.Severity#ERROR ERROR} issue in {@link
 * TransferQuote#validation()}, so one call shows the fee and every reason a submit would be
 * refused.
 *
 * <p>When built with a {@link BalanceManager}, the service refreshes the manager's view of every
 * account a successful operation touched before it returns, so reads and listeners see the new
 * balances. A failed refresh is logged and never turns a successful transfer into a failure.
 *
 * <p>Thread-safe: one service serves every thread of an application.
 */
public interface TransferService {

  /** Starts a builder. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Prices {@code request} without moving anything: the rail's fee and balances after, {@link
   * TransferQuote#confirmationRequired()} set when the amount is at or above the asset's
   * confirmation threshold (or the rail asks for it), and the guards' refusals as ERROR issues in
   * {@link TransferQuote#validation()}.
   *
   * @throws IllegalArgumentException if {@code request} is null
   * @throws TransferRejectedException with rule {@code no_rail} if no rail supports the accounts
   * @throws TransferException subclasses the rail throws when the venue is certain to refuse (for
   *     example {@link InsufficientFundsException})
   */
  TransferQuote quote(TransferRequest request);

  /**
   * Executes {@code request} now. When this returns, the transfer is durable on the rail.
   *
   * @throws IllegalArgumentException if {@code request} is null
   * @throws TransferRejectedException with rule {@code confirmation_required} if the amount needs
   *     {@link #prepare} and {@link #confirm}; with rule {@code no_rail} if no rail supports the
   *     accounts; or when a guard or the venue refuses
   * @throws InsufficientFundsException if the sender cannot cover amount and fee
   * @throws TransferLimitExceededException if a guard's limit would be passed
   * @throws CooldownActiveException if a guard says the sender must wait
   * @throws RecipientNotOptedInException if the recipient cannot receive the asset
   * @throws IdempotencyConflictException if the key was used for a different transfer
   */
  TransferReceipt submit(TransferRequest request);

  /**
   * Holds {@code request}'s amount and fee for the sender until {@link #confirm}, {@link #cancel}
   * or the end of the service's hold duration. Any amount may be prepared; amounts at or above the
   * confirmation threshold must be.
   *
   * @throws IllegalArgumentException if {@code request} is null
   * @throws TransferRejectedException with rule {@code unsupported} if the rail cannot hold funds,
   *     {@code no_rail}, or when a guard or the venue refuses
   * @throws TransferException other subclasses as {@link #submit}
   */
  PendingTransfer prepare(TransferRequest request);

  /**
   * Executes a prepared transfer. Guards are not run again: they passed when the funds were held.
   * Confirming twice has one effect and returns the same receipt marked replay.
   *
   * @throws IllegalArgumentException if {@code pendingId} is null or blank
   * @throws TransferRejectedException with rule {@code pending_expired}, {@code pending_cancelled}
   *     or {@code pending_unknown}
   */
  TransferReceipt confirm(String pendingId);

  /**
   * Releases a prepared transfer's hold. Cancelling a cancelled or expired one does nothing.
   *
   * @return the transfer in its final state
   * @throws IllegalArgumentException if {@code pendingId} is null or blank
   * @throws TransferRejectedException with rule {@code pending_confirmed} or {@code
   *     pending_unknown}
   */
  PendingTransfer cancel(String pendingId);

  /**
   * Executes {@code requests} all or nothing, in order, on one rail, so a leg may spend what an
   * earlier leg paid in. A group cannot be confirmed, so a leg at or above the confirmation
   * threshold refuses the whole group.
   *
   * @return one receipt per leg, in order
   * @throws IllegalArgumentException if {@code requests} is null or empty, holds a null element, or
   *     two legs share an idempotency key
   * @throws TransferRejectedException with rule {@code mixed_rails} if the legs need different
   *     rails, {@code confirmation_required} if a leg needs confirmation, or when a guard or the
   *     venue refuses; nothing moved
   * @throws TransferException other subclasses as {@link #submit}; nothing moved
   */
  List<TransferReceipt> submitGroup(List<TransferRequest> requests);

  /**
   * Builds a {@link TransferService}. Each setter checks its argument at once and names it in the
   * {@link IllegalArgumentException}; {@link #build()} checks combinations. Not thread-safe.
   */
  final class Builder {
    private static final Duration DEFAULT_HOLD = Duration.ofSeconds(60);
    private static final Duration DEFAULT_REFRESH_TIMEOUT = Duration.ofSeconds(5);

    private final List<TransferRail> rails = new ArrayList<>();
    private final List<TransferGuard> guards = new ArrayList<>();
    private final Map<Asset, BigDecimal> confirmationThresholds = new LinkedHashMap<>();
    private @Nullable BalanceManager balanceManager;
    private Clock clock = Clock.systemUTC();
    private Duration holdDuration = DEFAULT_HOLD;
    private Duration refreshTimeout = DEFAULT_REFRESH_TIMEOUT;

    private Builder() {}

    /**
     * Adds a rail. A transfer goes to the first rail, in the order added, that supports both
     * accounts. At least one is required.
     */
    public Builder rail(TransferRail rail) {
      rails.add(requireNonNull("rail", rail));
      return this;
    }

    /** Adds a guard, run after the guards added before it. */
    public Builder guard(TransferGuard guard) {
      guards.add(requireNonNull("guard", guard));
      return this;
    }

    /**
     * Requires {@link #prepare} and {@link #confirm} for transfers of {@code asset} whose amount is
     * at or above {@code amount}. Replaces an earlier threshold of the same asset. None by default.
     *
     * @throws IllegalArgumentException if either is null, or {@code amount} is not positive or has
     *     more decimals than the asset allows
     */
    public Builder confirmationThreshold(Asset asset, BigDecimal amount) {
      requireNonNull("asset", asset);
      BigDecimal exact = asset.amount("confirmation threshold", amount);
      if (exact.signum() <= 0) {
        throw new IllegalArgumentException(
            "confirmation threshold must be positive, but was " + asset.format(exact));
      }
      confirmationThresholds.put(asset, exact);
      return this;
    }

    /** How long {@link #prepare} holds funds before the hold lapses; 60 s by default. */
    public Builder holdDuration(Duration hold) {
      this.holdDuration = requirePositive("holdDuration", hold);
      return this;
    }

    /**
     * The manager whose view of the accounts is refreshed after every successful operation. None by
     * default; {@link BalanceManager.Builder#transfers} sets it to the manager it builds.
     */
    public Builder balanceManager(BalanceManager manager) {
      this.balanceManager = requireNonNull("balanceManager", manager);
      return this;
    }

    /**
     * How long an operation waits for the manager's refresh before it returns anyway (the refresh
     * goes on and is logged if it fails); 5 s by default.
     */
    public Builder refreshTimeout(Duration timeout) {
      this.refreshTimeout = requirePositive("refreshTimeout", timeout);
      return this;
    }

    /** The clock that dates holds; the UTC system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull("clock", clock);
      return this;
    }

    /**
     * Builds the service.
     *
     * @throws IllegalStateException if no rail was added, or two rails share a name or instance
     */
    public TransferService build() {
      if (rails.isEmpty()) {
        throw new IllegalStateException(
            "a transfer service needs at least one rail: call rail(...)");
      }
      Set<String> names = new HashSet<>();
      Set<TransferRail> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (TransferRail r : rails) {
        if (!seen.add(r) || !names.add(r.name())) {
          throw new IllegalStateException(
              "rail names must be unique, but '" + r.name() + "' appears twice");
        }
      }
      return new DefaultTransferService(
          List.copyOf(rails),
          List.copyOf(guards),
          Map.copyOf(confirmationThresholds),
          balanceManager,
          clock,
          holdDuration,
          refreshTimeout);
    }

    private static <T> T requireNonNull(String name, T value) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }

    private static Duration requirePositive(String name, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, but was " + value);
      }
      return value;
    }
  }
}
