package dev.balancekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceManager;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.PendingTransfer;
import dev.balancekit.transfer.TransferLimitExceededException;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import dev.balancekit.transfer.TransferService;
import dev.balancekit.validation.InMemoryTransferUsage;
import dev.balancekit.validation.TransferPolicies;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger as both the manager's source and its transfer rail, the way a chat-bot economy uses
 * it.
 */
class LedgerWithManagerTest {
  static final Asset GOLD = Asset.of("GOLD", 0);
  static final AccountRef ALICE = AccountRef.of("ledger:guild-42", "alice");
  static final AccountRef BOB = AccountRef.of("ledger:guild-42", "bob");

  @TempDir Path dir;

  @Test
  void theValidationModulesPoliciesGuardLedgerTransfers() {
    InMemoryTransferUsage usage = InMemoryTransferUsage.create(java.time.ZoneOffset.UTC);
    TransferPolicies policies =
        TransferPolicies.custom()
            .maxTransfer(new BigDecimal("50"))
            .refuseRecipients(
                "recipient_is_bot", a -> a.id().startsWith("bot-"), "bots cannot receive transfers")
            .build();
    try (Ledger ledger = Ledger.builder().sqlite(dir.resolve("guarded.db")).build();
        BalanceManager manager =
            BalanceManager.builder()
                .source(ledger)
                .transfers(
                    TransferService.builder()
                        .rail(ledger)
                        .guard(policies.asGuard(usage, java.time.Clock.systemUTC())))
                .build()) {
      ledger.issue(ALICE, GOLD, new BigDecimal("500"), "start-alice");

      assertThatThrownBy(
              () ->
                  manager
                      .transfers()
                      .submit(TransferRequest.of(ALICE, BOB, GOLD, new BigDecimal("51"))))
          .isInstanceOfSatisfying(
              TransferLimitExceededException.class,
              e -> assertThat(e.limit()).isEqualByComparingTo("50"));
      assertThatThrownBy(
              () ->
                  manager
                      .transfers()
                      .submit(
                          TransferRequest.of(
                              ALICE,
                              AccountRef.of("ledger:guild-42", "bot-7"),
                              GOLD,
                              BigDecimal.ONE)))
          .isInstanceOfSatisfying(
              TransferRejectedException.class,
              e -> assertThat(e.rule()).isEqualTo("recipient_is_bot"));
      manager.transfers().submit(TransferRequest.of(ALICE, BOB, GOLD, new BigDecimal("50")));
      assertThat(manager.balance(BOB, GOLD).total()).isEqualByComparingTo("50");
    }
  }

  @Test
  void transfersThroughTheManagerAreReadBackAndHeard() throws Exception {
    try (Ledger ledger = Ledger.builder().sqlite(dir.resolve("economy.db")).build();
        BalanceManager manager =
            BalanceManager.builder()
                .source(ledger)
                .cache(
                    BalanceCache.inMemory(
                        CachePolicy.of(Duration.ofHours(1), Duration.ofHours(1), 1.0)))
                .transfers(
                    TransferService.builder()
                        .rail(ledger)
                        .confirmationThreshold(GOLD, new BigDecimal("100")))
                .build()) {
      ledger.issue(ALICE, GOLD, new BigDecimal("500"), "start-alice");
      List<BalanceEvent.Changed> changes = new CopyOnWriteArrayList<>();
      manager.onChange(changes::add);
      assertThat(manager.balance(ALICE, GOLD).total()).isEqualByComparingTo("500");
      assertThat(manager.balance(BOB, GOLD).total()).isEqualByComparingTo("0");

      manager.transfers().submit(TransferRequest.of(ALICE, BOB, GOLD, new BigDecimal("40")));

      assertThat(manager.balance(ALICE, GOLD).total()).isEqualByComparingTo("460");
      assertThat(manager.balance(BOB, GOLD).total()).isEqualByComparingTo("40");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (changes.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(changes)
          .extracting(c -> c.account().id())
          .containsExactlyInAnyOrder("alice", "bob");

      assertThatThrownBy(
              () ->
                  manager
                      .transfers()
                      .submit(TransferRequest.of(BOB, ALICE, GOLD, new BigDecimal("41"))))
          .isInstanceOf(InsufficientFundsException.class)
          .hasMessageContaining("has 40 GOLD but trying to send 41 GOLD");

      TransferRequest big = TransferRequest.of(ALICE, BOB, GOLD, new BigDecimal("150"));
      assertThatThrownBy(() -> manager.transfers().submit(big))
          .isInstanceOfSatisfying(
              TransferRejectedException.class,
              e -> assertThat(e.rule()).isEqualTo("confirmation_required"));
      PendingTransfer pending = manager.transfers().prepare(big);
      assertThat(manager.balance(ALICE, GOLD).available()).contains(new BigDecimal("310"));
      manager.transfers().confirm(pending.id());
      assertThat(manager.balance(BOB, GOLD).total()).isEqualByComparingTo("190");

      assertThat(ledger.verifyIntegrity().isSound()).isTrue();
    }
  }
}
