package dev.balancekit;

import static dev.balancekit.ManagerConcurrencyTest.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A listener that stops consuming must cost neither ingestion nor memory nor cached values. */
class ListenerOverloadTest {
  static final int UPDATES = 1_000_000;
  static final int ACCOUNTS = 10;
  static final int CAPACITY = 1_000;
  static final Asset BTC = Asset.of("BTC", 8);

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard, not a speed assertion
  void aMillionUpdatesPastASleepingListenerKeepEveryValueForReadsAndDropOnlyItsOldestEvents()
      throws Exception {
    InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws");
    CountDownLatch wake = new CountDownLatch(1);
    AtomicLong seen = new AtomicLong();
    Map<AccountRef, BigDecimal> lastSeen = new ConcurrentHashMap<>();
    try (BalanceManager manager =
        BalanceManager.builder()
            .source(stream)
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofMinutes(5), Duration.ofMinutes(10), 1.0)))
            .listenerQueueCapacity(CAPACITY)
            .build()) {
      manager.onUpdate(
          (BalanceEvent.Updated e) -> {
            awaitQuietly(wake); // asleep until every update has been pushed
            seen.incrementAndGet();
            lastSeen.put(e.account(), e.update().get(BTC).orElseThrow().total());
          });

      // Ingestion runs on this thread; it completes only if it never waits for the listener.
      for (int i = 1; i <= UPDATES; i++) {
        stream.put(account(i % ACCOUNTS), BTC, Integer.toString(i));
      }

      // No update is lost for reads: each account's last value is what the manager serves.
      for (int a = 0; a < ACCOUNTS; a++) {
        assertThat(manager.balance(account(a), BTC).total())
            .isEqualByComparingTo(Integer.toString(UPDATES - ((UPDATES - a) % ACCOUNTS)));
      }

      // While asleep, each account holds at most one running and CAPACITY waiting events.
      long dropped = manager.statistics().listenerEventsDropped();
      assertThat(dropped).isBetween((long) UPDATES - ACCOUNTS * (CAPACITY + 1L), (long) UPDATES);

      wake.countDown();
      awaitCondition(() -> seen.get() + dropped == UPDATES);
      assertThat(seen.get()).isBetween((long) ACCOUNTS * CAPACITY, ACCOUNTS * (CAPACITY + 1L));
      assertThat(manager.statistics().listenerEventsDropped()).isEqualTo(dropped);
      // The oldest were dropped, so the listener ends on each account's newest value.
      for (int a = 0; a < ACCOUNTS; a++) {
        assertThat(lastSeen.get(account(a)))
            .isEqualByComparingTo(manager.balance(account(a), BTC).total());
      }
    }
  }

  @Test
  void aQueueCapacityBelowOneIsRefusedWithItsValue() {
    assertThatThrownBy(() -> BalanceManager.builder().listenerQueueCapacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listenerQueueCapacity")
        .hasMessageContaining("0");
  }

  static AccountRef account(int i) {
    return AccountRef.of("ws", "acct-" + i);
  }

  static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
