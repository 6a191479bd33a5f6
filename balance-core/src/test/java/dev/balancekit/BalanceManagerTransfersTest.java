package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import dev.balancekit.spi.TransferRail;
import dev.balancekit.transfer.InMemoryTransferRail;
import dev.balancekit.transfer.PendingTransfer;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import dev.balancekit.transfer.TransferService;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BalanceManagerTransfersTest {
  static final Asset GOLD = Asset.of("GOLD", 2);
  static final String VENUE = "ledger:guild-42";
  static final AccountRef ALICE = AccountRef.of(VENUE, "alice");
  static final AccountRef BOB = AccountRef.of(VENUE, "bob");
  static final AccountRef CAROL = AccountRef.of(VENUE, "carol");

  final ManualClock clock = ManualClock.at("2026-11-22T00:00:00Z");
  final InMemoryTransferRail ledger =
      InMemoryTransferRail.create("guild-ledger", VENUE, clock, "0.10");
  BalanceManager manager;

  @AfterEach
  void closeManager() {
    if (manager != null) {
      manager.close();
    }
  }

  /**
   * The rail is also the manager's source, and the cache keeps values for an hour: only a refresh
   * updates them.
   */
  BalanceManager.Builder managerOverLedger() {
    ledger.fund(ALICE, GOLD, "100.00");
    ledger.fund(BOB, GOLD, "5.00");
    ledger.fund(CAROL, GOLD, "1.00");
    return BalanceManager.builder()
        .source(ledger)
        .clock(clock)
        .cache(
            BalanceCache.inMemory(CachePolicy.of(Duration.ofHours(1), Duration.ofHours(2), 1.0)));
  }

  @Test
  void transfersWithoutConfigurationSaySoClearly() {
    manager = BalanceManager.builder().source(InMemoryBalanceSource.create("mem")).build();

    assertThatThrownBy(() -> manager.transfers())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no transfers configured: build the manager with transfers(rail...)");
  }

  @Test
  void transfersRefusesMissingRails() {
    assertThatThrownBy(() -> BalanceManager.builder().transfers(new TransferRail[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("transfers needs at least one rail");
    assertThatThrownBy(() -> BalanceManager.builder().transfers(ledger, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rails[1] must not be null");
    assertThatThrownBy(
            () ->
                BalanceManager.builder()
                    .source(ledger)
                    .transfers(TransferService.builder())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one rail");
  }

  @Test
  void readersAndChangeListenersSeeTheBalancesASubmitLeft() throws Exception {
    manager = managerOverLedger().transfers(ledger).build();
    assertThat(manager.balance(ALICE, GOLD).total()).isEqualByComparingTo("100");
    assertThat(manager.balance(BOB, GOLD).total()).isEqualByComparingTo("5");
    Map<AccountRef, BigDecimal> changedTo = new ConcurrentHashMap<>();
    CountDownLatch bothChanged = new CountDownLatch(2);
    manager.onChange(
        change -> {
          changedTo.put(change.account(), change.current());
          bothChanged.countDown();
        });

    TransferReceipt receipt =
        manager.transfers().submit(TransferRequest.of(ALICE, BOB, GOLD, BigDecimal.TEN));

    assertThat(receipt.replay()).isFalse();
    assertThat(manager.balance(ALICE, GOLD).total()).isEqualByComparingTo("89.90");
    assertThat(manager.balance(BOB, GOLD).total()).isEqualByComparingTo("15");
    assertThat(bothChanged.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(changedTo.get(ALICE)).isEqualByComparingTo("89.90");
    assertThat(changedTo.get(BOB)).isEqualByComparingTo("15");
  }

  @Test
  void readersSeeHoldsAfterPrepareAndTheMovementAfterConfirm() {
    manager =
        managerOverLedger()
            .transfers(
                TransferService.builder()
                    .rail(ledger)
                    .clock(clock)
                    .confirmationThreshold(GOLD, new BigDecimal("50")))
            .build();
    manager.balance(ALICE, GOLD);
    TransferRequest large = TransferRequest.of(ALICE, BOB, GOLD, new BigDecimal("60"));

    assertThatThrownBy(() -> manager.transfers().submit(large))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("confirmation_required"));
    PendingTransfer pending = manager.transfers().prepare(large);

    Balance held = manager.balance(ALICE, GOLD);
    assertThat(held.total()).isEqualByComparingTo("100");
    assertThat(held.available())
        .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("39.90"));

    manager.transfers().confirm(pending.id());

    assertThat(manager.balance(ALICE, GOLD).total()).isEqualByComparingTo("39.90");
    assertThat(manager.balance(BOB, GOLD).total()).isEqualByComparingTo("65");
  }

  @Test
  void aGroupRefreshesEveryAccountItTouched() {
    manager = managerOverLedger().transfers(ledger).build();
    List.of(ALICE, BOB, CAROL).forEach(a -> manager.balance(a, GOLD));

    manager
        .transfers()
        .submitGroup(
            List.of(
                TransferRequest.of(ALICE, BOB, GOLD, BigDecimal.TEN),
                TransferRequest.of(BOB, CAROL, GOLD, new BigDecimal("14.90"))));

    assertThat(manager.balance(ALICE, GOLD).total()).isEqualByComparingTo("89.90");
    assertThat(manager.balance(BOB, GOLD).total()).isEqualByComparingTo("0");
    assertThat(manager.balance(CAROL, GOLD).total()).isEqualByComparingTo("15.90");
  }

  @Test
  void aFailedRefreshNeverTurnsASuccessfulTransferIntoAFailure() {
    InMemoryBalanceSource broken = InMemoryBalanceSource.create("broken", clock);
    broken.failWith(new IllegalStateException("upstream down"));
    ledger.fund(ALICE, GOLD, "100.00");
    manager =
        BalanceManager.builder().source(broken.fetchOnly()).clock(clock).transfers(ledger).build();

    TransferReceipt receipt =
        manager.transfers().submit(TransferRequest.of(ALICE, BOB, GOLD, BigDecimal.ONE));

    assertThat(receipt.replay()).isFalse();
    assertThat(ledger.total(BOB, GOLD)).isEqualByComparingTo("1");
  }

  @Test
  void holdsFromRailsOnlyTransfersFollowTheManagersClock() {
    manager = managerOverLedger().transfers(ledger).build();

    PendingTransfer pending =
        manager.transfers().prepare(TransferRequest.of(ALICE, BOB, GOLD, BigDecimal.ONE));

    assertThat(pending.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
  }
}
