package dev.balancekit.ledger;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LedgerCrashTest}: submits transfers forever and prints the key of
 * each one the ledger reported durable, until the parent kills it with SIGKILL.
 */
public final class CrashChild {
  static final Asset COIN = Asset.of("COIN", 2);
  static final AccountRef ALICE = AccountRef.of("ledger:crash", "alice");
  static final AccountRef BOB = AccountRef.of("ledger:crash", "bob");

  private CrashChild() {}

  /** The transfer with idempotency key {@code key}: always the same movement for the same key. */
  static TransferRequest transfer(String key) {
    return TransferRequest.builder()
        .from(ALICE)
        .to(BOB)
        .amount(COIN, "0.01")
        .idempotencyKey(key)
        .build();
  }

  public static void main(String[] args) {
    Stores store = Stores.valueOf(args[0]);
    String run = args[2];
    Ledger ledger =
        store.open(Path.of(args[1]), java.time.Clock.systemUTC(), args.length > 3 ? args[3] : null);
    ledger.issue(ALICE, COIN, new BigDecimal("1000000"), "seed");
    System.out.println("ready");
    System.out.flush();
    for (long n = 0; ; n++) {
      String key = "crash-" + run + "-" + n;
      ledger.submit(transfer(key));
      System.out.println(key);
      System.out.flush();
    }
  }
}
