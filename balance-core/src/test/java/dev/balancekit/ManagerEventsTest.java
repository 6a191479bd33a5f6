package dev.balancekit;

import static dev.balancekit.ManagerConcurrencyTest.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.CachePolicy;
import dev.balancekit.spi.SourceSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagerEventsTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 8);

  final ManualClock clock = ManualClock.at("2026-11-22T00:00:00Z");
  final InMemoryBalanceSource stream = InMemoryBalanceSource.create("ws", clock);
  final InMemoryBalanceSource rest = InMemoryBalanceSource.create("rest", clock);
  final List<BalanceEvent> events = new CopyOnWriteArrayList<>();
  BalanceManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  BalanceManager build(BalanceManagerConfig config) {
    manager =
        BalanceManager.builder()
            .source(stream)
            .fallback(rest.fetchOnly())
            .clock(clock)
            .config(config)
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofSeconds(30), Duration.ofMinutes(5), 1.0)))
            .build();
    manager.onEvent(events::add);
    return manager;
  }

  <E extends BalanceEvent> List<E> eventsOf(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void withoutACacheChangesAreStillReportedAndNoReadIsAnsweredFromMemory() throws Exception {
    manager = BalanceManager.builder().source(stream).clock(clock).build(); // BalanceCache.none()
    List<BalanceEvent.Changed> changes = new CopyOnWriteArrayList<>();
    manager.onChange(changes::add);
    stream.put(ACCOUNT, BTC, "1");
    stream.put(ACCOUNT, Asset.of("ETH", 18), "2");
    stream.put(ACCOUNT, BTC, "0.5");

    awaitCondition(() -> changes.size() == 1);
    assertThat(changes.get(0).previous()).isEqualByComparingTo("1");
    assertThat(changes.get(0).current()).isEqualByComparingTo("0.5");

    stream.moveTo(SourceState.DEGRADED, "test");
    assertThatThrownBy(() -> manager.balance(ACCOUNT, BTC))
        .isInstanceOf(BalanceUnavailableException.class);
  }

  @Test
  void valuesPushedByALiveStreamStayFreshUntilTheStreamDropsThenAgeFromTheDrop() throws Exception {
    build(BalanceManagerConfig.defaults());
    stream.put(ACCOUNT, BTC, "1");
    clock.advance(
        Duration.ofMinutes(20)); // far past TTL and maxStaleness: still pinned by the live stream
    stream.moveTo(SourceState.DEGRADED, "dropped");
    rest.failWith(SourceUnavailableException.of("rest", "REST down"));

    Balance justAfterDrop = manager.balance(ACCOUNT, BTC);
    assertThat(justAfterDrop.freshness()).isEqualTo(Freshness.CACHED);
    assertThat(rest.fetchCount()).isZero();

    clock.advance(Duration.ofSeconds(31));
    assertThat(manager.balance(ACCOUNT, BTC).freshness()).isEqualTo(Freshness.STALE);
    clock.advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> manager.balances(ACCOUNT))
        .isInstanceOf(BalanceUnavailableException.class)
        .hasMessageContaining("REST down");
  }

  @Test
  void expiryOfAnUnpinnedValueIsAnEvictedEvent() throws Exception {
    build(BalanceManagerConfig.defaults());
    stream.moveTo(SourceState.DEGRADED, "dropped");
    rest.put(ACCOUNT, BTC, "1");
    manager.balance(ACCOUNT, BTC);
    clock.advance(Duration.ofMinutes(6));
    rest.failWith(new IllegalStateException("REST down"));
    try {
      manager.balance(ACCOUNT, BTC);
    } catch (BalanceUnavailableException expected) {
      // the value was too old to serve
    }
    awaitCondition(() -> !eventsOf(BalanceEvent.Evicted.class).isEmpty());
    assertThat(eventsOf(BalanceEvent.Evicted.class).get(0).cause())
        .isEqualTo(BalanceCache.RemovalCause.EXPIRED);
  }

  @Test
  void theManagerSweepsValuesPastTheStalenessBoundThatNobodyReads() throws Exception {
    manager =
        BalanceManager.builder()
            .source(rest.fetchOnly())
            .clock(clock)
            .config(BalanceManagerConfig.custom().cacheDefaultTtl(Duration.ofSeconds(1)).build())
            .cache(
                BalanceCache.inMemory(
                    CachePolicy.of(Duration.ofSeconds(30), Duration.ofMinutes(5), 1.0)))
            .build();
    manager.onEvent(events::add);
    rest.put(ACCOUNT, BTC, "1");
    manager.balance(ACCOUNT, BTC);
    clock.advance(Duration.ofMinutes(6));

    awaitCondition(
        () -> !eventsOf(BalanceEvent.Evicted.class).isEmpty()); // swept within a second or so

    assertThat(manager.status().cache().size()).isZero();
  }

  @Test
  void everyFetchIsALoadedEventAndCountedAsALoad() throws Exception {
    build(BalanceManagerConfig.defaults());
    stream.moveTo(SourceState.DEGRADED, "dropped");
    rest.put(ACCOUNT, BTC, "1");
    manager.balance(ACCOUNT, BTC);
    awaitCondition(() -> !eventsOf(BalanceEvent.Loaded.class).isEmpty());
    assertThat(eventsOf(BalanceEvent.Loaded.class).get(0).source()).isEqualTo("rest");
    assertThat(manager.status().cache().loadSuccesses()).isEqualTo(1);
    rest.failWith(new IllegalStateException("down"));
    manager.refresh(ACCOUNT).exceptionally(e -> null).join();
    assertThat(manager.status().cache().loadFailures()).isEqualTo(1);
  }

  @Test
  void reconciliationReportsWhereTheStreamAndRestDisagree() throws Exception {
    build(BalanceManagerConfig.custom().forceUpdateInterval(Duration.ofSeconds(1)).build());
    stream.put(ACCOUNT, BTC, "1.5");
    manager.balance(ACCOUNT, BTC);
    rest.put(ACCOUNT, BTC, "1.4");

    awaitCondition(() -> !eventsOf(BalanceEvent.ValidationFailed.class).isEmpty());

    ValidationIssue issue =
        eventsOf(BalanceEvent.ValidationFailed.class).get(0).report().issues().get(0);
    assertThat(issue.rule()).isEqualTo("source_inconsistency");
    assertThat(issue.severity()).isEqualTo(Severity.WARNING);
    assertThat(issue.message())
        .isEqualTo("stream 'ws' says 1.50000000 BTC but 'rest' says 1.40000000 BTC");
    assertThat(manager.balance(ACCOUNT, BTC).total())
        .as("reads still follow the live stream")
        .isEqualByComparingTo("1.5");
  }

  @Test
  void aRequestResponseSourceReportsItsStateThroughItsSink() throws Exception {
    AtomicReference<SourceSink> sinkRef = new AtomicReference<>();
    BalanceSource reporting =
        new BalanceSource() {
          volatile SourceState state = SourceState.LIVE;

          @Override
          public String name() {
            return "reporting";
          }

          @Override
          public void attach(SourceSink sink) {
            sinkRef.set(sink);
          }

          @Override
          public SourceState state() {
            return state;
          }

          @Override
          public CompletableFuture<AccountBalances> fetch(AccountRef account) {
            state = SourceState.DEGRADED;
            sinkRef
                .get()
                .onStateChange(SourceState.LIVE, SourceState.DEGRADED, "rate limited for 30 s");
            return CompletableFuture.failedFuture(
                SourceUnavailableException.retryAfter(
                    "reporting", "rate limited", Duration.ofSeconds(30)));
          }
        };
    manager = BalanceManager.builder().source(reporting).clock(clock).build();
    manager.onEvent(events::add);
    assertThatThrownBy(() -> manager.balances(ACCOUNT))
        .isInstanceOfSatisfying(
            BalanceUnavailableException.class,
            e ->
                assertThat(e.failures().get(0))
                    .isInstanceOfSatisfying(
                        SourceUnavailableException.class,
                        f -> assertThat(f.retryAfter()).contains(Duration.ofSeconds(30))));
    awaitCondition(() -> !eventsOf(BalanceEvent.SourceStateChanged.class).isEmpty());
    assertThat(eventsOf(BalanceEvent.SourceStateChanged.class).get(0).reason())
        .isEqualTo("rate limited for 30 s");
    assertThat(manager.status().sources().get(0).state()).isEqualTo(SourceState.DEGRADED);
  }
}
