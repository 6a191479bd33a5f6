package dev.balancekit.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.source.ManualClock;
import dev.balancekit.transfer.CooldownActiveException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferException;
import dev.balancekit.transfer.TransferLimitExceededException;
import dev.balancekit.transfer.TransferRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Random sequences of daily claims across UTC days, sends (refused by every policy, or pending and
 * then confirmed, cancelled or left to expire), opt-outs, admin operations, reversals and
 * configuration changes, run against an SQLite economy and a trivially correct in-memory model.
 * After every step each member's standing, the raw ledger balances, the leaderboard, the pending
 * sends, the new audit rows and the ledger's integrity must agree with the model; every refusal
 * must be the documented typed exception and change nothing.
 */
class EconomyModelTest {
  static final String NS = "model";
  static final Asset BYTES = Asset.of("BYTES", 2);
  static final int USERS = 4;
  static final Member ADMIN = Member.of("mod", "Moderator");
  static final long NEVER = Long.MIN_VALUE;

  /** Every world this try opened, closed after it whether it passed or not. */
  private final List<World> opened = new ArrayList<>();

  @Property(tries = 20)
  void theEconomyAgreesWithTheModelAfterEveryStep(@ForAll("chains") ActionChain<World> chain) {
    chain.withInvariant("economy equals model", World::agree);
    chain.run();
  }

  @AfterTry
  void closeWorlds() {
    opened.forEach(World::close);
    opened.clear();
  }

  @Provide
  Arbitrary<ActionChain<World>> chains() {
    return ActionChain.<World>startWith(
            () -> {
              World w = new World();
              opened.add(w);
              return w;
            })
        .withAction(3, independent(advance()))
        .withAction(3, independent(claim()))
        .withAction(5, independent(send()))
        .withAction(5, new Resolve())
        .withAction(1, independent(optOut()))
        .withAction(2, independent(admin()))
        .withAction(1, new Reverse())
        .withAction(1, independent(configure()))
        .withMaxTransformations(60);
  }

  // ------------------------------------------------------------------ the model

  /**
   * The namespace's settings as the model reads them, in cents; 0 means none for the optional
   * limits and the cooldown, which are positive when set.
   */
  record Rules(
      long start,
      long reward,
      long bonus,
      long bonusCap,
      int grace,
      long max,
      long threshold,
      long cooldownSeconds,
      long sendCap,
      long receiveCap,
      long taxBasisPoints,
      boolean optOutAllowed) {

    static final Rules DEFAULTS =
        new Rules(100_00, 50_00, 10_00, 100_00, 0, 10_000_00, 100_00, 60, 0, 0, 0, true);

    /** The daily reward for a claim making a streak of {@code streak} days. */
    long rewardFor(int streak) {
      return reward + Math.min(bonus * (streak - 1), bonusCap);
    }

    /** The tax on {@code cents}, rounded down to a cent. */
    long taxOn(long cents) {
      return cents * taxBasisPoints / 10_000;
    }

    NamespaceConfig toConfig() {
      return NamespaceConfig.custom()
          .startingBalance(money(start))
          .dailyReward(money(reward))
          .streakBonus(money(bonus))
          .streakBonusCap(money(bonusCap))
          .streakGraceDays(grace)
          .maxTransfer(max == 0 ? null : money(max))
          .confirmationThreshold(threshold == 0 ? null : money(threshold))
          .sendCooldown(Duration.ofSeconds(cooldownSeconds))
          .dailySendCap(sendCap == 0 ? null : money(sendCap))
          .dailyReceiveCap(receiveCap == 0 ? null : money(receiveCap))
          .taxPercent(BigDecimal.valueOf(taxBasisPoints, 2))
          .optOutAllowed(optOutAllowed)
          .build();
    }

    @Override
    public String toString() {
      return "start="
          + money(start)
          + " reward="
          + money(reward)
          + "+"
          + money(bonus)
          + "/day≤"
          + money(bonusCap)
          + " grace="
          + grace
          + " max="
          + (max == 0 ? "none" : money(max))
          + " confirm≥"
          + (threshold == 0 ? "never" : money(threshold))
          + " cooldown="
          + cooldownSeconds
          + "s sendCap="
          + (sendCap == 0 ? "none" : money(sendCap))
          + " receiveCap="
          + (receiveCap == 0 ? "none" : money(receiveCap))
          + " tax="
          + BigDecimal.valueOf(taxBasisPoints, 2)
          + "% optOut="
          + optOutAllowed;
    }
  }

