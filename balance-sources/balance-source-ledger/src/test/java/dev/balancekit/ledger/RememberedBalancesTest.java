package dev.balancekit.ledger;

import static dev.balancekit.ledger.LedgerTest.ALICE;
import static dev.balancekit.ledger.LedgerTest.BOB;
import static dev.balancekit.ledger.LedgerTest.CAROL;
import static dev.balancekit.ledger.LedgerTest.COIN;
import static dev.balancekit.ledger.LedgerTest.send;
import static dev.balancekit.ledger.LedgerTest.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.ManualClock;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferReceipt;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The balances the writer keeps between batches (SQLite) never outlive the transaction that
 * produced them: a rolled-back batch, a job changing accounts through SQL, and another connection
 * writing the file are all seen before the next check. Run on both stores: the outcomes are the
 * same.
 */
class RememberedBalancesTest {
  @TempDir Path dir;
  final ManualClock clock = ManualClock.at("2026-11-22T12:00:00Z");
  final List<Ledger> open = new ArrayList<>();
  Stores store;
  String schema;

  Ledger open(Stores s) {
    store = s;
    if (schema == null) {
      schema = s.freshSchema();
    }
    Ledger ledger = s.open(dir, clock, schema);
    open.add(ledger);
    return ledger;
  }

  @AfterEach
  void tearDown() {
    for (Ledger ledger : open) {
      assertThat(ledger.verifyIntegrity().violations())
          .as("integrity after the scenario")
          .isEmpty();
      ledger.close();
    }
    if (store != null) {
      store.drop(schema);
    }
  }

  /** Holds the writer inside a job until released, so what is queued meanwhile forms one batch. */
  private static CountDownLatch holdWriter(Ledger ledger) throws InterruptedException {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ledger.transactAsync(
        tx -> {
          inside.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        });
    assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
    return release;
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aBatchRolledBackAndRetriedAppliesEachTransferExactlyOnce(Stores s) throws Exception {
    Ledger ledger = open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    ledger.submit(send(ALICE, BOB, "1")); // the writer now remembers both accounts

    CountDownLatch release = holdWriter(ledger);
    CompletableFuture<TransferReceipt> first = ledger.submitAsync(send(ALICE, BOB, "60"));
    AtomicInteger attempts = new AtomicInteger();
    CompletableFuture<Object> flaky =
        ledger.transactAsync(
            tx -> {
              if (attempts.incrementAndGet() == 1) {
                throw new SQLException(
                    "simulated serialization failure", "40001", 5); // the whole batch is retried
              }
              return null;
            });
    CompletableFuture<TransferReceipt> second = ledger.submitAsync(send(ALICE, CAROL, "39"));
    release.countDown();

    first.get(30, TimeUnit.SECONDS);
    flaky.get(30, TimeUnit.SECONDS);
    second.get(30, TimeUnit.SECONDS);
    assertThat(attempts.get()).as("the batch ran twice").isEqualTo(2);
    assertThat(total(ledger, ALICE)).isEqualByComparingTo("0");
    assertThat(total(ledger, BOB)).isEqualByComparingTo("61");
    assertThat(total(ledger, CAROL)).isEqualByComparingTo("39");
    // Had the first attempt's balances survived its rollback, Alice would look overdrawn here.
    assertThatThrownBy(() -> ledger.submit(send(ALICE, BOB, "0.01")))
        .isInstanceOf(InsufficientFundsException.class);
    ledger.submit(send(BOB, ALICE, "61"));
    assertThat(ledger.submit(send(ALICE, CAROL, "61")).replay()).isFalse();
    assertThat(total(ledger, ALICE)).isEqualByComparingTo("0");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aBatchThatFailsWholeLeavesNoTraceInTheBalancesChecked(Stores s) throws Exception {
    Ledger ledger = open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    ledger.submit(send(ALICE, BOB, "1"));

    CountDownLatch release = holdWriter(ledger);
    CompletableFuture<TransferReceipt> doomed = ledger.submitAsync(send(ALICE, BOB, "99"));
    CompletableFuture<Object> failing =
        ledger.transactAsync(
            tx -> {
              throw new SQLException("simulated, always", "40001", 5);
            });
    release.countDown();

    assertThatThrownBy(() -> doomed.join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(SourceUnavailableException.class);
    assertThatThrownBy(() -> failing.join()).hasCauseInstanceOf(SourceUnavailableException.class);
    assertThat(total(ledger, ALICE)).isEqualByComparingTo("99");
    // The writer must check against the database's 99, not the 0 the failed batch computed.
    assertThat(ledger.submit(send(ALICE, CAROL, "99")).replay()).isFalse();
    assertThat(total(ledger, ALICE)).isEqualByComparingTo("0");
    assertThat(total(ledger, BOB)).isEqualByComparingTo("1");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aJobChangingAccountsThroughSqlIsSeenByTheNextTransfers(Stores s) throws Exception {
    Ledger ledger = open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    ledger.submit(send(ALICE, BOB, "1"));

    CountDownLatch release = holdWriter(ledger);
    CompletableFuture<TransferReceipt> before = ledger.submitAsync(send(ALICE, BOB, "9"));
    CompletableFuture<TransferReceipt> inJob =
        ledger.transactAsync(tx -> tx.transfer(send(ALICE, CAROL, "90"), "transfer"));
    CompletableFuture<TransferReceipt> after = ledger.submitAsync(send(ALICE, BOB, "0.01"));
    release.countDown();

    before.get(30, TimeUnit.SECONDS);
    inJob.get(30, TimeUnit.SECONDS);
    assertThatThrownBy(() -> after.join()).hasCauseInstanceOf(InsufficientFundsException.class);
    assertThat(total(ledger, ALICE)).isEqualByComparingTo("0");
    assertThat(total(ledger, CAROL)).isEqualByComparingTo("90");
  }

  @Test
  void anotherLedgerWritingTheSameSqliteFileIsSeenBeforeTheNextCheck() {
    Ledger first = open(Stores.SQLITE);
    first.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    first.submit(send(ALICE, BOB, "1")); // the first writer now remembers Alice at 99

    Ledger second = open(Stores.SQLITE);
    second.submit(send(ALICE, CAROL, "99"));

    assertThatThrownBy(() -> first.submit(send(ALICE, BOB, "99")))
        .isInstanceOf(InsufficientFundsException.class);
    second.submit(send(CAROL, ALICE, "5"));
    first.submit(send(ALICE, BOB, "5"));
    assertThat(total(first, ALICE)).isEqualByComparingTo("0");
    assertThat(total(first, BOB)).isEqualByComparingTo("6");
    assertThat(total(second, CAROL)).isEqualByComparingTo("94");
  }
}
