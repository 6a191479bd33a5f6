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
import dev.balancekit.transfer.TransferException;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * Random sequences of transfers, holds (prepare, confirm, cancel, expire), groups and replays, run
 * against an SQLite ledger and a trivially correct in-memory model; after every step each account's
 * total and available amount must agree, and at the end the ledger's integrity check must pass.
 */
class LedgerModelTest {
  static final Asset COIN = Asset.of("COIN", 2);
  static final int ACCOUNTS = 4;
  static final long START_CENTS = 1_000_00;

  /** The ledger under test beside the model of what it must hold, in cents. */
  static final class State {
    final Path dir;
    final ManualClock clock = ManualClock.at("2026-11-30T12:00:00Z");
    final Ledger ledger;
    final long[] total = new long[ACCOUNTS];
    final long[] held = new long[ACCOUNTS];

    /** Pending id → {from, to, cents}. */
    final Map<String, long[]> pending = new LinkedHashMap<>();

    final List<String> resolved = new ArrayList<>();

    /** Requests that were accepted, for replays. */
    final List<TransferRequest> done = new ArrayList<>();

    final AtomicInteger keys = new AtomicInteger();

    State() {
      try {
        dir = Files.createTempDirectory("ledger-model");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ledger = Stores.SQLITE.open(dir, clock, null);
      for (int i = 0; i < ACCOUNTS; i++) {
        ledger.issue(account(i), COIN, cents(START_CENTS), "seed-" + i);
        total[i] = START_CENTS;
      }
    }

    /** Lets every hold pass its expiry and waits for the ledger to release it. */
    void expire() {
      clock.advance(Duration.ofSeconds(61));
      for (Map.Entry<String, long[]> e : pending.entrySet()) {
        held[(int) e.getValue()[0]] -= e.getValue()[2];
        resolved.add(e.getKey());
      }
      pending.clear();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!released() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20); // the ledger's sweeper releases expired holds within its sweep interval
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private boolean released() {
      for (int i = 0; i < ACCOUNTS; i++) {
        var available = ledger.fetch(account(i)).join().get(COIN).orElseThrow().available();
        if (available.isPresent() && available.get().compareTo(cents(available(i))) != 0) {
          return false;
        }
      }
      return true;
    }

    long available(int i) {
      return total[i] - held[i];
    }

    TransferRequest request(int from, int to, long cents) {
      return TransferRequest.builder()
          .from(account(from))
          .to(account(to))
          .amount(COIN, cents(cents))
          .idempotencyKey("k-" + keys.incrementAndGet())
          .build();
    }

    /** Every account as the ledger reports it equals the model. */
    void agree(String after) {
      for (int i = 0; i < ACCOUNTS; i++) {
        AccountBalances view = ledger.fetch(account(i)).join();
        Balance b = view.get(COIN).orElseThrow();
        assertThat(b.total())
            .as("total of a%d after %s", i, after)
            .isEqualByComparingTo(cents(total[i]));
        if (b.available().isPresent()) {
          assertThat(b.available().get())
              .as("available of a%d after %s", i, after)
              .isEqualByComparingTo(cents(available(i)));
        }
      }
    }
  }

  static AccountRef account(int i) {
    return AccountRef.of("ledger:model", "a" + i);
  }

  static BigDecimal cents(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }

  @Property(tries = 10)
  void theLedgerAgreesWithTheModelAfterEveryStep(@ForAll("chains") ActionChain<State> chain) {
    chain.withInvariant("ledger equals model", s -> s.agree("the last step"));
    State end = chain.run();
    try {
      assertThat(end.ledger.verifyIntegrity().violations()).isEmpty();
    } finally {
      end.ledger.close();
    }
  }

  @Provide
  Arbitrary<ActionChain<State>> chains() {
    return ActionChain.<State>startWith(State::new)
        .withAction(3, independent(transfer()))
        .withAction(2, independent(prepare()))
        .withAction(new Resolve())
        .withAction(independent(group()))
        .withAction(new Replay())
        .withAction(Action.just(Transformer.mutate("expire holds", State::expire)))
        .withMaxTransformations(40);
  }

  static Action.Independent<State> independent(Arbitrary<Transformer<State>> transformers) {
    return () -> transformers;
  }

  static Arbitrary<int[]> pair() {
    return Combinators.combine(
            Arbitraries.integers().between(0, ACCOUNTS - 1),
            Arbitraries.integers().between(1, ACCOUNTS - 1))
        .as((from, shift) -> new int[] {from, (from + shift) % ACCOUNTS});
  }

  static Arbitrary<Long> amount() {
    return Arbitraries.longs().between(1, 1_500_00);
  }

  static Arbitrary<Transformer<State>> transfer() {
    return Combinators.combine(pair(), amount())
        .as(
            (p, c) ->
                Transformer.mutate(
                    "transfer " + c + " a" + p[0] + "->a" + p[1],
                    s -> {
                      TransferRequest r = s.request(p[0], p[1], c);
                      if (s.available(p[0]) >= c) {
                        s.ledger.submit(r);
                        s.total[p[0]] -= c;
                        s.total[p[1]] += c;
                        s.done.add(r);
                      } else {
                        assertThatThrownBy(() -> s.ledger.submit(r))
                            .isInstanceOf(InsufficientFundsException.class);
                      }
                    }));
  }