  /** One member as the model keeps them. */
  static final class User {
    final String id;

    /** Has a row: some action of theirs, or a send to them, committed. */
    boolean seen;

    /** Was granted the starting balance (their first own action, or an admin's on them). */
    boolean started;

    /** What the ledger holds for them, in cents. */
    long ledger;

    int streak;
    long lastClaimDay = NEVER;
    boolean optedOut;
    Instant lastSend = Instant.MIN;
    long totalSent;
    long totalReceived;
    final Map<Long, Long> sentOn = new HashMap<>();
    final Map<Long, Long> receivedOn = new HashMap<>();

    User(String id) {
      this.id = id;
    }
  }

  /** A send waiting for confirmation; {@code status} as stored. */
  static final class Pending {
    final String id;
    final int from;
    final int to;
    final long amount;
    final long tax;
    final Instant expiresAt;
    String status = "PENDING";

    Pending(String id, int from, int to, long amount, long tax, Instant expiresAt) {
      this.id = id;
      this.from = from;
      this.to = to;
      this.amount = amount;
      this.tax = tax;
      this.expiresAt = expiresAt;
    }
  }

  /** A completed send, for reversals. */
  static final class Sent {
    final String transferId;
    final int from;
    final int to;
    final long amount;
    final long tax;
    boolean reversed;

    Sent(String transferId, int from, int to, long amount, long tax) {
      this.transferId = transferId;
      this.from = from;
      this.to = to;
      this.amount = amount;
      this.tax = tax;
    }
  }

  /** What the model expects a refused operation to throw; {@code rule} empty when it has none. */
  record Refusal(Class<? extends Exception> type, String rule) {
    static Refusal rejected(String rule) {
      return new Refusal(TransferRejectedException.class, rule);
    }

    static Refusal limit(String rule) {
      return new Refusal(TransferLimitExceededException.class, rule);
    }
  }

  /** The economy under test beside the model of what it must hold. */
  static final class World {
    final Path dir;
    final ManualClock clock = ManualClock.at("2026-11-22T12:00:00Z");
    final Ledger ledger;
    final Economy economy;

    Rules rules = Rules.DEFAULTS;
    final User[] users = new User[USERS];
    final List<Pending> pending = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();

    /** Audit rows the current step must add, as {@code ACTION:account}. */
    final List<String> events = new ArrayList<>();

    long eventCursor;

    World() {
      try {
        dir = Files.createTempDirectory("economy-model");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ledger = Ledger.builder().clock(clock).sqlite(dir.resolve("economy.db")).build();
      economy = Economy.builder().ledger(ledger).asset(BYTES).clock(clock).build();
      for (int i = 0; i < USERS; i++) {
        users[i] = new User(id(i));
      }
    }

    void close() {
      ledger.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temporary directory is harmless
      }
    }

    long today() {
      return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
    }

