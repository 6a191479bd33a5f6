package dev.balancekit.validation;

import dev.balancekit.AccountRef;
import dev.balancekit.transfer.CooldownActiveException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cooldowns per action (for example {@code send} 30 s, {@code daily_reward} 24 h), each per
 * account: after an account performs an action it must wait the action's cooldown before doing it
 * again. Immutable and thread-safe.
 */
public final class Cooldowns {

  private final Map<String, Duration> byAction;

  private Cooldowns(Map<String, Duration> byAction) {
    this.byAction = Map.copyOf(byAction);
  }

  /** Starts a builder with no cooldowns. */
  public static Builder custom() {
    return new Builder();
  }

  /** The cooldown of {@code action}, if one is set. */
  public Optional<Duration> of(String action) {
    return Optional.ofNullable(byAction.get(action));
  }

  /**
   * How long {@code account} must still wait before {@code action}; empty when it may act now (no
   * cooldown for the action, never acted, or the cooldown has passed; exactly at its end it may
   * act).
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public Optional<Duration> retryAfter(
      AccountRef account, String action, TransferUsage usage, Instant now) {
    if (account == null || action == null || usage == null || now == null) {
      throw new IllegalArgumentException(
          "account, action, usage and now must not be null, but were account="
              + account
              + ", action="
              + action
              + ", usage="
              + usage
              + ", now="
              + now);
    }
    Duration cooldown = byAction.get(action);
    if (cooldown == null) {
      return Optional.empty();
    }
    Optional<Instant> last = usage.lastAction(account, action);
    if (last.isEmpty()) {
      return Optional.empty();
    }
    Duration remaining = Duration.between(now, last.get().plus(cooldown));
    return remaining.isNegative() || remaining.isZero() ? Optional.empty() : Optional.of(remaining);
  }

  /**
   * Returns normally if {@code account} may perform {@code action} now.
   *
   * @throws CooldownActiveException with {@code retryAfter} if it must wait
   * @throws IllegalArgumentException if an argument is null
   */
  public void check(AccountRef account, String action, TransferUsage usage, Instant now) {
    Optional<Duration> wait = retryAfter(account, action, usage, now);
    if (wait.isPresent()) {
      throw CooldownActiveException.of(account, wait.get());
    }
  }

  @Override
  public String toString() {
    return "Cooldowns" + byAction;
  }

  /** Builds {@link Cooldowns}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Map<String, Duration> byAction = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the cooldown of {@code action}, replacing an earlier one.
     *
     * @throws IllegalArgumentException if {@code action} is null or blank, or {@code cooldown} is
     *     null, zero or negative
     */
    public Builder cooldown(String action, Duration cooldown) {
      if (action == null || action.isBlank()) {
        throw new IllegalArgumentException(
            "action must not be null or blank, but was "
                + (action == null ? "null" : "'" + action + "'"));
      }
      if (cooldown == null || cooldown.isNegative() || cooldown.isZero()) {
        throw new IllegalArgumentException(
            "cooldown of '" + action + "' must be positive, but was " + cooldown);
      }
      byAction.put(action, cooldown);
      return this;
    }

    public Cooldowns build() {
      return new Cooldowns(byAction);
    }
  }
}