  static Arbitrary<Transformer<State>> prepare() {
    return Combinators.combine(pair(), amount())
        .as(
            (p, c) ->
                Transformer.mutate(
                    "prepare " + c + " a" + p[0] + "->a" + p[1],
                    s -> {
                      TransferRequest r = s.request(p[0], p[1], c);
                      if (s.available(p[0]) >= c) {
                        PendingTransfer hold =
                            s.ledger.prepare(r, s.clock.instant().plus(Duration.ofSeconds(60)));
                        s.held[p[0]] += c;
                        s.pending.put(hold.id(), new long[] {p[0], p[1], c});
                      } else {
                        assertThatThrownBy(
                                () ->
                                    s.ledger.prepare(
                                        r, s.clock.instant().plus(Duration.ofSeconds(60))))
                            .isInstanceOf(InsufficientFundsException.class);
                      }
                    }));
  }

  /** Confirms or cancels a pending transfer; a second resolution of one has no effect. */
  static final class Resolve implements Action.Dependent<State> {
    @Override
    public boolean precondition(State s) {
      return !s.pending.isEmpty() || !s.resolved.isEmpty();
    }

    @Override
    public Arbitrary<Transformer<State>> transformer(State s) {
      List<String> ids = new ArrayList<>(s.pending.keySet());
      ids.addAll(s.resolved);
      return Combinators.combine(Arbitraries.of(ids), Arbitraries.of(true, false))
          .as(
              (id, confirm) ->
                  Transformer.mutate(
                      (confirm ? "confirm " : "cancel ") + id,
                      state -> {
                        long[] t = state.pending.remove(id);
                        if (t
                            == null) { // resolved before: refused or a no-op, never a second effect
                          try {
                            if (confirm) {
                              state.ledger.confirm(id);
                            } else {
                              state.ledger.cancel(id);
                            }
                          } catch (TransferException refused) {
                            // expected for most second resolutions
                          }
                          return;
                        }
                        int from = (int) t[0];
                        state.held[from] -= t[2];
                        if (confirm) {
                          state.ledger.confirm(id);
                          state.total[from] -= t[2];
                          state.total[(int) t[1]] += t[2];
                        } else {
                          state.ledger.cancel(id);
                        }
                        state.resolved.add(id);
                      }));
    }
  }

  static Arbitrary<Transformer<State>> group() {
    return Combinators.combine(pair(), amount(), pair(), amount())
        .as(
            (p1, c1, p2, c2) ->
                Transformer.mutate(
                    "group [" + c1 + " a" + p1[0] + "->a" + p1[1] + ", " + c2 + " a" + p2[0] + "->a"
                        + p2[1] + "]",
                    s -> {
                      long[] available = new long[ACCOUNTS];
                      for (int i = 0; i < ACCOUNTS; i++) {
                        available[i] = s.available(i);
                      }
                      // Simulated in order: the second leg may spend what the first paid in.
                      boolean ok = available[p1[0]] >= c1;
                      available[p1[0]] -= c1;
                      available[p1[1]] += c1;
                      ok &= available[p2[0]] >= c2;
                      List<TransferRequest> legs =
                          List.of(s.request(p1[0], p1[1], c1), s.request(p2[0], p2[1], c2));
                      if (ok) {
                        List<TransferReceipt> receipts = s.ledger.submitGroup(legs);
                        assertThat(receipts).hasSize(2);
                        s.total[p1[0]] -= c1;
                        s.total[p1[1]] += c1;
                        s.total[p2[0]] -= c2;
                        s.total[p2[1]] += c2;
                      } else {
                        assertThatThrownBy(() -> s.ledger.submitGroup(legs))
                            .isInstanceOf(TransferException.class);
                      }
                    }));
  }

  /**
   * Repeats an accepted request: same key and request is a replay, same key and another amount a
   * conflict.
   */
  static final class Replay implements Action.Dependent<State> {
    @Override
    public boolean precondition(State s) {
      return !s.done.isEmpty();
    }

    @Override
    public Arbitrary<Transformer<State>> transformer(State s) {
      return Combinators.combine(Arbitraries.of(List.copyOf(s.done)), Arbitraries.of(true, false))
          .as(
              (r, same) ->
                  Transformer.mutate(
                      (same ? "replay " : "conflicting replay ") + r.idempotencyKey(),
                      state -> {
                        if (same) {
                          assertThat(state.ledger.submit(r).replay()).isTrue();
                        } else {
                          TransferRequest other =
                              TransferRequest.builder()
                                  .from(r.from())
                                  .to(r.to())
                                  .amount(COIN, r.amount().add(cents(1)))
                                  .idempotencyKey(r.idempotencyKey())
                                  .build();
                          assertThatThrownBy(() -> state.ledger.submit(other))
                              .isInstanceOf(IdempotencyConflictException.class);
                        }
                      }));
    }
  }
}
