package dev.balancekit.validation;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.spi.ValidationContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Shared accounts, assets and builders for the tests. */
final class Fixtures {
  static final AccountRef ALICE = AccountRef.of("ledger:guild-42", "alice");
  static final AccountRef BOB = AccountRef.of("ledger:guild-42", "bob");
  static final Asset BTC = Asset.of("BTC", 8);
  static final Asset BYTES = Asset.of("BYTES", 0);
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  private Fixtures() {}

  static Balance total(Asset asset, String total) {
    return Balance.of(ALICE, asset, new BigDecimal(total), "stream", NOW);
  }

  static Balance.Builder balance(Asset asset, String total) {
    return total(asset, total).toBuilder();
  }

  static ValidationContext now() {
    return new ValidationContext(null, List.of(), NOW);
  }

  static ValidationContext after(Balance previous, Instant now) {
    return new ValidationContext(
        AccountBalances.partial(previous.account(), List.of(previous), now), List.of(), now);
  }

  static ValidationContext withOthers(AccountBalances... others) {
    return new ValidationContext(null, List.of(others), NOW);
  }
}
