package dev.balancekit.examples;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.Freshness;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.source.InMemoryBalanceSource;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's usage example, compiled and run by a test so the README stays true. */
public final class ReadmeUsage {
  private static final Logger log = LoggerFactory.getLogger(ReadmeUsage.class);

  private ReadmeUsage() {}

  /**
   * Runs the example against a stream that already holds {@code btcTotal} BTC; returns what it
   * read.
   */
  public static Balance run(String btcTotal) {
    // README:BEGIN
    InMemoryBalanceSource stream =
        InMemoryBalanceSource.create("kraken-ws"); // any StreamingBalanceSource
    InMemoryBalanceSource rest = InMemoryBalanceSource.create("kraken-rest"); // any BalanceSource
    // README:END
    stream.put(AccountRef.of("kraken", "main"), Asset.of("BTC", 8), btcTotal);
    // README:BEGIN
    try (BalanceManager manager =
        BalanceManager.builder()
            .source(stream) // answers from its view while LIVE
            .fallback(rest.fetchOnly()) // tried, with timeout and circuit breaker, when it is not
            .cache(
                CaffeineBalanceCache.builder()
                    .ttl(Duration.ofSeconds(30))
                    .maximumSize(10_000)
                    .refreshAhead(0.8)
                    .maxStaleness(Duration.ofMinutes(10))
                    .build())
            .config(BalanceManagerConfig.custom().restTimeout(Duration.ofSeconds(5)).build())
            .build()) {
      AccountRef account = AccountRef.of("kraken", "main");
      manager.onChange(c -> log.info("{} {} -> {}", c.asset().code(), c.previous(), c.current()));
      Balance btc = manager.balance(account, Asset.of("BTC", 8)); // or balanceAsync(...)
      if (btc.freshness() == Freshness.STALE) log.warn("stale for {}", btc.ageAt(Instant.now()));
      System.out.println(manager.status()); // sources, circuits, cache hits, tracked accounts
      // README:END
      return btc;
    }
  }
}
