package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.CachePolicy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BalanceManagerTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);
  static final Asset ETH = Asset.of("ETH", 18);

  final ManualClock clock = ManualClock.at("2026-11-22T00:00:00Z");
  final InMemoryBalanceSource stream = InMemoryBalanceSource.create("kraken-ws", clock);
  final InMemoryBalanceSource rest = InMemoryBalanceSource.create("kraken-rest", clock);
  BalanceManager manager;

  @AfterEach
  void closeManager() {
    if (manager != null) {
      manager.close();
    }
  }

  BalanceManager.Builder builder() {
    return BalanceManager.builder()
        .source(stream)
        .fallback(rest.fetchOnly())
        .clock(clock)
        .cache(
            BalanceCache.inMemory(
                CachePolicy.of(Duration.ofSeconds(30), Duration.ofMinutes(10), 1.0)));
  }

  @Test
  void liveStreamAnswersFromItsViewWithoutCallingFallbacks() {
    manager = builder().build();
    stream.put(ACCOUNT, BTC, "1.5");
    Balance b = manager.balance(ACCOUNT, BTC);
    assertThat(b.total()).isEqualByComparingTo("1.5");
    assertThat(b.freshness()).isEqualTo(Freshness.LIVE);
    assertThat(b.source()).isEqualTo("kraken-ws");
    assertThat(rest.fetchCount()).isZero();
    assertThat(manager.status().primaryLive()).isTrue();
  }

  @Test
  void degradedStreamFallsBackToRestAndSaysSoInStatusAndEvents() throws Exception {
    manager = builder().build();
    List<BalanceEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch stateChanged = new CountDownLatch(1);
    manager.onEvent(
        e -> {
          events.add(e);
          if (e instanceof BalanceEvent.SourceStateChanged) {
            stateChanged.countDown();
          }
        });
    rest.put(ACCOUNT, BTC, "2");
    stream.moveTo(SourceState.DEGRADED, "connection reset");

    Balance b = manager.balance(ACCOUNT, BTC);

    assertThat(b.total()).isEqualByComparingTo("2");
    assertThat(b.source()).isEqualTo("kraken-rest");
    assertThat(b.freshness()).isEqualTo(Freshness.LIVE);
    assertThat(manager.statistics().fallbacksTaken()).isEqualTo(1);
    assertThat(manager.status().sources().get(0).state()).isEqualTo(SourceState.DEGRADED);
    assertThat(stateChanged.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        BalanceEvent.SourceStateChanged.class,
                        s -> assertThat(s.reason()).isEqualTo("connection reset")));
  }

  @Test
  void freshCachedValueIsServedWithoutAskingAnySource() {
    manager = builder().build();
    stream.moveTo(SourceState.DEGRADED, "down");
    rest.put(ACCOUNT, BTC, "3");
    manager.balance(ACCOUNT, BTC);
    clock.advance(Duration.ofSeconds(29));

    Balance again = manager.balance(ACCOUNT, BTC);

    assertThat(again.freshness()).isEqualTo(Freshness.CACHED);
    assertThat(rest.fetchCount()).isEqualTo(1);
    assertThat(manager.status().cache().hits()).isEqualTo(1);
  }

  @Test
  void whenEverySourceFailsTheLastValueIsServedStaleWithItsAge() {
    manager = builder().build();
    stream.moveTo(SourceState.DEGRADED, "down");
    rest.put(ACCOUNT, BTC, "4");
    manager.balance(ACCOUNT, BTC);
    clock.advance(Duration.ofMinutes(5));
    rest.failWith(SourceUnavailableException.of("kraken-rest", "HTTP 503"));

    Balance b = manager.balance(ACCOUNT, BTC);

    assertThat(b.total()).isEqualByComparingTo("4");
    assertThat(b.freshness()).isEqualTo(Freshness.STALE);
    assertThat(b.ageAt(clock.instant())).isEqualTo(Duration.ofMinutes(5));
    assertThat(manager.statistics().servedStale()).isEqualTo(1);
    assertThat(manager.status().sources().get(1).lastError()).contains("HTTP 503");
  }

  @Test
  void pastMaxStalenessTheReadFailsInsteadOfInventingABalance() {
    manager = builder().build();
    stream.moveTo(SourceState.DEGRADED, "down");
    rest.put(ACCOUNT, BTC, "4");
    manager.balance(ACCOUNT, BTC);
    clock.advance(Duration.ofMinutes(11));
    rest.failWith(SourceUnavailableException.of("kraken-rest", "HTTP 503"));

    assertThatThrownBy(() -> manager.balance(ACCOUNT, BTC))
        .isInstanceOfSatisfying(
            BalanceUnavailableException.class,
            e -> {
              assertThat(e.account()).isEqualTo(ACCOUNT);
              assertThat(e.failures()).hasSize(1);
              assertThat(e)
                  .hasMessageContaining("HTTP 503")
                  .hasMessageContaining("nothing usable cached");
            });
    assertThat(manager.statistics().unavailable()).isEqualTo(1);
  }

  @Test
  void withNothingCachedAndNoSourceAnsweringTheReadFailsWithEveryReason() {
    InMemoryBalanceSource second = InMemoryBalanceSource.create("backup", clock);
    manager = builder().fallback(second.fetchOnly()).build();
    stream.moveTo(SourceState.SYNCING, "waiting for snapshot");
    rest.failWith(new IllegalStateException("timeout talking to kraken"));
    second.failWith(new IllegalStateException("backup down"));

    assertThatThrownBy(() -> manager.balances(ACCOUNT))
        .isInstanceOfSatisfying(
            BalanceUnavailableException.class,
            e -> {
              assertThat(e.failures())
                  .extracting(Throwable::getMessage)
                  .containsExactly("timeout talking to kraken", "backup down");
              assertThat(e.getCause()).hasMessage("timeout talking to kraken");
            });
  }

  @Test
  void secondFallbackAnswersWhenTheFirstFails() {
    InMemoryBalanceSource second = InMemoryBalanceSource.create("backup", clock);
    manager = builder().fallback(second.fetchOnly()).build();
    stream.moveTo(SourceState.DEGRADED, "down");
    rest.failWith(new IllegalStateException("HTTP 500"));
    second.put(ACCOUNT, ETH, "7");

    assertThat(manager.balance(ACCOUNT, ETH).source()).isEqualTo("backup");
    assertThat(manager.statistics().sourceFailures()).containsEntry("kraken-rest", 1L);
    assertThat(manager.statistics().sourceCalls()).containsEntry("backup", 1L);
  }

  @Test
  void accountNotFoundIsReportedAsSuchNotAsZeroAndNotServedStale() {
    manager = builder().build();
    stream.moveTo(SourceState.DEGRADED, "down");
    assertThatThrownBy(() -> manager.balance(AccountRef.of("kraken", "ghost"), BTC))
        .isInstanceOf(AccountNotFoundException.class)
        .hasMessageContaining("kraken/ghost");
  }

  @Test
  void assetMissingFromAPartialViewIsUnavailableButFromACompleteViewIsZero() {
    manager = builder().build();
    stream.put(ACCOUNT, BTC, "1");
    // The in-memory view is complete, so ETH is known to be zero.
    assertThat(manager.balance(ACCOUNT, ETH).total()).isEqualByComparingTo("0");

    BalanceSource partial =
        new BalanceSource() {
          @Override
          public String name() {
            return "partial";
          }

          @Override
          public CompletableFuture<AccountBalances> fetch(AccountRef account) {
            return CompletableFuture.completedFuture(
                AccountBalances.partial(
                    account,
                    List.of(Balance.of(account, BTC, BigDecimal.ONE, "partial", clock.instant())),
                    clock.instant()));
          }
        };
    try (BalanceManager m = BalanceManager.builder().source(partial).clock(clock).build()) {
      assertThatThrownBy(() -> m.balance(ACCOUNT, ETH))
          .isInstanceOf(BalanceUnavailableException.class)
          .hasMessageContaining("no balance of ETH known for kraken/main");
    }
  }

  @Test
  void aHangingSourceTimesOutAndTheNextOneAnswers() {
    InMemoryBalanceSource second = InMemoryBalanceSource.create("backup", clock);
    manager =
        builder()
            .fallback(second.fetchOnly())
            .config(BalanceManagerConfig.custom().restTimeout(Duration.ofMillis(100)).build())
            .build();
    stream.moveTo(SourceState.DEGRADED, "down");
    rest.put(ACCOUNT, BTC, "1");
    rest.pause();
    second.put(ACCOUNT, BTC, "1.1");

    Balance b = manager.balance(ACCOUNT, BTC);

    assertThat(b.source()).isEqualTo("backup");
    assertThat(manager.status().sources().get(1).lastError()).contains("no answer within 100 ms");
    rest.resume();
  }

  @Test
  void circuitOpensAfterConsecutiveFailuresAndTheSourceIsSkipped() {
    manager = builder().circuitBreaker(3, Duration.ofSeconds(30)).build();
    stream.moveTo(SourceState.DEGRADED, "down");
    rest.failWith(new IllegalStateException("HTTP 500"));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> manager.balances(ACCOUNT))
          .isInstanceOf(BalanceUnavailableException.class);
    }
    assertThat(manager.status().sources().get(1).circuit()).isEqualTo(SourceStatus.Circuit.OPEN);

    assertThatThrownBy(() -> manager.balances(ACCOUNT)).hasMessageContaining("circuit open");
    assertThat(rest.fetchCount()).isEqualTo(3);

    rest.recover();
    rest.put(ACCOUNT, BTC, "1");
    clock.advance(Duration.ofSeconds(31));
    assertThat(manager.balance(ACCOUNT, BTC).total()).isEqualByComparingTo("1");
    assertThat(manager.status().sources().get(1).circuit()).isEqualTo(SourceStatus.Circuit.CLOSED);
  }

  @Test
  void refreshAheadServesTheCachedValueAndReloadsInTheBackground() throws Exception {
    manager =
        BalanceManager.builder()
            .source(rest.fetchOnly())
            .clock(clock)
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofSeconds(30), Duration.ofMinutes(10), 0.5)))
            .build();
    rest.put(ACCOUNT, BTC, "1");
    manager.balance(ACCOUNT, BTC);
    rest.put(ACCOUNT, BTC, "2");
    clock.advance(Duration.ofSeconds(20));

    Balance served = manager.balance(ACCOUNT, BTC);

    assertThat(served.total()).isEqualByComparingTo("1");
    assertThat(served.freshness()).isEqualTo(Freshness.CACHED);
    assertThat(rest.fetchCount()).isEqualTo(2);
    assertThat(manager.balance(ACCOUNT, BTC).total()).isEqualByComparingTo("2");
  }

  @Test
  void refreshBypassesCacheAndStreamView() {
    manager = builder().build();
    stream.put(ACCOUNT, BTC, "1");
    clock.advance(Duration.ofSeconds(1));
    rest.put(ACCOUNT, BTC, "0.9");

    AccountBalances fetched = manager.refresh(ACCOUNT).join();

    assertThat(fetched.find("BTC").orElseThrow().source()).isEqualTo("kraken-rest");
    assertThat(fetched.find("BTC").orElseThrow().total()).isEqualByComparingTo("0.9");
    assertThat(rest.fetchCount()).isEqualTo(1);
    assertThat(manager.balance(ACCOUNT, BTC).source())
        .as("reads still come from the live stream")
        .isEqualTo("kraken-ws");
  }

  @Test
  void refreshNeverJoinsAFetchThatStartedBeforeItSoItSeesTheLatestChange() {
    java.util.Queue<CompletableFuture<AccountBalances>> answers =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    BalanceSource scripted =
        new BalanceSource() {
          @Override
          public String name() {
            return "scripted";
          }

          @Override
          public CompletableFuture<AccountBalances> fetch(AccountRef account) {
            CompletableFuture<AccountBalances> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
          }
        };
    manager =
        BalanceManager.builder()
            .source(scripted)
            .clock(clock)
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofHours(1), Duration.ofHours(1), 1.0)))
            .build();
    CompletableFuture<AccountBalances> slowRead =
        manager.balancesAsync(ACCOUNT); // fetch 1, before the change
    AccountBalances before =
        AccountBalances.snapshot(
            ACCOUNT,
            List.of(Balance.of(ACCOUNT, BTC, BigDecimal.ONE, "scripted", clock.instant())),
            clock.instant());
    clock.advance(Duration.ofSeconds(1));
    AccountBalances after =
        AccountBalances.snapshot(
            ACCOUNT,
            List.of(Balance.of(ACCOUNT, BTC, BigDecimal.TEN, "scripted", clock.instant())),
            clock.instant());

    CompletableFuture<AccountBalances> refreshed = manager.refresh(ACCOUNT);
    assertThat(answers).as("refresh started its own fetch").hasSize(2);
    answers.poll().complete(before);
    answers.poll().complete(after);

    assertThat(refreshed.join().find("BTC").orElseThrow().total()).isEqualByComparingTo("10");
    slowRead.join();
    assertThat(manager.balance(ACCOUNT, BTC).total())
        .as("the late, older answer does not win")
        .isEqualByComparingTo("10");
  }

  @Test
  void changedEventsFireWhenAKnownTotalMovesAndCarryBothValues() throws Exception {
    manager = builder().build();
    List<BalanceEvent.Changed> changes = new CopyOnWriteArrayList<>();
    CountDownLatch two = new CountDownLatch(2);
    manager.onChange(
        c -> {
          changes.add(c);
          two.countDown();
        });
    stream.put(ACCOUNT, BTC, "1");
    stream.put(ACCOUNT, BTC, "1");
    stream.put(ACCOUNT, BTC, "1.25");
    stream.put(ACCOUNT, BTC, "0.5");

    assertThat(two.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(changes)
        .extracting(c -> c.previous().toPlainString() + "->" + c.current().toPlainString())
        .containsExactly("1.00000000->1.25000000", "1.25000000->0.50000000");
    assertThat(changes.get(1).delta()).isEqualByComparingTo("-0.75");
  }

  @Test
  void closedManagerRefusesReadsAndSubscriptions() {
    manager = builder().build();
    manager.close();
    manager.close();
    assertThatThrownBy(() -> manager.balances(ACCOUNT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> manager.onUpdate(u -> {})).isInstanceOf(IllegalStateException.class);
    assertThat(manager.status().closed()).isTrue();
    assertThat(stream.state()).isEqualTo(SourceState.CLOSED);
  }

  @Test
  void thirdPartyExceptionMessagesNeverReachOurMessagesOrStatusBecauseTheyMayHoldSecrets() {
    manager = builder().build();
    stream.moveTo(SourceState.DEGRADED, "down");
    rest.failWith(
        new IllegalStateException("GET https://api.example/balance?apikey=SECRET123 failed"));

    assertThatThrownBy(() -> manager.balances(ACCOUNT))
        .isInstanceOf(BalanceUnavailableException.class)
        .hasMessageContaining("IllegalStateException")
        .hasMessageNotContaining("SECRET123");
    assertThat(manager.status().sources().get(1).lastError()).isEqualTo("IllegalStateException");
  }

  @Test
  void aStreamUpdateThatArrivesDuringAFetchSurvivesTheFetchedSnapshot() {
    manager = builder().build();
    stream.moveTo(SourceState.DEGRADED, "reconnecting");
    rest.put(ACCOUNT, Asset.of("USD", 2), "100");
    rest.pause();
    CompletableFuture<AccountBalances> fetching = manager.refresh(ACCOUNT);
    clock.advance(Duration.ofSeconds(1));
    stream.put(
        ACCOUNT, BTC, "1"); // pushed while the REST request is out; REST does not know BTC yet
    clock.advance(Duration.ofSeconds(1));

    rest.resume();
    fetching.join();

    assertThat(manager.balance(ACCOUNT, BTC).total())
        .as("not an invented zero")
        .isEqualByComparingTo("1");
    assertThat(manager.balance(ACCOUNT, Asset.of("USD", 2)).total()).isEqualByComparingTo("100");
  }

  @Test
  void aPartialCachedViewThatLacksTheAssetLeadsToAFetchNotAnError() {
    manager = builder().build();
    stream.moveTo(SourceState.DEGRADED, "down");
    stream.put(ACCOUNT, BTC, "1"); // cached as the stream pushed it: a partial view with BTC only
    rest.put(ACCOUNT, ETH, "2");

    assertThat(manager.balance(ACCOUNT, ETH).total()).isEqualByComparingTo("2");
    assertThat(rest.fetchCount()).isEqualTo(1);
  }

  @Test
  void builderChecksEachArgumentAndTheCombination() {
    assertThatThrownBy(() -> BalanceManager.builder().source(null))
        .hasMessage("source must not be null");
    assertThatThrownBy(
            () ->
                BalanceManager.builder()
                    .config(BalanceManagerConfig.custom().restTimeout(Duration.ZERO).build()))
        .hasMessage("restTimeout must be positive, but was PT0S");
    assertThatThrownBy(() -> BalanceManager.builder().circuitBreaker(0, Duration.ofSeconds(1)))
        .hasMessageContaining("but was 0");
    assertThatThrownBy(() -> BalanceManager.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("primary source is required");
    assertThatThrownBy(
            () -> BalanceManager.builder().source(rest).fallback(rest.fetchOnly()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'kraken-rest' appears twice");
    assertThatThrownBy(() -> CachePolicy.of(Duration.ofSeconds(30), Duration.ofSeconds(10), 1))
        .hasMessageContaining("maxStaleness must be at least ttl");
  }
}
