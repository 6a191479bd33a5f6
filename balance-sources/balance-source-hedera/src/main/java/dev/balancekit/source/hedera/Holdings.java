package dev.balancekit.source.hedera;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one Mirror Node read says an account holds, before it is attributed to an {@link
 * AccountRef}: amounts already checked against their assets' scales.
 *
 * @param account the account read
 * @param assets HBAR first, then each token
 * @param complete whether every asset is listed (false when a token had to be left out)
 * @param observedAt when the mirror's data was current
 * @param receivedAt when the answer arrived
 * @param accountTimestamp the account's own {@code balance.timestamp}, when the read carried one
 */
record Holdings(
    EntityId account,
    List<Held> assets,
    boolean complete,
    Instant observedAt,
    Instant receivedAt,
    @Nullable Instant accountTimestamp) {

  /** HBAR: 8 decimals, amounts in tinybars on the wire. */
  static final Asset HBAR = Asset.of("HBAR", 8);

  /** One asset's amount. */
  record Held(Asset asset, BigDecimal amount) {}

  Holdings {
    assets = List.copyOf(assets);
  }

  /**
   * The balances of {@code ref} (which must be this account, possibly written with a checksum) from
   * {@code source}.
   */
  AccountBalances toBalances(AccountRef ref, String source) {
    List<Balance> balances = new ArrayList<>(assets.size());
    for (Held h : assets) {
      balances.add(
          Balance.builder(ref, h.asset())
              .total(h.amount())
              .source(source)
              .observedAt(observedAt)
              .receivedAt(receivedAt)
              .build());
    }
    return AccountBalances.of(ref, balances, complete, receivedAt);
  }
}
