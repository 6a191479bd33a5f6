package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A recorded total that differs from the one before it in its series.
 *
 * <p>Immutable and thread-safe.
 *
 * @param previous the total before, or {@code null} when this is the first entry kept
 * @param delta {@code current - previous}, or {@code current} for a first entry
 */
public record BalanceChange(
    AccountRef account,
    Asset asset,
    Instant at,
    @Nullable BigDecimal previous,
    BigDecimal current,
    BigDecimal delta,
    ChangeKind kind) {
  /**
   * @throws NullPointerException if any argument except {@code previous} is null
   */
  public BalanceChange {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(kind, "kind");
  }

  /** The total before, if an earlier entry is kept. */
  public Optional<BigDecimal> previousTotal() {
    return Optional.ofNullable(previous);
  }
}
