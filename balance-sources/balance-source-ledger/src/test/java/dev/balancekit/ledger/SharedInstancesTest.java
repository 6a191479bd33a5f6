package dev.balancekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceManager;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferRequest;
import dev.balancekit.transfer.TransferService;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Managers attached to a ledger keep their cached balances current from the ledger's change feed:
 * on PostgreSQL, two application instances (two ledgers, two managers) on one database.
 */
class SharedInstancesTest {
  static final String NS = "ledger:guild-9";
  static final Asset COIN = Asset.of("COIN", 2);
  static final int USERS = 10;

  @TempDir Path dir;
  String schema;
  final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    Stores.POSTGRES.drop(schema);
  }

  private <T extends AutoCloseable> T keep(T resource) {
    open.add(resource);
    return resource;
  }

  private BalanceManager managerOn(Ledger ledger) {
    // An hour-long TTL: only the change feed can make a cached value move.
    return keep(
        BalanceManager.builder()
            .source(ledger)
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofHours(1), Duration.ofHours(1), 1.0)))
            .transfers(TransferService.builder().rail(ledger))
            .build());
  }

  private static AccountRef user(int i) {
    return AccountRef.of(NS, "user-" + i);
  }

  private static void awaitTotal(BalanceManager manager, AccountRef account, String expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (manager.balance(account, COIN).total().compareTo(new BigDecimal(expected)) != 0) {
      if (System.nanoTime() > deadline) {
        assertThat(manager.balance(account, COIN).total())
            .as("cached total of " + account)
            .isEqualByComparingTo(expected);
      }
      Thread.sleep(10);
    }
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aChangeMadeDirectlyOnTheLedgerReachesTheAttachedManagersCache(Stores store)
      throws Exception {
    schema = store.freshSchema();
    Ledger ledger = keep(store.open(dir, Clock.systemUTC(), schema));
    BalanceManager manager = managerOn(ledger);
    ledger.issue(user(1), COIN, new BigDecimal("10"), "seed");
    assertThat(manager.balance(user(1), COIN).total()).isEqualByComparingTo("10"); // now cached
    ledger.issue(user(1), COIN, new BigDecimal("5"), "bonus"); // not through the manager
    awaitTotal(manager, user(1), "15");
  }

  @Test
  void twoInstancesOnOnePostgresDatabaseSeeEachOthersTransfersAndKeepIntegrity() throws Exception {
    schema = Stores.POSTGRES.freshSchema();
    Ledger first = keep(Stores.POSTGRES.open(dir, Clock.systemUTC(), schema));
    Ledger second = keep(Stores.POSTGRES.open(dir, Clock.systemUTC(), schema));
    BalanceManager one = managerOn(first);
    BalanceManager two = managerOn(second);
    for (int i = 0; i < USERS; i++) {
      first.issue(user(i), COIN, new BigDecimal("100"), "seed-" + i);
    }
    assertThat(two.balance(user(1), COIN).total())
        .isEqualByComparingTo("100"); // cached by instance two
    one.transfers().submit(TransferRequest.of(user(0), user(1), COIN, new BigDecimal("7")));
    awaitTotal(two, user(1), "107"); // within the wait, not by expiry: the TTL is an hour

    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger moved = new AtomicInteger();
    List<Future<?>> work = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      BalanceManager through = t % 2 == 0 ? one : two;
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 200; i++) {
                  int from = ThreadLocalRandom.current().nextInt(USERS);
                  int to = (from + 1 + ThreadLocalRandom.current().nextInt(USERS - 1)) % USERS;
                  try {
                    through
                        .transfers()
                        .submit(
                            TransferRequest.of(
                                user(from),
                                user(to),
                                COIN,
                                BigDecimal.valueOf(
                                    1 + ThreadLocalRandom.current().nextInt(3000), 2)));
                    moved.incrementAndGet();
                  } catch (InsufficientFundsException refused) {
                    // expected now and then; it must change nothing
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : work) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(moved.get()).isPositive();
    assertThat(first.verifyIntegrity().violations()).isEmpty();
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < USERS; i++) {
      BigDecimal direct = first.fetch(user(i)).join().get(COIN).orElseThrow().total();
      assertThat(direct.signum()).isNotNegative();
      awaitTotal(one, user(i), direct.toPlainString());
      awaitTotal(two, user(i), direct.toPlainString());
      sum = sum.add(direct);
    }
    assertThat(sum).isEqualByComparingTo(BigDecimal.valueOf(100L * USERS));
  }
}
