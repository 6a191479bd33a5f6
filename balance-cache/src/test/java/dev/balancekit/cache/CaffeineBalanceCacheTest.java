package dev.balancekit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.BalanceUnavailableException;
import dev.balancekit.CacheStats;
import dev.balancekit.Freshness;
import dev.balancekit.SourceState;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.BalanceCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CaffeineBalanceCacheTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);

  final ManualClock clock = ManualClock.at("2026-11-22T00:00:00Z");
  final InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws", clock);
  final InMemoryBalanceSource rest = InMemoryBalanceSource.create("rest", clock);
  final List<BalanceEvent> events = new CopyOnWriteArrayList<>();
  CaffeineBalanceCache cache;
  BalanceManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  BalanceManager restOnly(CaffeineBalanceCache.Builder builder) {
    cache = builder.build();
    manager = BalanceManager.builder().source(rest.fetchOnly()).cache(cache).clock(clock).build();
    manager.onEvent(events::add);
    return manager;
  }

  @Test
  void defaultsComeFromTheManagerConfig() {
    CaffeineBalanceCache c = CaffeineBalanceCache.builder().build();
    assertThat(c.policy().ttl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(c.maximumSize()).isEqualTo(1000);
    assertThat(c.policy().maxStaleness()).isEqualTo(Duration.ofHours(1));
    CaffeineBalanceCache custom =
        CaffeineBalanceCache.builder(
                BalanceManagerConfig.custom()
                    .cacheMaxSize(5)
                    .cacheDefaultTtl(Duration.ofHours(2))
                    .build())
            .build();
    assertThat(custom.maximumSize()).isEqualTo(5);
    assertThat(custom.policy().maxStaleness())
        .as("never below the TTL")
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void builderRejectsEachBadArgumentNamingIt() {
    var b = CaffeineBalanceCache.builder();
    assertThatThrownBy(() -> b.ttl(Duration.ZERO)).hasMessage("ttl must be positive, but was PT0S");
    assertThatThrownBy(() -> b.maximumSize(0))
        .hasMessage("maximumSize must be at least 1, but was 0");
    assertThatThrownBy(() -> b.refreshAhead(0))
        .hasMessage("refreshAhead must be in (0, 1], but was 0.0");
    assertThatThrownBy(() -> b.refreshAhead(Double.NaN)).hasMessageContaining("NaN");
    assertThatThrownBy(() -> b.maxStaleness(Duration.ofSeconds(-1))).hasMessageContaining("PT-1S");
    assertThatThrownBy(
            () ->
                CaffeineBalanceCache.builder()
                    .ttl(Duration.ofMinutes(10))
                    .maxStaleness(Duration.ofMinutes(5))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be at least ttl");
  }

  @Test
  void withinTtlReadsAreServedFromTheCacheAfterItAFetch() {
    restOnly(CaffeineBalanceCache.builder().ttl(Duration.ofSeconds(30)));
    rest.put(ACCOUNT, BTC, "1");
    assertThat(manager.balance(ACCOUNT, BTC).freshness()).isEqualTo(Freshness.LIVE);
    clock.advance(Duration.ofSeconds(29));
    assertThat(manager.balance(ACCOUNT, BTC).freshness()).isEqualTo(Freshness.CACHED);
    clock.advance(Duration.ofSeconds(2));
    assertThat(manager.balance(ACCOUNT, BTC).freshness()).isEqualTo(Freshness.LIVE);
    assertThat(rest.fetchCount()).isEqualTo(2);
  }

  @Test
  void staleIfErrorServesTheLastValueUpToMaxStalenessThenFailsWithTheLastError() {
    restOnly(
        CaffeineBalanceCache.builder()
            .ttl(Duration.ofSeconds(30))
            .maxStaleness(Duration.ofMinutes(10)));
    rest.put(ACCOUNT, BTC, "2");
    manager.balance(ACCOUNT, BTC);
    rest.failWith(new IllegalStateException("HTTP 502 from upstream"));
    clock.advance(Duration.ofMinutes(9));

    Balance stale = manager.balance(ACCOUNT, BTC);
    assertThat(stale.freshness()).isEqualTo(Freshness.STALE);
    assertThat(stale.ageAt(clock.instant())).isEqualTo(Duration.ofMinutes(9));
    assertThat(stale.total()).isEqualByComparingTo("2");

    clock.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> manager.balance(ACCOUNT, BTC))
        .isInstanceOfSatisfying(
            BalanceUnavailableException.class,
            e -> assertThat(e.getCause()).hasMessage("HTTP 502 from upstream"));
  }

  @Test
  void refreshAheadServesTheOldValueAndReloadsInTheBackground() {
    restOnly(CaffeineBalanceCache.builder().ttl(Duration.ofSeconds(30)).refreshAhead(0.5));
    rest.put(ACCOUNT, BTC, "1");
    manager.balance(ACCOUNT, BTC);
    rest.put(ACCOUNT, BTC, "1.5");
    clock.advance(Duration.ofSeconds(10));
    assertThat(manager.balance(ACCOUNT, BTC).total()).isEqualByComparingTo("1");
    assertThat(rest.fetchCount()).as("not yet due").isEqualTo(1);
    clock.advance(Duration.ofSeconds(10));
    Balance served = manager.balance(ACCOUNT, BTC);
    assertThat(served.total()).isEqualByComparingTo("1");
    assertThat(served.freshness()).isEqualTo(Freshness.CACHED);
    assertThat(rest.fetchCount()).isEqualTo(2);
    assertThat(manager.balance(ACCOUNT, BTC).total()).isEqualByComparingTo("1.5");
  }

  @Test
  void sizeBoundEvictsAndSaysSo() throws Exception {
    restOnly(CaffeineBalanceCache.builder().maximumSize(10));
    for (int i = 0; i < 100; i++) {
      AccountRef a = AccountRef.of("kraken", "acct-" + i);
      rest.put(a, BTC, Integer.toString(i));
      manager.balance(a, BTC);
    }
    cache.cleanUp();
    assertThat(cache.stats().size()).isLessThanOrEqualTo(10);
    await(() -> cache.stats().evictions() >= 90); // removal notices run on Caffeine's executor
    await(
        () ->
            events.stream()
                    .filter(
                        e ->
                            e instanceof BalanceEvent.Evicted ev
                                && ev.cause() == BalanceCache.RemovalCause.SIZE)
                    .count()
                >= 90);
  }

  @Test
  void sweepDropsValuesPastTheStalenessBoundThatNobodyReadsAndSaysSo() throws Exception {
    restOnly(
        CaffeineBalanceCache.builder()
            .ttl(Duration.ofSeconds(30))
            .maxStaleness(Duration.ofMinutes(1)));
    rest.put(ACCOUNT, BTC, "1");
    manager.balance(ACCOUNT, BTC);
    clock.advance(Duration.ofSeconds(59));
    cache.sweep(clock.instant());
    assertThat(cache.stats().size()).as("still servable as stale").isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    cache.sweep(clock.instant());
    assertThat(cache.stats().size()).isZero();
    await(
        () ->
            events.stream()
                .anyMatch(
                    e ->
                        e instanceof BalanceEvent.Evicted ev
                            && ev.cause() == BalanceCache.RemovalCause.EXPIRED));
  }

  @Test
  void valuesPinnedByALiveStreamOutliveTheStalenessBoundUntilTheStreamDrops() {
    cache =
        CaffeineBalanceCache.builder()
            .ttl(Duration.ofSeconds(30))
            .maxStaleness(Duration.ofMinutes(1))
            .build();
    manager =
        BalanceManager.builder()
            .source(stream)
            .fallback(rest.fetchOnly())
            .cache(cache)
            .clock(clock)
            .build();
    stream.put(ACCOUNT, BTC, "3");
    clock.advance(Duration.ofHours(1));
    cache.sweep(clock.instant());
    assertThat(cache.stats().size()).isEqualTo(1);

    stream.moveTo(SourceState.DEGRADED, "dropped");
    rest.failWith(new IllegalStateException("down"));
    assertThat(manager.balance(ACCOUNT, BTC).freshness()).isEqualTo(Freshness.CACHED);
    clock.advance(Duration.ofSeconds(45));
    assertThat(manager.balance(ACCOUNT, BTC).freshness()).isEqualTo(Freshness.STALE);
    clock.advance(Duration.ofSeconds(30));
    cache.sweep(clock.instant());
    assertThat(cache.stats().size()).isZero();
  }

  @Test
  void statisticsReachTheManagersStatus() {
    restOnly(CaffeineBalanceCache.builder().ttl(Duration.ofSeconds(30)));
    rest.put(ACCOUNT, BTC, "1");
    manager.balance(ACCOUNT, BTC); // miss + load
    manager.balance(ACCOUNT, BTC); // hit
    manager.balance(ACCOUNT, BTC); // hit
    rest.failWith(new IllegalStateException("down"));
    assertThatThrownBy(
        () -> manager.balance(AccountRef.of("kraken", "other"), BTC)); // miss + failed load

    CacheStats stats = manager.status().cache();
    assertThat(stats.hits()).isEqualTo(2);
    assertThat(stats.misses()).isGreaterThanOrEqualTo(2);
    assertThat(stats.loadSuccesses()).isEqualTo(1);
    assertThat(stats.loadFailures()).isEqualTo(1);
    assertThat(stats.hitRate()).isBetween(0.3, 0.67);
    assertThat(stats.averageLoadTime()).isGreaterThanOrEqualTo(Duration.ZERO);
    assertThat(manager.statistics().cacheHitRate()).isEqualTo(stats.hitRate());
  }

  @Test
  void withoutStatisticsOnlyTheSizeIsReported() {
    restOnly(CaffeineBalanceCache.builder().recordStats(false));
    rest.put(ACCOUNT, BTC, "1");
    manager.balance(ACCOUNT, BTC);
    manager.balance(ACCOUNT, BTC);
    assertThat(cache.stats()).isEqualTo(new CacheStats(0, 0, 0, 1, 0, 0, 0));
  }

  @Test
  void aThousandConcurrentReadsOfAnExpiredKeyMakeOneUpstreamCall() throws Exception {
    restOnly(CaffeineBalanceCache.builder().ttl(Duration.ofSeconds(30)));
    rest.put(ACCOUNT, BTC, "1");
    manager.balance(ACCOUNT, BTC);
    clock.advance(Duration.ofMinutes(1));
    rest.put(ACCOUNT, BTC, "2");
    rest.pause();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<CompletableFuture<Balance>>> asked = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      asked.add(pool.submit(() -> manager.balanceAsync(ACCOUNT, BTC)));
    }
    List<CompletableFuture<Balance>> reads = new ArrayList<>();
    for (Future<CompletableFuture<Balance>> f : asked) {
      reads.add(f.get(30, TimeUnit.SECONDS));
    }
    rest.resume();
    for (CompletableFuture<Balance> r : reads) {
      assertThat(r.get(30, TimeUnit.SECONDS).total()).isEqualByComparingTo("2");
    }
    assertThat(rest.fetchCount()).isEqualTo(2);
    pool.shutdown();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
