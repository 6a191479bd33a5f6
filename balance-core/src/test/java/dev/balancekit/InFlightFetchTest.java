package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.BalanceSource;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A fetch that has finished is never joined by a later read. */
class InFlightFetchTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);

  final ManualClock clock = ManualClock.at("2026-11-22T00:00:00Z");
  final List<CompletableFuture<AccountBalances>> fetches = new CopyOnWriteArrayList<>();
  final BalanceSource manual =
      new BalanceSource() {
        @Override
        public String name() {
          return "manual";
        }

        @Override
        public CompletableFuture<AccountBalances> fetch(AccountRef account) {
          CompletableFuture<AccountBalances> f = new CompletableFuture<>();
          fetches.add(f);
          return f;
        }
      };

  @Test
  void aReadMadeAsTheFetchCompletesStartsANewFetchInsteadOfJoiningTheOldOne() {
    try (BalanceManager manager =
        BalanceManager.builder().source(manual).clock(clock).cache(BalanceCache.none()).build()) {
      // Runs inside the first fetch's completion, where the old code still found it registered.
      CompletableFuture<CompletableFuture<Balance>> readAgain =
          manager.balanceAsync(ACCOUNT, BTC).thenApply(first -> manager.balanceAsync(ACCOUNT, BTC));
      fetches
          .get(0)
          .complete(
              AccountBalances.snapshot(
                  ACCOUNT,
                  List.of(
                      Balance.builder(ACCOUNT, BTC)
                          .total(BigDecimal.ONE)
                          .source("manual")
                          .observedAt(clock.instant())
                          .build()),
                  clock.instant()));
      assertThat(readAgain).isDone();
      assertThat(fetches).as("the second read's own fetch").hasSize(2);
      assertThat(readAgain.join()).isNotDone();
    }
  }
}
