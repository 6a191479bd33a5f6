package dev.balancekit.source.hedera;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.source.http.Futures;
import dev.balancekit.spi.BalanceSource;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Test helper: waits for a fetch and unwraps its failure. */
final class Fetch {
  private Fetch() {}

  static AccountBalances of(BalanceSource source, AccountRef account) {
    try {
      return source.fetch(account).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CompletionException(Futures.unwrap(e));
    }
  }

  static Throwable failure(BalanceSource source, AccountRef account) {
    try {
      source.fetch(account).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return Futures.unwrap(e);
    }
    throw new AssertionError("the fetch of " + account + " did not fail");
  }
}
