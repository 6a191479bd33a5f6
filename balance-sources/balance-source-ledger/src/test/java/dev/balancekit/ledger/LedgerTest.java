package dev.balancekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.source.ManualClock;
import dev.balancekit.transfer.IdempotencyConflictException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.PendingTransfer;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LedgerTest {
  static final String NS = "ledger:guild-42";
  static final Asset COIN = Asset.of("COIN", 2);
  static final AccountRef ALICE = AccountRef.of(NS, "alice");
  static final AccountRef BOB = AccountRef.of(NS, "bob");
  static final AccountRef CAROL = AccountRef.of(NS, "carol");

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at("2026-11-22T12:00:00Z");
  Stores store;
  String schema;
  Ledger ledger;

  Ledger open(Stores s) {
    store = s;
    schema = s.freshSchema();
    ledger = s.open(dir, clock, schema);
    return ledger;
  }

  @AfterEach
  void tearDown() {
    if (ledger != null) {
      assertThat(ledger.verifyIntegrity().violations())
          .as("integrity after the scenario")
          .isEmpty();
      ledger.close();
      store.drop(schema);
    }
  }

  static BigDecimal total(Ledger l, AccountRef a) {
    return l.fetch(a).join().get(COIN).orElseThrow().total();
  }

  static TransferRequest send(AccountRef from, AccountRef to, String amount) {
    return TransferRequest.builder().from(from).to(to).amount(COIN, amount).build();
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void issuanceAndTransfersAreDoubleEntryAndSumToZero(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    TransferReceipt r = ledger.submit(send(ALICE, BOB, "30.25"));

    assertThat(r.replay()).isFalse();
    Balance alice = ledger.fetch(ALICE).join().get(COIN).orElseThrow();
    assertThat(alice.total()).isEqualTo(new BigDecimal("69.75"));
    assertThat(alice.available()).contains(new BigDecimal("69.75"));
    assertThat(alice.held()).contains(new BigDecimal("0.00"));
    assertThat(total(ledger, BOB)).isEqualTo(new BigDecimal("30.25"));
    assertThat(total(ledger, Ledger.systemAccount(ALICE))).isEqualTo(new BigDecimal("-100.00"));
    List<LedgerEntry> entries = ledger.entries(ALICE, COIN, 0, 10);
    assertThat(entries)
        .extracting(LedgerEntry::delta)
        .containsExactly(new BigDecimal("-30.25"), new BigDecimal("100.00"));
    assertThat(entries.get(0).balanceAfter()).isEqualTo(new BigDecimal("69.75"));
    assertThat(entries.get(0).counterparty()).isEqualTo(BOB);
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void anAccountNeverSeenHoldsZeroInACompleteView(Stores s) {
    open(s);
    AccountBalances view = ledger.fetch(AccountRef.of(NS, "newcomer")).join();
    assertThat(view.isComplete()).isTrue();
    assertThat(view.get(COIN).orElseThrow().total()).isEqualByComparingTo("0");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void insufficientFundsIsRefusedWithTheNumbersAndNothingMoves(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("4.50"), "grant-1");
    assertThatThrownBy(() -> ledger.submit(send(ALICE, BOB, "5")))
        .isInstanceOfSatisfying(
            InsufficientFundsException.class,
            e -> {
              assertThat(e.current()).isEqualByComparingTo("4.50");
              assertThat(e.required()).isEqualByComparingTo("5");
            })
        .hasMessage(
            "insufficient balance: sender ledger:guild-42/alice has 4.50 COIN but trying to send 5.00 COIN");
    assertThat(total(ledger, ALICE)).isEqualByComparingTo("4.50");
    assertThat(total(ledger, BOB)).isEqualByComparingTo("0");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aRetriedKeyHasOneEffectAndADifferentRequestWithItIsAConflict(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    TransferRequest first =
        TransferRequest.builder()
            .from(ALICE)
            .to(BOB)
            .amount(COIN, "10")
            .idempotencyKey("tip-7")
            .build();
    TransferReceipt original = ledger.submit(first);
    TransferReceipt again = ledger.submit(first);

    assertThat(again.replay()).isTrue();
    assertThat(again.transferId()).isEqualTo(original.transferId());
    assertThat(total(ledger, BOB)).isEqualByComparingTo("10");
    TransferRequest other =
        TransferRequest.builder()
            .from(ALICE)
            .to(BOB)
            .amount(COIN, "11")
            .idempotencyKey("tip-7")
            .build();
    assertThatThrownBy(() -> ledger.submit(other))
        .isInstanceOf(IdempotencyConflictException.class)
        .hasMessageContaining("tip-7");
    assertThat(total(ledger, BOB)).isEqualByComparingTo("10");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aReplayRacingTheFirstAttemptStillHasExactlyOneEffect(Stores s) throws Exception {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    TransferRequest tip =
        TransferRequest.builder()
            .from(ALICE)
            .to(BOB)
            .amount(COIN, "1")
            .idempotencyKey("race")
            .build();
    List<TransferReceipt> receipts = runConcurrently(16, () -> ledger.submit(tip));
    assertThat(receipts)
        .extracting(TransferReceipt::transferId)
        .containsOnly(receipts.get(0).transferId());
    assertThat(receipts).filteredOn(r -> !r.replay()).hasSize(1);
    assertThat(total(ledger, BOB)).isEqualByComparingTo("1");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void preparedFundsAreHeldUntilConfirmedAndConfirmingTwiceHasOneEffect(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    PendingTransfer p = ledger.prepare(send(ALICE, BOB, "40"), clock.instant().plusSeconds(60));

    Balance held = ledger.fetch(ALICE).join().get(COIN).orElseThrow();
    assertThat(held.total()).isEqualByComparingTo("100");
    assertThat(held.available()).contains(new BigDecimal("60.00"));
    assertThatThrownBy(() -> ledger.submit(send(ALICE, CAROL, "61")))
        .isInstanceOf(InsufficientFundsException.class);

    TransferReceipt confirmed = ledger.confirm(p.id());
    assertThat(total(ledger, ALICE)).isEqualByComparingTo("60");
    assertThat(total(ledger, BOB)).isEqualByComparingTo("40");
    TransferReceipt twice = ledger.confirm(p.id());
    assertThat(twice.replay()).isTrue();
    assertThat(twice.transferId()).isEqualTo(confirmed.transferId());
    assertThat(total(ledger, BOB)).isEqualByComparingTo("40");
    assertThatThrownBy(() -> ledger.cancel(p.id()))
        .isInstanceOf(TransferRejectedException.class)
        .hasMessageContaining("already confirmed");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void cancellingReleasesTheHoldOnceAndACancelledTransferCannotBeConfirmed(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    PendingTransfer p = ledger.prepare(send(ALICE, BOB, "40"), clock.instant().plusSeconds(60));
    assertThat(ledger.cancel(p.id()).state()).isEqualTo(PendingTransfer.State.CANCELLED);
    assertThat(ledger.cancel(p.id()).state()).isEqualTo(PendingTransfer.State.CANCELLED);
    assertThat(ledger.fetch(ALICE).join().get(COIN).orElseThrow().available())
        .contains(new BigDecimal("100.00"));
    assertThatThrownBy(() -> ledger.confirm(p.id()))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("pending_cancelled"));
    assertThatThrownBy(() -> ledger.confirm("no-such-id"))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("pending_unknown"));
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void confirmingAfterExpiryIsRefusedAndTheHoldIsReleased(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    PendingTransfer p = ledger.prepare(send(ALICE, BOB, "40"), clock.instant().plusSeconds(60));
    clock.advance(Duration.ofSeconds(60));
    assertThatThrownBy(() -> ledger.confirm(p.id()))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("pending_expired"));
    assertThat(ledger.fetch(ALICE).join().get(COIN).orElseThrow().available())
        .contains(new BigDecimal("100.00"));
    assertThat(total(ledger, BOB)).isEqualByComparingTo("0");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void lapsedHoldsAreReleasedInTheBackground(Stores s) throws Exception {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    ledger.prepare(send(ALICE, BOB, "40"), clock.instant().plusSeconds(60));
    clock.advance(Duration.ofSeconds(61));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ledger.fetch(ALICE).join().get(COIN).orElseThrow().held().orElseThrow().signum() != 0) {
      assertThat(System.nanoTime()).as("hold released within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aGroupIsAllOrNothingAndALegMaySpendWhatAnEarlierLegPaidIn(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    List<TransferReceipt> receipts =
        ledger.submitGroup(List.of(send(ALICE, BOB, "50"), send(BOB, CAROL, "50")));
    assertThat(receipts).hasSize(2);
    assertThat(total(ledger, CAROL)).isEqualByComparingTo("50");

    assertThatThrownBy(
            () -> ledger.submitGroup(List.of(send(ALICE, BOB, "10"), send(BOB, CAROL, "1000"))))
        .isInstanceOf(InsufficientFundsException.class);
    assertThat(total(ledger, ALICE)).as("first leg undone").isEqualByComparingTo("50");
    assertThat(total(ledger, BOB)).isEqualByComparingTo("0");
    assertThatThrownBy(() -> ledger.submitGroup(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void badInputIsRefusedClearly(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    AccountRef outsider = AccountRef.of("kraken", "x");
    assertThatThrownBy(
            () ->
                ledger.submit(
                    TransferRequest.of(
                        outsider, AccountRef.of("kraken", "y"), COIN, BigDecimal.ONE)))
        .isInstanceOf(TransferRejectedException.class)
        .hasMessageContaining("not a ledger account");
    assertThatThrownBy(
            () ->
                ledger.submit(TransferRequest.of(ALICE, BOB, Asset.of("COIN", 4), BigDecimal.ONE)))
        .isInstanceOfSatisfying(
            TransferRejectedException.class, e -> assertThat(e.rule()).isEqualTo("scale_mismatch"))
        .hasMessage(
            "transfer rejected by 'scale_mismatch': COIN is kept with 2 decimals in ledger:guild-42, not 4");
    assertThatThrownBy(() -> ledger.issue(ALICE, COIN, new BigDecimal("1e20"), "huge"))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("amount_too_large"));
    assertThatThrownBy(() -> ledger.entries(ALICE, COIN, 0, 0))
        .hasMessage("limit must be in 1..1000, but was 0");
    assertThat(total(ledger, ALICE)).isEqualByComparingTo("100");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void entriesPageNewestFirstWithACursor(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    for (int i = 1; i <= 5; i++) {
      ledger.submit(send(ALICE, BOB, Integer.toString(i)));
    }
    List<LedgerEntry> first = ledger.entries(ALICE, COIN, 0, 4);
    List<LedgerEntry> second = ledger.entries(ALICE, COIN, first.get(3).id(), 4);
    assertThat(first)
        .extracting(e -> e.delta().toPlainString())
        .containsExactly("-5.00", "-4.00", "-3.00", "-2.00");
    assertThat(second)
        .extracting(e -> e.delta().toPlainString())
        .containsExactly("-1.00", "100.00");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void auditQueriesFilterByKindTimeAndCounterparty(Stores s) {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    ledger.submit(send(ALICE, BOB, "1"));
    clock.advance(Duration.ofHours(1));
    ledger.submit(send(ALICE, CAROL, "2"));
    ledger.submit(send(ALICE, BOB, "3"));

    assertThat(ledger.entries(ALICE, COIN, EntryFilter.all().kind("issue"), 0, 10))
        .extracting(e -> e.delta().toPlainString())
        .containsExactly("100.00");
    assertThat(ledger.entries(ALICE, COIN, EntryFilter.all().counterparty(BOB), 0, 10))
        .extracting(e -> e.delta().toPlainString())
        .containsExactly("-3.00", "-1.00");
    assertThat(
            ledger.entries(
                ALICE,
                COIN,
                EntryFilter.all()
                    .kind("transfer")
                    .between(clock.instant().minusSeconds(60), clock.instant().plusSeconds(1)),
                0,
                10))
        .extracting(e -> e.delta().toPlainString())
        .containsExactly("-3.00", "-2.00");
    assertThatThrownBy(() -> EntryFilter.all().kind("wager"))
        .hasMessage("kind must be transfer, issue or burn, but was wager");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void aHundredThreadsSpendingTheWholeBalanceAtOnceSucceedExactlyOnce(Stores s) throws Exception {
    open(s);
    ledger.issue(ALICE, COIN, new BigDecimal("100"), "grant-1");
    AtomicInteger refused = new AtomicInteger();
    List<TransferReceipt> receipts =
        runConcurrently(
            100,
            () -> {
              try {
                return ledger.submit(
                    send(
                        ALICE,
                        AccountRef.of(NS, "thief-" + Thread.currentThread().getId()),
                        "100"));
              } catch (InsufficientFundsException e) {
                refused.incrementAndGet();
                return null;
              }
            });
    assertThat(receipts.stream().filter(r -> r != null)).hasSize(1);
    assertThat(refused.get()).isEqualTo(99);
    assertThat(total(ledger, ALICE)).isEqualByComparingTo("0");
  }

  @ParameterizedTest
  @EnumSource(Stores.class)
  void eightThreadsOfRandomTransfersConserveTotalsAndNeverOverdraw(Stores s) throws Exception {
    open(s);
    int accounts = 100;
    for (int i = 0; i < accounts; i++) {
      ledger.issue(AccountRef.of(NS, "u" + i), COIN, new BigDecimal("50"), "grant-" + i);
    }
    AtomicInteger successes = new AtomicInteger();
    List<Integer> receiptsPerThread =
        runConcurrently(
            8,
            () -> {
              int receipts = 0;
              ThreadLocalRandom random = ThreadLocalRandom.current();
              for (int i = 0; i < 10_000; i++) {
                int from = random.nextInt(accounts);
                int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                String amount =
                    random.nextInt(100)
                        + "."
                        + random.nextInt(10); // often more than the sender has
                try {
                  TransferReceipt r =
                      ledger.submit(
                          send(AccountRef.of(NS, "u" + from), AccountRef.of(NS, "u" + to), amount));
                  receipts += r.replay() ? 0 : 1;
                  successes.incrementAndGet();
                } catch (InsufficientFundsException expected) {
                  // refused transfers are part of the mix
                } catch (IllegalArgumentException zero) {
                  // "0.0" is not a transfer
                }
              }
              return receipts;
            });

    assertThat(receiptsPerThread.stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(successes.get());
    assertThat(successes.get()).isGreaterThan(10_000);
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < accounts; i++) {
      Balance b = ledger.fetch(AccountRef.of(NS, "u" + i)).join().get(COIN).orElseThrow();
      assertThat(b.total().signum()).isNotNegative();
      sum = sum.add(b.total());
    }
    assertThat(sum).isEqualByComparingTo("5000");
    IntegrityReport report = ledger.verifyIntegrity();
    assertThat(report.violations()).isEmpty();
    assertThat(report.accountsChecked()).isEqualTo(accounts + 1);
  }

  static <T> List<T> runConcurrently(int threads, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
