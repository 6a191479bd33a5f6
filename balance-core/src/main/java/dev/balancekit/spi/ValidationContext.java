package dev.balancekit.spi;

import dev.balancekit.AccountBalances;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link BalanceValidator} may compare against. Immutable and thread-safe.
 *
 * @param previous the account's view before this update, or {@code null} if none was known
 * @param others the same account as other sources report it (for example the REST snapshot a
 *     reconciliation fetched while the stream is LIVE); empty when there are none
 * @param now the manager's clock at validation time
 */
public record ValidationContext(
    @Nullable AccountBalances previous, List<AccountBalances> others, Instant now) {

  /**
   * @throws NullPointerException if {@code others} or {@code now} is null
   */
  public ValidationContext {
    others = List.copyOf(Objects.requireNonNull(others, "others"));
    Objects.requireNonNull(now, "now");
  }

  /** The previous view, if one was known. */
  public Optional<AccountBalances> previousView() {
    return Optional.ofNullable(previous);
  }
}
