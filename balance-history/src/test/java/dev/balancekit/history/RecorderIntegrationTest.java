package dev.balancekit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real manager feeding {@code .recorder(BalanceHistory.inMemory())}. */
class RecorderIntegrationTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);
  static final Asset ETH = Asset.of("ETH", 18);

  final InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws");
  final BalanceHistory history = BalanceHistory.inMemory();
  BalanceManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
    history.close();
  }

  List<HistoryEntry> entries(Asset asset) {
    return history
        .series(ACCOUNT, asset, Instant.EPOCH, Instant.now().plusSeconds(60), 10_000)
        .entries();
  }

  @Test
  void everyAcceptedUpdateIsRecordedInOrderAndTheManagerClosesTheHistory() throws Exception {
    manager =
        BalanceManager.builder()
            .source(stream)
            .recorder(history)
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofHours(1), Duration.ofHours(1), 1.0)))
            .changeThreshold(new BigDecimal("5"), BigDecimal.ZERO)
            .build();
    List<BalanceEvent.Changed> changed = new CopyOnWriteArrayList<>();
    manager.onChange(changed::add);
    history.addRule(AlertRule.belowWarning("low-btc", "BTC", new BigDecimal("3")));
    List<BalanceEvent.AlertRaised> alerts = new CopyOnWriteArrayList<>();
    history.onAlert(alerts::add);
    for (int i = 1; i <= 50; i++) {
      stream.put(ACCOUNT, BTC, Integer.toString(i));
    }
    stream.put(ACCOUNT, BTC, "60");
    awaitCondition(() -> entries(BTC).size() == 51);
    assertThat(entries(BTC))
        .extracting(e -> e.total().intValue())
        .startsWith(1, 2, 3)
        .endsWith(50, 60);
    assertThat(entries(BTC)).allSatisfy(e -> assertThat(e.kind()).isEqualTo(ChangeKind.UNKNOWN));
    // The manager, not the history, raises Changed with its own threshold.
    awaitCondition(() -> changed.size() == 1);
    assertThat(changed.get(0).delta()).isEqualByComparingTo("10");
    assertThat(alerts).extracting(BalanceEvent.AlertRaised::alert).containsExactly("low-btc");
    assertThat(history.trend(ACCOUNT, BTC, Duration.ofHours(1)).samples()).isEqualTo(51);

    manager.close();
    assertThatThrownBy(
            () -> history.append(ACCOUNT, BTC, Instant.now(), BigDecimal.ONE, ChangeKind.UNKNOWN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("history is closed");
  }

  @Test
  void aCompleteSnapshotRecordsZeroForAnAssetItLeavesOutAndKindsAreKept() {
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    Balance btc = Balance.of(ACCOUNT, BTC, new BigDecimal("1.00000000"), "rest", t0);
    Balance eth = Balance.of(ACCOUNT, ETH, new BigDecimal("2.000000000000000000"), "rest", t0);
    AccountBalances both = AccountBalances.snapshot(ACCOUNT, List.of(btc, eth), t0);
    BalanceHistory h =
        BalanceHistory.inMemory(
            HistoryConfig.custom()
                .clock(java.time.Clock.fixed(t0.plusSeconds(10), java.time.ZoneOffset.UTC))
                .build());
    try (h) {
      h.record(new BalanceEvent.Updated(ACCOUNT, both, both, "deposit", t0));
      AccountBalances onlyBtc = AccountBalances.snapshot(ACCOUNT, List.of(btc), t0.plusSeconds(1));
      h.record(
          new BalanceEvent.Updated(ACCOUNT, onlyBtc, onlyBtc, "transfer_out", t0.plusSeconds(1)));
      assertThat(h.at(ACCOUNT, ETH, t0.plusSeconds(5)).orElseThrow())
          .satisfies(e -> assertThat(e.total()).isEqualByComparingTo("0"))
          .satisfies(e -> assertThat(e.kind()).isEqualTo(ChangeKind.TRANSFER_OUT));
      assertThat(h.at(ACCOUNT, BTC, t0).orElseThrow().kind()).isEqualTo(ChangeKind.DEPOSIT);
    }
  }

  static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }
}
