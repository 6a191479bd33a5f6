package dev.balancekit.source.kraken;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.balancekit.source.kraken.KrakenVenue.ACCOUNT;
import static dev.balancekit.source.kraken.KrakenVenue.BTC;
import static dev.balancekit.source.kraken.KrakenVenue.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.Freshness;
import dev.balancekit.SourceState;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.ManualClock;
import dev.balancekit.source.http.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a trading bot sees through a manager with the Kraken stream, the Kraken REST fallback and a
 * Caffeine cache, as the stream and then REST go down (or REST is rate limited) and the stream
 * comes back.
 */
class TradingBotTest {
  private static final Duration TTL = Duration.ofSeconds(30);
  private static final String SNAPSHOT_ON_RETURN =
      "{\"channel\":\"balances\",\"type\":\"snapshot\",\"sequence\":1,"
          + "\"data\":[{\"asset\":\"BTC\",\"asset_class\":\"currency\",\"balance\":\"3.5\",\"wallets\":"
          + "[{\"type\":\"spot\",\"id\":\"main\",\"balance\":\"3.5\"}]}]}";

  private final ManualClock clock = ManualClock.at("2024-01-01T00:00:00Z");
  private final KrakenVenue venue = new KrakenVenue();
  private final KrakenSource kraken = venue.builder().clock(clock).build();
  private final BalanceManager manager =
      BalanceManager.builder()
          .source(kraken.stream())
          .fallback(kraken.rest())
          .cache(
              CaffeineBalanceCache.builder()
                  .ttl(TTL)
                  .maximumSize(100)
                  .maxStaleness(Duration.ofHours(1))
                  .build())
          .clock(clock)
          .config(BalanceManagerConfig.custom().restTimeout(Duration.ofSeconds(3)).build())
          .build();

  private final List<SourceState> streamChanges = new CopyOnWriteArrayList<>();

  @BeforeEach
  void listen() {
    manager.onEvent(
        e -> {
          if (e instanceof BalanceEvent.SourceStateChanged c
              && c.source().equals("kraken-stream")) {
            streamChanges.add(c.to());
          }
        });
  }

  @AfterEach
  void close() throws Exception {
    manager.close();
    kraken.close();
    venue.close();
  }

  /** REST failing for good: down (503), or rate limited by Kraken on every call. */
  static Stream<ResponseDefinitionBuilder> restFailures() {
    return Stream.of(
        aResponse().withStatus(503), KrakenVenue.json(fixture("rest-error-rate-limit.json")));
  }

  @ParameterizedTest
  @MethodSource("restFailures")
  void readsFollowTheStreamThenRestThenTheStaleCacheThenTheStreamAgain(
      ResponseDefinitionBuilder restFailure) {
    Await.until(
        "the stream is LIVE",
        () ->
            kraken.stream().state() == SourceState.LIVE
                && kraken.stream().view(ACCOUNT).isPresent());
    Balance live = manager.balance(ACCOUNT, BTC);
    assertThat(live.freshness()).isEqualTo(Freshness.LIVE);
    assertThat(live.source()).isEqualTo("kraken-stream");
    assertThat(live.total()).isEqualByComparingTo("1.2");

    // The stream dies and stays down.
    venue.accepting = false;
    venue.connection(0).drop();
    // The manager's own account of it: by then it has stopped treating the stream's values as
    // fresh.
    Await.until(
        "the manager saw the stream drop", () -> streamChanges.contains(SourceState.DEGRADED));
    clock.advance(TTL.plusSeconds(1));
    Balance fromRest = manager.balance(ACCOUNT, BTC);
    assertThat(fromRest.source()).isEqualTo("kraken-rest");
    assertThat(fromRest.total()).isEqualByComparingTo("1.2435");
    assertThat(fromRest.available())
        .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.4012"));
    assertThat(fromRest.freshness()).isNotEqualTo(Freshness.STALE);

    // REST fails too: the last value is served, marked STALE with its age.
    venue.balanceEx(restFailure);
    clock.advance(TTL.plusSeconds(1));
    // Polled: the manager may still hold the just-finished REST fetch as "in flight" and hand it
    // out once more.
    Await.until(
        "reads fall back to the stale cache",
        () -> manager.balance(ACCOUNT, BTC).freshness() == Freshness.STALE);
    Balance stale = manager.balance(ACCOUNT, BTC);
    assertThat(stale.freshness()).isEqualTo(Freshness.STALE);
    assertThat(stale.source()).isEqualTo("kraken-rest");
    assertThat(stale.total()).isEqualByComparingTo("1.2435");
    assertThat(stale.ageAt(clock.instant())).isGreaterThanOrEqualTo(TTL);

    // The stream comes back with what happened meanwhile.
    venue.onSubscribe =
        (c, token) -> {
          c.send(fixture("ws-v2-subscribe-ack.json"));
          c.send(SNAPSHOT_ON_RETURN);
        };
    venue.accepting = true;
    Await.until("the stream is LIVE again", () -> kraken.stream().state() == SourceState.LIVE);
    Balance back = manager.balance(ACCOUNT, BTC);
    assertThat(back.freshness()).isEqualTo(Freshness.LIVE);
    assertThat(back.source()).isEqualTo("kraken-stream");
    assertThat(back.total()).isEqualByComparingTo("3.5");
  }

  @Test
  void closingTheManagerClosesBothSourcesAndFreesTheVenueClient() {
    Await.until("the stream is LIVE", () -> kraken.stream().state() == SourceState.LIVE);
    assertThat(schedulerThreads()).isPositive();

    manager.close();

    assertThat(kraken.stream().state()).isEqualTo(SourceState.CLOSED);
    assertThat(kraken.rest().state()).isEqualTo(SourceState.CLOSED);
    Await.until("the venue client's scheduler has stopped", () -> schedulerThreads() == 0);
  }

  private static long schedulerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("balancekit-kraken-scheduler"))
        .count();
  }
}
