package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ManagerConcurrencyTest {
  static final Asset BTC = Asset.of("BTC", 8);

  @ParameterizedTest
  @EnumSource(
      value = SourceState.class,
      names = {"LIVE", "DEGRADED"})
  void sixteenReadersWhileUpdatesStreamInSeeNoExceptionNoRegressionAndNoLostUpdate(
      SourceState streamState) throws Exception {
    InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws");
    InMemoryBalanceSource rest = InMemoryBalanceSource.create("rest");
    List<AccountRef> accounts =
        List.of(
            AccountRef.of("kraken", "a"),
            AccountRef.of("kraken", "b"),
            AccountRef.of("kraken", "c"),
            AccountRef.of("kraken", "d"));
    int updatesPerAccount = 2_000;
    try (BalanceManager manager =
        BalanceManager.builder()
            .source(stream)
            .fallback(rest.fetchOnly())
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofHours(1), Duration.ofHours(2), 1.0)))
            .build()) {
      for (AccountRef a : accounts) {
        stream.put(a, BTC, "0");
      }
      stream.moveTo(streamState, "test");
      Map<AccountRef, List<BigDecimal>> seenByListener = new ConcurrentHashMap<>();
      CountDownLatch allDelivered = new CountDownLatch(accounts.size() * updatesPerAccount);
      manager.onUpdate(
          u -> {
            BigDecimal total = u.update().find("BTC").orElseThrow().total();
            if (total.signum() > 0) { // only the streamed updates, not the seeding ones
              seenByListener
                  .computeIfAbsent(u.account(), a -> new CopyOnWriteArrayList<>())
                  .add(total);
              allDelivered.countDown();
            }
          });

      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(16 + accounts.size());
      List<Future<Integer>> readers = new ArrayList<>();
      for (int r = 0; r < 16; r++) {
        int offset = r;
        readers.add(
            pool.submit(
                () -> {
                  Map<AccountRef, BigDecimal> last = new java.util.HashMap<>();
                  int reads = 0;
                  while (writing.get() || reads < 100) {
                    AccountRef a = accounts.get((offset + reads) % accounts.size());
                    BigDecimal total = manager.balance(a, BTC).total();
                    BigDecimal before = last.put(a, total);
                    if (before != null && total.compareTo(before) < 0) {
                      throw new AssertionError(a + " went back from " + before + " to " + total);
                    }
                    reads++;
                  }
                  return reads;
                }));
      }
      List<Future<?>> writers = new ArrayList<>();
      for (AccountRef a : accounts) {
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 1; i <= updatesPerAccount; i++) {
                    stream.put(a, BTC, Integer.toString(i));
                  }
                }));
      }
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      for (Future<Integer> r : readers) {
        assertThat(r.get(60, TimeUnit.SECONDS)).isPositive();
      }
      pool.shutdown();

      assertThat(allDelivered.await(30, TimeUnit.SECONDS)).isTrue();
      for (AccountRef a : accounts) {
        assertThat(manager.balance(a, BTC).total())
            .isEqualByComparingTo(Integer.toString(updatesPerAccount));
        List<BigDecimal> seen = seenByListener.get(a);
        assertThat(seen).hasSize(updatesPerAccount);
        for (int i = 0; i < seen.size(); i++) {
          assertThat(seen.get(i)).isEqualByComparingTo(Integer.toString(i + 1));
        }
      }
      assertThat(rest.fetchCount()).isZero();
    }
  }

  @Test
  void aThousandConcurrentReadsOfOneMissingKeyMakeExactlyOneUpstreamCall() throws Exception {
    InMemoryBalanceSource rest = InMemoryBalanceSource.create("rest");
    AccountRef account = AccountRef.of("kraken", "cold");
    rest.put(account, BTC, "42");
    try (BalanceManager manager =
        BalanceManager.builder()
            .source(rest.fetchOnly())
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofMinutes(1), Duration.ofMinutes(5), 1.0)))
            .build()) {
      rest.pause();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<CompletableFuture<Balance>>> asked = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < 1_000; i++) {
        asked.add(
            pool.submit(
                () -> {
                  start.await();
                  return manager.balanceAsync(account, BTC);
                }));
      }
      start.countDown();
      List<CompletableFuture<Balance>> reads = new ArrayList<>();
      for (Future<CompletableFuture<Balance>> f : asked) {
        reads.add(f.get(30, TimeUnit.SECONDS));
      }
      assertThat(reads).noneMatch(CompletableFuture::isDone);

      rest.resume();

      for (CompletableFuture<Balance> r : reads) {
        assertThat(r.get(30, TimeUnit.SECONDS).total()).isEqualByComparingTo("42");
      }
      assertThat(rest.fetchCount()).isEqualTo(1);
      pool.shutdown();
    }
  }

  @Test
  void aThrowingListenerDoesNotBreakOthersAndIsCounted() throws Exception {
    InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws");
    try (BalanceManager manager = BalanceManager.builder().source(stream).build()) {
      AtomicInteger good = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(10);
      manager.onUpdate(
          u -> {
            throw new IllegalStateException("listener bug");
          });
      manager.onUpdate(
          u -> {
            good.incrementAndGet();
            done.countDown();
          });
      AccountRef a = AccountRef.of("kraken", "a");
      for (int i = 0; i < 10; i++) {
        stream.put(a, BTC, Integer.toString(i));
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(good.get()).isEqualTo(10);
      awaitCondition(() -> manager.statistics().listenerFailures() == 10);
    }
  }

  @Test
  void aBlockedListenerStallsNeitherIngestionNorOtherListeners() throws Exception {
    InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws");
    try (BalanceManager manager = BalanceManager.builder().source(stream).build()) {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch fastSawAll = new CountDownLatch(100);
      AtomicInteger slowSeen = new AtomicInteger();
      manager.onUpdate(
          u -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            slowSeen.incrementAndGet();
          });
      manager.onUpdate(u -> fastSawAll.countDown());
      AccountRef a = AccountRef.of("kraken", "a");
      for (int i = 0; i < 100; i++) {
        stream.put(a, BTC, Integer.toString(i));
      }
      assertThat(fastSawAll.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(manager.balance(a, BTC).total()).isEqualByComparingTo("99");
      assertThat(slowSeen.get()).isZero();
      release.countDown();
      awaitCondition(() -> slowSeen.get() == 100);
    }
  }

  @Test
  void eventsOfOneAccountReachAListenerInOrderEvenWhenAccountsUpdateInParallel() throws Exception {
    InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws");
    try (BalanceManager manager =
        BalanceManager.builder()
            .source(stream)
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofHours(1), Duration.ofHours(1), 1.0)))
            .build()) {
      Map<AccountRef, List<BigDecimal>> seen = new ConcurrentHashMap<>();
      CountDownLatch done = new CountDownLatch(8 * 500);
      manager.onUpdate(
          u -> {
            seen.computeIfAbsent(u.account(), k -> new CopyOnWriteArrayList<>())
                .add(u.update().find("BTC").orElseThrow().total());
            done.countDown();
          });
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int t = 0; t < 8; t++) {
        AccountRef a = AccountRef.of("kraken", "acct-" + t);
        pool.submit(
            () -> {
              for (int i = 1; i <= 500; i++) {
                stream.put(a, BTC, Integer.toString(i));
              }
            });
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      pool.shutdown();
      assertThat(seen).hasSize(8);
      seen.values()
          .forEach(
              list -> {
                for (int i = 1; i < list.size(); i++) {
                  assertThat(list.get(i)).isGreaterThan(list.get(i - 1));
                }
              });
    }
  }

  @Test
  void closeLeavesNoThreadOfTheManagerBehind() throws Exception {
    List<Thread> before = managerThreads();
    InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws");
    InMemoryBalanceSource rest = InMemoryBalanceSource.create("rest");
    BalanceManager manager =
        BalanceManager.builder()
            .source(stream)
            .fallback(rest.fetchOnly())
            .config(BalanceManagerConfig.custom().restTimeout(Duration.ofMillis(50)).build())
            .build();
    CountDownLatch delivered = new CountDownLatch(50);
    manager.onUpdate(u -> delivered.countDown());
    for (int i = 0; i < 50; i++) {
      stream.put(AccountRef.of("kraken", "t" + (i % 5)), BTC, Integer.toString(i));
    }
    assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
    stream.moveTo(SourceState.DEGRADED, "test");
    rest.put(AccountRef.of("kraken", "slow"), BTC, "1");
    rest.delay(Duration.ofMillis(20));
    manager.balance(AccountRef.of("kraken", "slow"), BTC); // starts the timeout thread
    List<Thread> mine = managerThreads();
    mine.removeAll(before);
    assertThat(mine).isNotEmpty();

    manager.close();

    awaitCondition(() -> mine.stream().noneMatch(Thread::isAlive));
  }

  private static List<Thread> managerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(t -> t.getName().startsWith("balancekit-"))
        .collect(java.util.stream.Collectors.toList());
  }

  static void awaitCondition(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
