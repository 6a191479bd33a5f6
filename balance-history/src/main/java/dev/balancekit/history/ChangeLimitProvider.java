package dev.balancekit.history;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Hook for {@link AlertType#LIMIT_EXCEEDED}: the largest change of one update allowed for an
 * account and asset. The validation module's change limits plug in here (for example {@code
 * (account, asset) -> rules.maxChange(account, asset)}); history does not depend on it.
 *
 * <p>Implementations must be thread-safe and fast; they are called for every recorded entry a limit
 * rule covers. An exception is logged and treated as "no limit".
 */
@FunctionalInterface
public interface ChangeLimitProvider {
  /** The limit on the absolute change of one update, or empty for none. */
  Optional<BigDecimal> maxChange(AccountRef account, Asset asset);
}
