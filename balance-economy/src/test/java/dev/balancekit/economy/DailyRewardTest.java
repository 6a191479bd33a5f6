package dev.balancekit.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.SourceUnavailableException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DailyRewardTest extends EconomyFixture {

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aMemberNeverSeenReadsAsTheStartingBalanceWithTheRewardAvailableAndNothingIsWritten(
      Databases d) {
    open(d);
    BalanceView view = economy.balance(NS, "newcomer");

    assertThat(view.balance()).isEqualTo(bytes("100"));
    assertThat(view.dailyAvailable()).isTrue();
    assertThat(view.nextDailyAt()).isEqualTo(clock.instant());
    assertThat(view.streak()).isZero();
    assertThat(view.totalReceived()).isEqualTo(bytes("0"));
    assertThat(economy.events(NS, 0, 10)).isEmpty();
    assertThat(economy.leaderboard(NS, 10)).isEmpty();
    assertThat(economy.rank(NS, "newcomer")).isEmpty();
    assertThat(ledger().entries(AccountRef.of("ledger:" + NS, "newcomer"), BYTES, 0, 10)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void theFirstClaimGrantsTheStartingBalanceAndASecondClaimTheSameDaySaysWhenTheNextOpens(
      Databases d) {
    open(d);
    ClaimResult claim = economy.claimDaily(NS, ALICE);

    assertThat(claim.amount()).isEqualTo(bytes("50"));
    assertThat(claim.streak()).isEqualTo(1);
    assertThat(claim.streakBonus()).isEqualTo(bytes("0"));
    assertThat(claim.balance()).isEqualTo(bytes("150"));
    assertThat(claim.nextClaimAt()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(claim.event().detail()).isEqualTo("streak 1, bonus 0.00");
    assertThatThrownBy(() -> economy.claimDaily(NS, ALICE))
        .isInstanceOfSatisfying(
            DailyRewardClaimedException.class,
            e -> {
              assertThat(e.nextClaimAt()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
              assertThat(e.retryAfter()).isEqualTo(Duration.ofHours(12));
              assertThat(e)
                  .hasMessage(
                      "Daily reward already claimed; the next one is available in 12 h 0 min"
                          + " (2026-11-23T00:00:00Z)");
            });
    BalanceView view = economy.balance(NS, "alice");
    assertThat(view.dailyAvailable()).isFalse();
    assertThat(view.nextDailyAt()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(economy.events(NS, 0, 10))
        .extracting(AuditEvent::action)
        .containsExactly(AuditEvent.Action.START, AuditEvent.Action.CLAIM);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aClaimAtOneSecondToMidnightAndOneAtMidnightAreTwoDaysOfOneStreakWithACappedBonus(
      Databases d) {
    open(d);
    configure(c -> c.streakBonus(bytes("10")).streakBonusCap(bytes("25")));
    clock.advance(Duration.ofHours(11).plusMinutes(59).plusSeconds(59)); // 23:59:59 UTC
    assertThat(economy.claimDaily(NS, ALICE).streak()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1)); // 00:00:00 UTC, the next day
    ClaimResult second = economy.claimDaily(NS, ALICE);
    assertThat(second.streak()).isEqualTo(2);
    assertThat(second.amount()).isEqualTo(bytes("60"));

    clock.advance(Duration.ofDays(1));
    assertThat(economy.claimDaily(NS, ALICE).amount()).isEqualTo(bytes("70"));
    clock.advance(Duration.ofDays(1));
    ClaimResult capped = economy.claimDaily(NS, ALICE);
    assertThat(capped.streak()).isEqualTo(4);
    assertThat(capped.streakBonus()).isEqualTo(bytes("25")); // 30 capped at 25
    assertThat(shown(ALICE)).isEqualTo(bytes("355")); // 100 starting + 50 + 60 + 70 + 75
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void missingAUtcDayResetsTheStreakAndGraceDaysForgiveIt(Databases d) {
    open(d);
    economy.claimDaily(NS, ALICE);
    clock.advance(Duration.ofDays(1));
    assertThat(economy.claimDaily(NS, ALICE).streak()).isEqualTo(2);
    clock.advance(Duration.ofDays(2)); // missed a day
    assertThat(economy.balance(NS, "alice").streak()).isZero();
    assertThat(economy.claimDaily(NS, ALICE).streak()).isEqualTo(1);

    configure(c -> c.streakGraceDays(1));
    clock.advance(Duration.ofDays(1));
    assertThat(economy.claimDaily(NS, ALICE).streak()).isEqualTo(2);
    clock.advance(Duration.ofDays(2)); // one missed day is within the grace
    assertThat(economy.balance(NS, "alice").streak()).isEqualTo(2);
    assertThat(economy.claimDaily(NS, ALICE).streak()).isEqualTo(3);
    clock.advance(Duration.ofDays(3)); // two missed days are not
    assertThat(economy.claimDaily(NS, ALICE).streak()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void manyThreadsClaimingAtOncePayExactlyOnceAndTellTheRestWhenTheNextOpens(Databases d)
      throws Exception {
    open(d);
    List<Object> outcomes = race(16, () -> economy.claimDaily(NS, BOB));

    assertThat(outcomes).filteredOn(ClaimResult.class::isInstance).hasSize(1);
    assertThat(outcomes)
        .filteredOn(DailyRewardClaimedException.class::isInstance)
        .hasSize(15)
        .allSatisfy(
            e ->
                assertThat(((DailyRewardClaimedException) e).nextClaimAt())
                    .isEqualTo(Instant.parse("2026-11-23T00:00:00Z")));
    assertThat(shown(BOB)).isEqualTo(bytes("150"));
    assertThat(economy.events(NS, "bob", 0, 100))
        .extracting(AuditEvent::action)
        .containsExactly(AuditEvent.Action.START, AuditEvent.Action.CLAIM);
  }

  @ParameterizedTest
  @EnumSource(value = Databases.class, names = "POSTGRES")
  void twoInstancesOnOneDatabaseStillPayOneClaimAndShareConfiguration(Databases d)
      throws Exception {
    open(d);
    Economy other = instance();
    configure(c -> c.dailyReward(bytes("70")));
    assertThat(other.config(NS).dailyReward()).isEqualByComparingTo("70");

    AtomicInteger turn = new AtomicInteger();
    List<Object> outcomes =
        race(8, () -> (turn.getAndIncrement() % 2 == 0 ? economy : other).claimDaily(NS, CAROL));
    assertThat(outcomes).filteredOn(ClaimResult.class::isInstance).hasSize(1);
    assertThat(other.balance(NS, "carol").balance()).isEqualTo(bytes("170"));
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aDatabaseErrorIsAnErrorNeverAMadeUpBalance(Databases d) throws Exception {
    open(d);
    economy.claimDaily(NS, ALICE);
    try (Connection c = d.connect(dir, schema);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE bk_eco_users");
    }
    assertThatThrownBy(() -> economy.balance(NS, "alice"))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("database error");
    assertThatThrownBy(() -> economy.balance(NS, "newcomer"))
        .isInstanceOf(SourceUnavailableException.class);
    assertThatThrownBy(() -> economy.claimDaily(NS, BOB))
        .isInstanceOf(SourceUnavailableException.class);
  }

  @Test
  void badArgumentsAreRefusedNamingTheValue() {
    open(Databases.SQLITE);
    assertThatThrownBy(() -> economy.balance("Guild 42", "alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "namespace must be 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or"
                + " digit, but was 'Guild 42'");
    assertThatThrownBy(() -> Member.of("~system"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("member id must not be null or start with '~', but was '~system'");
    assertThatThrownBy(() -> Member.of("two words"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "member id must be 1-256 characters without whitespace or control characters, but was"
                + " 'two words'");
    assertThatThrownBy(() -> Member.of("id", "x".repeat(101)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "displayName of id must be 1-100 characters without control characters");
    assertThatThrownBy(() -> economy.claimDaily(NS, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("member must not be null");
    assertThatThrownBy(() -> Economy.builder().ledger(ledger()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("an economy needs a ledger and an asset");
    assertThatThrownBy(() -> economy.events(NS, -1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("afterId must not be negative, but was -1");
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void memberIdsThatCannotBeKeysStillClaimOncePerDay(Databases d) {
    open(d);
    Member odd = Member.of("user#1234:with:colons@example", "Odd");
    assertThat(economy.claimDaily(NS, odd).balance()).isEqualTo(bytes("150"));
    assertThatThrownBy(() -> economy.claimDaily(NS, odd))
        .isInstanceOf(DailyRewardClaimedException.class);
    assertThat(Session.keyPart("user#1234:with:colons@example")).startsWith("_").hasSize(65);
    assertThat(Session.keyPart("123456789012345678")).isEqualTo("123456789012345678");
  }

  /**
   * Runs {@code task} on {@code threads} threads released together; each outcome is a result or an
   * exception.
   */
  static List<Object> race(int threads, Callable<Object> task) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                return task.call();
              }));
    }
    start.countDown();
    List<Object> outcomes = new ArrayList<>();
    for (Future<Object> f : futures) {
      try {
        outcomes.add(f.get());
      } catch (ExecutionException e) {
        outcomes.add(e.getCause());
      }
    }
    pool.shutdown();
    return outcomes;
  }
}