    Instant nextMidnight() {
      return LocalDate.ofEpochDay(today() + 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** What the member holds as shown: a starting balance not yet granted counts. */
    long shown(User u) {
      return u.ledger + (u.started ? 0 : rules.start);
    }

    /** The streak still alive today: more than the grace days missed breaks it. */
    int liveStreak(User u) {
      return u.lastClaimDay != NEVER && today() - u.lastClaimDay <= 1L + rules.grace ? u.streak : 0;
    }

    /** The member's first own action (or an admin's on them): a row and the starting balance. */
    void touchAndStart(User u) {
      u.seen = true;
      if (!u.started) {
        u.started = true;
        if (rules.start > 0) {
          u.ledger += rules.start;
          events.add("START:" + u.id);
        }
      }
    }

    /**
     * The largest amount the member can send with its tax out of what they have (or are about to be
     * granted).
     */
    long allFunds(User from) {
      long available = from.ledger + (from.started ? 0 : rules.start);
      long amount = available * 10_000 / (10_000 + rules.taxBasisPoints);
      while (amount + 1 + rules.taxOn(amount + 1) <= available) {
        amount++;
      }
      while (amount > 0 && amount + rules.taxOn(amount) > available) {
        amount--;
      }
      return amount;
    }

    /** The first policy a send (or confirmation) breaks, in the documented order; null if none. */
    Refusal policies(User from, User to, long amount, long tax) {
      Instant now = clock.instant();
      if (rules.optOutAllowed && to.optedOut) {
        return Refusal.rejected("recipient_opted_out");
      }
      if (rules.max > 0 && amount > rules.max) {
        return Refusal.limit("max_transfer");
      }
      if (rules.cooldownSeconds > 0
          && now.isBefore(from.lastSend.plusSeconds(rules.cooldownSeconds))) {
        return new Refusal(CooldownActiveException.class, "cooldown");
      }
      if (rules.sendCap > 0 && from.sentOn.getOrDefault(today(), 0L) + amount > rules.sendCap) {
        return Refusal.limit("daily_send_cap");
      }
      if (rules.receiveCap > 0
          && to.receivedOn.getOrDefault(today(), 0L) + amount > rules.receiveCap) {
        return Refusal.limit("daily_receive_cap");
      }
      long available = from.ledger + (from.started ? 0 : rules.start);
      if (available < amount + tax) {
        return new Refusal(InsufficientFundsException.class, "insufficient_funds");
      }
      return null;
    }

    void complete(int f, int t, long amount, long tax, SendResult r) {
      User from = users[f];
      User to = users[t];
      assertThat(r.status()).as("status").isEqualTo(SendResult.Status.COMPLETED);
      assertThat(r.amount()).as("amount").isEqualByComparingTo(money(amount));
      assertThat(r.tax()).as("tax").isEqualByComparingTo(money(tax));
      from.ledger -= amount + tax;
      to.ledger += amount;
      from.sentOn.merge(today(), amount, Long::sum);
      to.receivedOn.merge(today(), amount, Long::sum);
      from.totalSent += amount;
      to.totalReceived += amount;
      from.lastSend = clock.instant();
      events.add("SEND:" + from.id);
      sent.add(new Sent(r.id(), f, t, amount, tax));
      assertThat(r.senderBalance()).as("sender's balance").isEqualByComparingTo(money(shown(from)));
      assertThat(r.recipientBalance())
          .as("recipient's balance")
          .isEqualByComparingTo(money(shown(to)));
    }

    /** Asserts the documented refusal; the invariant then checks that nothing changed. */
    void refused(ThrowingCallable call, Refusal expected) {
      assertThat(catchThrowable(call))
          .as("refused by " + expected.rule())
          .isInstanceOf(expected.type())
          .satisfies(
              e -> {
                if (e instanceof TransferException t) {
                  assertThat(t.rule()).as("rule").isEqualTo(expected.rule());
                }
              });
    }

    /** The economy equals the model. */
    void agree() {
      long today = today();
      Instant now = clock.instant();
      for (User u : users) {
        BalanceView v = economy.balance(NS, u.id);
        String who = u.id + " at " + now;
        assertThat(v.balance()).as("balance of " + who).isEqualByComparingTo(money(shown(u)));
        assertThat(v.streak()).as("streak of " + who).isEqualTo(liveStreak(u));
        boolean available = u.lastClaimDay < today;
        assertThat(v.dailyAvailable()).as("daily available to " + who).isEqualTo(available);
        assertThat(v.nextDailyAt())
            .as("next daily of " + who)
            .isEqualTo(available ? now : nextMidnight());
        assertThat(v.totalSent()).as("sent by " + who).isEqualByComparingTo(money(u.totalSent));
        assertThat(v.totalReceived())
            .as("received by " + who)
            .isEqualByComparingTo(money(u.totalReceived));
        assertThat(v.optedOut()).as("opted out: " + who).isEqualTo(u.optedOut);
        BigDecimal held =
            ledger
                .fetch(AccountRef.of(Economy.venueOf(NS), u.id))
                .join()
                .get(BYTES)
                .map(Balance::total)
                .orElse(BYTES.zero());
        assertThat(held).as("ledger balance of " + who).isEqualByComparingTo(money(u.ledger));
      }
      assertThat(economy.leaderboard(NS, 10).stream().map(e -> e.userId() + "=" + e.balance()))
          .as("leaderboard")
          .containsExactlyElementsOf(
              Stream.of(users)
                  .filter(u -> u.seen)
                  .sorted(Comparator.comparingLong((User u) -> -shown(u)).thenComparing(u -> u.id))
                  .map(u -> u.id + "=" + money(shown(u)))
                  .toList());
      assertThat(storedPending())
          .as("pending sends")
          .containsExactlyInAnyOrderElementsOf(
              pending.stream()
                  .map(
                      p ->
                          p.id
                              + " "
                              + id(p.from)
                              + "->"
                              + id(p.to)
                              + " "
                              + p.amount
                              + "+"
                              + p.tax
                              + " until "
                              + p.expiresAt
                              + " "
                              + p.status)
                  .toList());
      List<AuditEvent> rows = economy.events(NS, eventCursor, 1000);
      assertThat(rows.stream().map(e -> e.action() + ":" + e.accountId()))
          .as("audit rows of the step")
          .containsExactlyElementsOf(events);
      events.clear();
      if (!rows.isEmpty()) {
        eventCursor = rows.get(rows.size() - 1).id();
      }
      assertThat(ledger.verifyIntegrity().violations()).as("ledger integrity").isEmpty();
    }

    /** The pending sends as stored: there is no public query for them. */
    List<String> storedPending() {
      return ledger.transact(
          tx -> {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement ps =
                tx.connection()
                    .prepareStatement(
                        "SELECT id, from_user, to_user, amount, tax, expires_at, status"
                            + " FROM bk_eco_pending WHERE namespace = ?")) {
              ps.setString(1, NS);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  rows.add(
                      rs.getString(1)
                          + " "
                          + rs.getString(2)
                          + "->"
                          + rs.getString(3)
                          + " "
                          + rs.getLong(4)
                          + "+"
                          + rs.getLong(5)
                          + " until "
                          + Session.instant(rs.getLong(6))
                          + " "
                          + rs.getString(7));
                }
              }
            }
            return rows;
          });
    }
  }

  static String id(int i) {
    return "u" + i;
  }

  static Member member(int i) {
    return Member.of(id(i), "User " + i);
  }

  static BigDecimal money(long cents) {
    return BigDecimal.valueOf(cents, 2);
  }

  /** The amount in cents if the economy accepts it as a positive amount, else -1. */
  static long cents(BigDecimal amount) {
    if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 2) {
      return -1;
    }
    return amount.movePointRight(2).longValueExact();
  }

  static Action.Independent<World> independent(Arbitrary<Transformer<World>> transformers) {
    return () -> transformers;
  }

  static Arbitrary<Integer> user() {
    return Arbitraries.integers().between(0, USERS - 1);
  }

  // ------------------------------------------------------------------ actions

  /** A move of the clock, computed when it runs. */
  record Wait(String label, Function<World, Duration> by) {
    void apply(World w) {
      w.clock.advance(by.apply(w));
    }
  }

  /**
   * Seconds around the cooldown and expiry, the cooldown itself, to and just before midnight, whole
   * days.
   */
  static Arbitrary<Wait> waits() {
    Arbitrary<Wait> seconds =
        Arbitraries.of(1L, 30L, 59L, 60L, 61L, 3599L, 3600L, 4L * 3600)
            .map(s -> new Wait(s + " s", w -> Duration.ofSeconds(s)));
    Arbitrary<Wait> days =
        Arbitraries.frequency(Tuple.of(4, 1), Tuple.of(1, 2), Tuple.of(1, 3), Tuple.of(1, 4))
            .map(d -> new Wait(d + " d", w -> Duration.ofDays(d)));
    Arbitrary<Wait> random =
        Arbitraries.longs()
            .between(1, 40 * 3600)
            .map(s -> new Wait(s + " s", w -> Duration.ofSeconds(s)));
    Arbitrary<Wait> edges =
        Arbitraries.of(0L, 1L)
            .map(
                before ->
                    new Wait(
                        before == 0 ? "to midnight" : "to 1 s before midnight",
                        w ->
                            Duration.between(w.clock.instant(), w.nextMidnight())
                                .minusSeconds(before)));
    Arbitrary<Wait> cooldown =
        Arbitraries.of(
            new Wait("the cooldown", w -> Duration.ofSeconds(w.rules.cooldownSeconds)),
            new Wait(
                "the cooldown - 1 s",
                w -> Duration.ofSeconds(Math.max(0, w.rules.cooldownSeconds - 1))));
    return Arbitraries.frequencyOf(
        Tuple.of(2, seconds),
        Tuple.of(3, days),
        Tuple.of(1, random),
        Tuple.of(2, edges),
        Tuple.of(1, cooldown));
  }

  static Arbitrary<Transformer<World>> advance() {
    return waits().map(wait -> Transformer.mutate("advance " + wait.label(), wait::apply));
  }

  /** A daily claim: once per UTC day, the streak growing, broken after more than the grace days. */
  static Arbitrary<Transformer<World>> claim() {
    // u0 claims most, so that streaks grow long enough to meet the bonus cap and the grace days.
    Arbitrary<Integer> claimer =
        Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3));
    Arbitrary<Wait> first =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(new Wait("", w -> Duration.ZERO))),
            Tuple.of(
                3,
                Arbitraries.of(
                    new Wait("1 d", w -> Duration.ofDays(1)),
                    new Wait(
                        "to midnight",
                        w -> Duration.between(w.clock.instant(), w.nextMidnight())))),
            Tuple.of(1, waits()));
    return Combinators.combine(claimer, first)
        .as(
            (i, wait) ->
                Transformer.mutate(
                    (wait.label().isEmpty() ? "" : "advance " + wait.label() + ", ")
                        + "claim u"
                        + i,
                    w -> {
                      wait.apply(w);
                      User u = w.users[i];
                      if (u.lastClaimDay == w.today()) {
                        Instant next = w.nextMidnight();
                        assertThatThrownBy(() -> w.economy.claimDaily(NS, member(i)))
                            .isInstanceOfSatisfying(
                                DailyRewardClaimedException.class,
                                e -> assertThat(e.nextClaimAt()).isEqualTo(next));
                        return;
                      }
                      int streak = w.liveStreak(u) + 1;
                      long amount = w.rules.rewardFor(streak);
                      ClaimResult r = w.economy.claimDaily(NS, member(i));
                      w.touchAndStart(u);
                      u.ledger += amount;
                      u.streak = streak;
                      u.lastClaimDay = w.today();
                      w.events.add("CLAIM:" + u.id);
                      assertThat(r.streak()).as("streak").isEqualTo(streak);
                      assertThat(r.amount()).as("reward").isEqualByComparingTo(money(amount));
                      assertThat(r.balance()).as("balance").isEqualByComparingTo(money(w.shown(u)));
                      assertThat(r.nextClaimAt()).isEqualTo(w.nextMidnight());
                    }));
  }

  /** An amount to send, fixed or computed from the model when the send runs. */
  record Amount(String label, BiFunction<World, User, BigDecimal> of) {
    static Amount fixed(BigDecimal amount) {
      return new Amount(amount.toPlainString(), (w, from) -> amount);
    }
  }

  /**
   * Random and boundary amounts, invalid ones, and amounts at the edges of the current rules and
   * the sender's funds.
   */
  static Arbitrary<Amount> amount() {
    Arbitrary<Amount> relative =
        Arbitraries.of(
            new Amount("the threshold", (w, from) -> money(Math.max(1, w.rules.threshold))),
            new Amount(
                "the threshold - 0.01", (w, from) -> money(Math.max(1, w.rules.threshold - 1))),
            new Amount(
                "halfway from the threshold to all they can",
                (w, from) -> money(Math.max(1, (w.rules.threshold + w.allFunds(from)) / 2))),
            new Amount("the maximum", (w, from) -> money(Math.max(1, w.rules.max))),
            new Amount("the maximum + 0.01", (w, from) -> money(w.rules.max + 1)),
            new Amount("all they can", (w, from) -> money(Math.max(1, w.allFunds(from)))),
            new Amount("all they can + 0.01", (w, from) -> money(w.allFunds(from) + 1)));
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.longs().between(1, 60_00).map(c -> Amount.fixed(money(c)))),
        Tuple.of(2, Arbitraries.longs().between(60_00, 160_00).map(c -> Amount.fixed(money(c)))),
        Tuple.of(5, relative),
        Tuple.of(
            1,
            Arbitraries.of(
                    money(0),
                    money(-1_00),
                    new BigDecimal("0.005"),
                    new BigDecimal("5.000"),
                    money(250_00),
                    money(10_000_01))
                .map(Amount::fixed)));
  }

  /** A send from one member to another (or themselves), through every policy. */
  static Arbitrary<Transformer<World>> send() {
    Arbitrary<Integer> shift =
        Arbitraries.frequency(Tuple.of(1, 0), Tuple.of(3, 1), Tuple.of(3, 2), Tuple.of(3, 3));
    // u0 sends most, so that its sends meet its cooldown and daily cap.
    Arbitrary<Integer> sender =
        Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3));
    return Combinators.combine(sender, shift, amount())
        .as(
            (f, by, choice) -> {
              int t = (f + by) % USERS;
              return Transformer.mutate(
                  "send " + choice.label() + " u" + f + "->u" + t,
                  w -> {
                    BigDecimal amount = choice.of().apply(w, w.users[f]);
                    ThrowingCallable call =
                        () -> w.economy.send(NS, member(f), member(t), amount, null);
                    if (f == t) {
                      w.refused(call, Refusal.rejected("self_transfer"));
                      return;
                    }
                    long cents = cents(amount);
                    if (cents < 0) {
                      w.refused(call, Refusal.rejected("invalid_amount"));
                      return;
                    }
                    User from = w.users[f];
                    User to = w.users[t];
                    long tax = w.rules.taxOn(cents);
                    Refusal why = w.policies(from, to, cents, tax);
                    if (why != null) {
                      w.refused(call, why);
                      return;
                    }
                    SendResult r = w.economy.send(NS, member(f), member(t), amount, null);
                    w.touchAndStart(from);
                    to.seen = true;
                    if (w.rules.threshold > 0 && cents >= w.rules.threshold) {
                      assertThat(r.status()).as("status").isEqualTo(SendResult.Status.PENDING);
                      assertThat(r.tax()).as("tax").isEqualByComparingTo(money(tax));
                      Instant expiresAt = w.clock.instant().plus(Economy.CONFIRMATION_WINDOW);
                      assertThat(r.expiresAt()).as("expires at").isEqualTo(expiresAt);
                      w.pending.add(new Pending(r.id(), f, t, cents, tax, expiresAt));
                      w.events.add("PENDING:" + from.id);
                    } else {
                      w.complete(f, t, cents, tax, r);
                    }
                  });
            });
  }

  /**
   * Confirms or cancels a pending send (by its sender or someone else), also one already resolved
   * or expired, or an unknown id.
   */
  static final class Resolve implements Action.Dependent<World> {
    @Override
    public boolean precondition(World w) {
      return !w.pending.isEmpty();
    }

    @Override
    public Arbitrary<Transformer<World>> transformer(World w) {
      return Combinators.combine(
              Arbitraries.frequencyOf(
                  Tuple.of(3, Arbitraries.just(w.pending.size() - 1)),
                  Tuple.of(2, Arbitraries.integers().between(-1, w.pending.size() - 1))),
              Arbitraries.of(true, false),
              Arbitraries.frequency(Tuple.of(4, -1), Tuple.of(1, 0)),
              user())
          .as(
              (index, confirm, sender, other) ->
                  Transformer.mutate(
                      (confirm ? "confirm " : "cancel ")
                          + (index < 0 ? "an unknown send" : "pending #" + index)
                          + (sender < 0 ? " as its sender" : " as u" + other),
                      s -> resolve(s, index, confirm, sender < 0 ? -1 : other)));
    }

    private static void resolve(World w, int index, boolean confirm, int actor) {
      Pending p = index < 0 ? null : w.pending.get(index);
      String id = p == null ? "00000000-0000-0000-0000-000000000000" : p.id;
      int by = actor < 0 ? (p == null ? 0 : p.from) : actor;
      ThrowingCallable call =
          confirm
              ? () -> w.economy.confirm(NS, id, id(by))
              : () -> w.economy.cancel(NS, id, id(by));
      if (p == null) {
        w.refused(call, Refusal.rejected("pending_unknown"));
        return;
      }
      if (by != p.from) {
        w.refused(call, Refusal.rejected("pending_not_yours"));
        return;
      }
      if (!p.status.equals("PENDING")) {
        w.refused(call, Refusal.rejected("pending_" + p.status.toLowerCase(Locale.ROOT)));
        return;
      }
      if (!w.clock.instant().isBefore(p.expiresAt)) {
        w.refused(call, Refusal.rejected("pending_expired"));
        return;
      }
      User from = w.users[p.from];
      if (!confirm) {
        SendResult r = w.economy.cancel(NS, id, id(by));
        assertThat(r.status()).as("status").isEqualTo(SendResult.Status.CANCELLED);
        p.status = "CANCELLED";
        w.events.add("CANCEL:" + from.id);
        return;
      }
      Refusal why = w.policies(from, w.users[p.to], p.amount, p.tax);
      if (why != null) {
        w.refused(call, why);
        return;
      }
      SendResult r = w.economy.confirm(NS, id, id(by));
      p.status = "CONFIRMED";
      w.complete(p.from, p.to, p.amount, p.tax, r);
    }
  }

  /** Refusing incoming transfers, or accepting them again. */
  static Arbitrary<Transformer<World>> optOut() {
    return Combinators.combine(user(), Arbitraries.of(true, false))
        .as(
            (i, refuse) ->
                Transformer.mutate(
                    (refuse ? "opt out u" : "opt in u") + i,
                    w -> {
                      User u = w.users[i];
                      if (refuse && !w.rules.optOutAllowed) {
                        w.refused(
                            () -> w.economy.refuseTransfers(NS, member(i), true),
                            Refusal.rejected("opt_out_disabled"));
                        return;
                      }
                      boolean changed = w.economy.refuseTransfers(NS, member(i), refuse);
                      w.touchAndStart(u);
                      assertThat(changed).as("changed").isEqualTo(u.optedOut != refuse);
                      if (changed) {
                        u.optedOut = refuse;
                        w.events.add((refuse ? "OPT_OUT:" : "OPT_IN:") + u.id);
                      }
                    }));
  }

  enum AdminOp {
    GIVE,
    TAKE,
    TAKE_FORCED,
    SET,
    RESET
  }

  /** An admin's give, take (forced or not), set or reset. */
  static Arbitrary<Transformer<World>> admin() {
    Arbitrary<Long> amount =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.longs().between(1, 300_00)),
            Tuple.of(1, Arbitraries.of(0L, -1_00L)));
    return Combinators.combine(Arbitraries.of(AdminOp.class), user(), amount)
        .as(
            (op, i, cents) ->
                Transformer.mutate(
                    op.name().toLowerCase(Locale.ROOT)
                        + " u"
                        + i
                        + (op == AdminOp.RESET ? "" : " " + money(cents)),
                    w -> admin(w, op, i, cents)));
  }

  private static void admin(World w, AdminOp op, int i, long cents) {
    User u = w.users[i];
    Member target = member(i);
    BigDecimal amount = money(cents);
    AdminResult r;
    switch (op) {
      case GIVE -> {
        if (cents <= 0) {
          w.refused(
              () -> w.economy.give(NS, ADMIN, target, amount, "model"),
              Refusal.rejected("invalid_amount"));
          return;
        }
        r = w.economy.give(NS, ADMIN, target, amount, "model");
        w.touchAndStart(u);
        u.ledger += cents;
      }
      case TAKE, TAKE_FORCED -> {
        boolean force = op == AdminOp.TAKE_FORCED;
        ThrowingCallable call = () -> w.economy.take(NS, ADMIN, target, amount, "model", force);
        if (cents <= 0) {
          w.refused(call, Refusal.rejected("invalid_amount"));
          return;
        }
        long before = u.ledger + (u.started ? 0 : w.rules.start);
        if (cents > before && !force) {
          w.refused(call, Refusal.rejected("below_zero"));
          return;
        }
        r = w.economy.take(NS, ADMIN, target, amount, "model", force);
        w.touchAndStart(u);
        u.ledger -= Math.min(cents, before);
      }
      case SET -> {
        if (cents < 0) {
          w.refused(
              () -> w.economy.set(NS, ADMIN, target, amount, "model"),
              Refusal.rejected("invalid_amount"));
          return;
        }
        r = w.economy.set(NS, ADMIN, target, amount, "model");
        w.touchAndStart(u);
        u.ledger = cents;
      }
      default -> {
        r = w.economy.reset(NS, ADMIN, target, "model");
        w.touchAndStart(u);
        u.ledger = w.rules.start;
        u.streak = 0;
      }
    }
    w.events.add(op.name().replace("_FORCED", "") + ":" + u.id);
    assertThat(r.balanceAfter()).as("balance after").isEqualByComparingTo(money(u.ledger));
  }

  /** An admin reverses a completed send (again, or an unknown one). */
  static final class Reverse implements Action.Dependent<World> {
    @Override
    public boolean precondition(World w) {
      return !w.sent.isEmpty();
    }

    @Override
    public Arbitrary<Transformer<World>> transformer(World w) {
      return Arbitraries.integers()
          .between(-1, w.sent.size() - 1)
          .map(
              index ->
                  Transformer.mutate(
                      "reverse " + (index < 0 ? "an unknown send" : "send #" + index),
                      s -> reverse(s, index)));
    }

    private static void reverse(World w, int index) {
      Sent sent = index < 0 ? null : w.sent.get(index);
      String id = sent == null ? "no-such-transfer" : sent.transferId;
      ThrowingCallable call = () -> w.economy.reverse(NS, ADMIN, id, "model");
      if (sent == null) {
        w.refused(call, Refusal.rejected("transfer_unknown"));
        return;
      }
      if (sent.reversed) {
        w.refused(call, Refusal.rejected("already_reversed"));
        return;
      }
      User from = w.users[sent.from];
      User to = w.users[sent.to];
      if (to.ledger + (to.started ? 0 : w.rules.start) < sent.amount) {
        w.refused(call, new Refusal(InsufficientFundsException.class, "insufficient_funds"));
        return;
      }
      AdminResult r = w.economy.reverse(NS, ADMIN, id, "model");
      w.touchAndStart(to);
      to.ledger -= sent.amount;
      from.ledger += sent.amount + sent.tax;
      from.totalSent -= sent.amount;
      to.totalReceived -= sent.amount;
      sent.reversed = true;
      w.events.add("REVERSE:" + to.id);
      assertThat(r.balanceAfter()).as("recipient after").isEqualByComparingTo(money(to.ledger));
    }
  }

  /** New namespace settings; the model reads every rule from them from now on. */
  static Arbitrary<Transformer<World>> configure() {
    Arbitrary<long[]> rewards =
        Combinators.combine(
                Arbitraries.of(100_00L, 0L, 25_50L),
                Arbitraries.of(50_00L, 0L, 7_25L),
                Arbitraries.of(10_00L, 0L, 3_33L),
                Arbitraries.of(100_00L, 25_00L, 0L),
                Arbitraries.of(0L, 1L, 2L))
            .as((a, b, c, d, e) -> new long[] {a, b, c, d, e});
    Arbitrary<long[]> sends =
        Combinators.combine(
                Arbitraries.of(0L, 10_000_00L, 150_00L, 60_00L),
                Arbitraries.of(0L, 100_00L, 40_00L),
                Arbitraries.of(0L, 0L, 60L, 3600L),
                Arbitraries.of(0L, 200_00L, 75_00L),
                Arbitraries.of(0L, 250_00L, 90_00L),
                Arbitraries.of(0L, 500L, 250L, 3333L, 10_000L),
                Arbitraries.of(1L, 0L))
            .as((a, b, c, d, e, f, g) -> new long[] {a, b, c, d, e, f, g});
    return Combinators.combine(rewards, sends)
        .as(
            (r, s) -> {
              long max = s[0];
              long threshold = max > 0 && s[1] > max ? max : s[1];
              Rules rules =
                  new Rules(
                      r[0],
                      r[1],
                      r[2],
                      r[3],
                      (int) r[4],
                      max,
                      threshold,
                      s[2],
                      s[3],
                      s[4],
                      s[5],
                      s[6] == 1);
              return Transformer.<World>mutate(
                  "configure " + rules,
                  w -> {
                    w.economy.configure(NS, rules.toConfig(), ADMIN, "model");
                    w.rules = rules;
                    w.events.add("CONFIG:null");
                  });
            });
  }
}
