package dev.balancekit.examples;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.transfer.PendingTransfer;
import dev.balancekit.transfer.TransferRequest;
import dev.balancekit.transfer.TransferService;
import java.math.BigDecimal;
import java.nio.file.Path;

/** The README's ledger example, compiled and run by a test. */
public final class ReadmeLedger {
  private ReadmeLedger() {}

  /** Runs the README's economy in {@code dir}; returns Bob's balance at the end. */
  public static Balance run(Path dir) {
    // README:BEGIN
    Asset gold = Asset.of("GOLD", 0);
    AccountRef alice = AccountRef.of("ledger:guild-42", "alice");
    AccountRef bob = AccountRef.of("ledger:guild-42", "bob");
    try (Ledger ledger =
            Ledger.builder()
                .sqlite(dir.resolve("economy.db"))
                .build(); // or .postgres(url, user, pw)
        BalanceManager manager =
            BalanceManager.builder()
                .source(ledger) // reads accounts
                .cache(CaffeineBalanceCache.builder().build())
                .transfers(
                    TransferService.builder()
                        .rail(ledger) // moves value
                        .confirmationThreshold(gold, new BigDecimal("100")))
                .build()) {
      ledger.issue(
          alice, gold, new BigDecimal("500"), "starting-balance-alice"); // from the system account
      manager.transfers().submit(TransferRequest.of(alice, bob, gold, new BigDecimal("40")));
      PendingTransfer big =
          manager.transfers().prepare(TransferRequest.of(alice, bob, gold, new BigDecimal("150")));
      manager.transfers().confirm(big.id()); // or cancel(id), or let it expire
      System.out.println(ledger.verifyIntegrity()); // sums to zero, no overdraft
      return manager.balance(bob, gold); // 190 GOLD
    }
    // README:END
  }
}
