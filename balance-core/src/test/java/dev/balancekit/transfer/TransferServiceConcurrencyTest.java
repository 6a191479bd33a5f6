package dev.balancekit.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransferServiceConcurrencyTest {
  static final Asset GOLD = Asset.of("GOLD", 2);
  static final String VENUE = "ledger:guild-42";
  static final int THREADS = 8;
  static final int TRANSFERS_PER_THREAD = 2_000;
  static final int ACCOUNTS = 20;

  @Test
  void eightThreadsOfRandomTransfersConserveTotalsNeverOverdrawAndLoseNoReceipt() throws Exception {
    InMemoryTransferRail rail =
        InMemoryTransferRail.create("guild-ledger", VENUE, Clock.systemUTC(), "0.01");
    List<AccountRef> accounts = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      AccountRef account = AccountRef.of(VENUE, "member-" + i);
      accounts.add(account);
      rail.fund(account, GOLD, "1000.00");
    }
    BigDecimal issued = rail.sum(GOLD);
    TransferService service = TransferService.builder().rail(rail).build();
    AtomicInteger succeeded = new AtomicInteger();
    AtomicInteger refusedForFunds = new AtomicInteger();
    Queue<TransferReceipt> receipts = new ConcurrentLinkedQueue<>();
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Random random = new Random(42 + t);
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    // 0.01 .. 400.00: large enough that accounts run dry and refusals happen.
                    BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(40_000), 2);
                    try {
                      receipts.add(
                          service.submit(
                              TransferRequest.of(
                                  accounts.get(from), accounts.get(to), GOLD, amount)));
                      succeeded.incrementAndGet();
                    } catch (InsufficientFundsException expected) {
                      refusedForFunds.incrementAndGet();
                    } catch (RuntimeException e) {
                      unexpected.add(e);
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> worker : workers) {
        worker.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(unexpected).isEmpty();
    assertThat(succeeded.get() + refusedForFunds.get()).isEqualTo(THREADS * TRANSFERS_PER_THREAD);
    assertThat(receipts).hasSize(succeeded.get());
    assertThat(receipts.stream().map(TransferReceipt::transferId).distinct())
        .hasSize(succeeded.get());
    assertThat(rail.sum(GOLD)).isEqualByComparingTo(issued);
    assertThat(rail.totals(GOLD)).allSatisfy(total -> assertThat(total.signum()).isNotNegative());
    assertThat(rail.total(rail.feeCollector(), GOLD))
        .isEqualByComparingTo(new BigDecimal("0.01").multiply(BigDecimal.valueOf(succeeded.get())));
  }
}
