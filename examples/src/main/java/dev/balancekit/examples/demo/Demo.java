package dev.balancekit.examples.demo;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceKitException;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.Freshness;
import dev.balancekit.ManagerStatistics;
import dev.balancekit.SourceStatus;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.economy.ClaimResult;
import dev.balancekit.economy.Economy;
import dev.balancekit.economy.LeaderboardEntry;
import dev.balancekit.economy.Member;
import dev.balancekit.economy.SendResult;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.history.AlertRule;
import dev.balancekit.history.BalanceHistory;
import dev.balancekit.history.HistoryEntry;
import dev.balancekit.history.Trend;
import dev.balancekit.ledger.IntegrityReport;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.source.ManualClock;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueConfig;
import dev.balancekit.source.kraken.KrakenSource;
import dev.balancekit.validation.Validators;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@code balancekit demo}: everything on loopback and embedded defaults, no account, key or
 * internet. A Kraken simulator streams trades to a manager (Kraken adapter, Caffeine cache, default
 * validation, history); the stream and then the REST API are taken down and brought back, so the
 * table shows the fallback to REST, then cached values marked STALE, then recovery. Then a chat
 * economy on an SQLite ledger file, and finally trends, sparklines, alerts and statistics.
 *
 * <p>Each {@link #run} is self-contained (its own simulator, manager and ledger file); runs are not
 * meant to overlap on one {@code workDir}.
 */
public final class Demo {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "demo");
  static final Asset BTC = KrakenSimulator.BTC;
  static final Asset ETH = KrakenSimulator.ETH;
  static final Asset USD = KrakenSimulator.USD;
  private static final List<Asset> ASSETS = List.of(BTC, ETH, USD);

  /** How fast the demo moves: {@link #normal()} for people, {@link #quick()} for tests. */
  public record Pace(Duration frame, int liveFrames, Duration tradeEvery, Duration phaseTimeout) {
    /** For people: half-second frames, trades every 150 ms. */
    public static Pace normal() {
      return new Pace(Duration.ofMillis(500), 8, Duration.ofMillis(150), Duration.ofSeconds(15));
    }

    /** For tests: the same phases with short frames and fast trades. */
    public static Pace quick() {
      return new Pace(Duration.ofMillis(100), 3, Duration.ofMillis(30), Duration.ofSeconds(15));
    }
  }

  private final Terminal term;
  private final Path workDir;
  private final Pace pace;

  private Demo(Terminal term, Path workDir, Pace pace) {
    this.term = term;
    this.workDir = workDir;
    this.pace = pace;
  }

  /**
   * Runs the demo, writing to {@code out}; the ledger file goes to {@code workDir}.
   *
   * @return the exit code: 0 when every part ran as expected, 1 otherwise
   * @throws Exception if the simulator cannot start or the ledger file cannot be written
   */
  public static int run(PrintStream out, Path workDir, Pace pace, boolean detectTerminal)
      throws Exception {
    Terminal term = detectTerminal ? Terminal.forConsole(out) : new Terminal(out, false, true);
    return new Demo(term, workDir, pace).run();
  }

  private int run() throws Exception {
    long started = System.nanoTime();
    term.heading(
        "BalanceKit demo: a trading bot's balances, a chat economy, trends. All on loopback.");
    term.line(
        "starting a Kraken simulator (WebSocket v2 balances + REST BalanceEx) on 127.0.0.1 ...");
    boolean ok;
    List<BalanceEvent.AlertRaised> alerts = new CopyOnWriteArrayList<>();
    try (KrakenSimulator kraken = new KrakenSimulator(pace.tradeEvery().toMillis());
        BalanceHistory history = BalanceHistory.inMemory()) {
      term.line("  REST " + kraken.restUrl() + "   stream " + kraken.webSocketUrl());
      history.addRule(AlertRule.belowWarning("usd-below-19900", "USD", new BigDecimal("19900")));
      history.addRule(
          AlertRule.significantDrop("drop-1pct-in-10min", BigDecimal.ONE, Duration.ofMinutes(10)));
      history.onAlert(alerts::add);
      ok = tradingBot(kraken, history);
      ok &= economy();
      ok &= trends(history, alerts);
    }
    term.line("");
    term.line(
        String.format(
            "demo %s in %.1f s", ok ? "finished" : "FAILED", (System.nanoTime() - started) / 1e9));
    return ok ? 0 : 1;
  }

  // ------------------------------------------------------------------ 1. trading bot

  private boolean tradingBot(KrakenSimulator sim, BalanceHistory history)
      throws InterruptedException {
    BalanceManagerConfig config =
        BalanceManagerConfig.custom().restTimeout(Duration.ofSeconds(1)).build();
    KrakenSource kraken =
        KrakenSource.builder()
            .account(ACCOUNT)
            .apiKey(Secret.of("demo-api-key"))
            .apiSecret(Secret.of(Base64.getEncoder().encodeToString(new byte[64])))
            .restUrl(sim.restUrl())
            .webSocketUrl(sim.webSocketUrl())
            .assets(BTC, ETH, USD)
            .venueConfig(
                VenueConfig.custom().name("kraken").managerConfig(config).retryAttempts(1).build())
            .reconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
            .build();
    try (BalanceManager manager =
        BalanceManager.builder()
            .source(kraken.stream())
            .fallback(kraken.rest())
            .cache(
                CaffeineBalanceCache.builder()
                    .ttl(Duration.ofSeconds(2))
                    .maximumSize(1_000)
                    .maxStaleness(Duration.ofMinutes(10))
                    .build())
            .validator(Validators.defaults())
            .recorder(history)
            .config(config)
            .build()) {
      term.heading("1. Trading bot: Kraken stream first, REST as fallback, cache last");
      if (!waitFor("the stream to sync", () -> manager.status().primaryLive())) {
        return false;
      }
      term.line(
          "stream LIVE: totals from WebSocket v2 (it carries no holds, so available/held stay"
              + " unknown, not 0)");
      showFrames(manager, pace.liveFrames(), v -> false);

      term.line("");
      term.line(
          "killing the stream: reads are served from the cache while fresh, then from REST BalanceEx");
      sim.killStream();
      boolean rest = showFrames(manager, 100, v -> servedBy(v, "kraken-rest", Freshness.LIVE));

      term.line("");
      term.line(
          "taking REST down too: the last known values are served, marked STALE with their age");
      sim.failRest();
      boolean stale = showFrames(manager, 100, v -> servedBy(v, null, Freshness.STALE));

      term.line("");
      term.line("bringing both back: the stream reconnects with a fresh token and resyncs");
      sim.restoreRest();
      sim.restoreStream();
      boolean back = showFrames(manager, 100, v -> servedBy(v, "kraken-stream", Freshness.LIVE));
      showFrames(manager, 2, v -> false);
      term.line(
          String.format(
              "trades streamed: %d   validation failures: %d",
              sim.trades(), manager.statistics().validationFailures()));
      statistics(manager);
      return rest && stale && back;
    }
  }

  /**
   * Draws frames until {@code done} holds for a view (then one more frame) or the phase times out.
   */
  private boolean showFrames(BalanceManager manager, int maxFrames, Predicate<AccountBalances> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + pace.phaseTimeout().toNanos();
    for (int i = 0; i < maxFrames && System.nanoTime() < deadline; i++) {
      AccountBalances view = read(manager);
      if (view != null && done.test(view)) {
        return true;
      }
      Thread.sleep(pace.frame().toMillis());
    }
    return maxFrames < 100; // a fixed number of frames always succeeds
  }

  /** Draws one frame of the account's balances; returns them, or null when they are unavailable. */
  private @Nullable AccountBalances read(BalanceManager manager) {
    Instant now = Instant.now();
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            "%-5s %15s %15s %13s %-6s %4s  %s",
            "asset", "total", "available", "held", "fresh", "age", "source"));
    AccountBalances view;
    try {
      view = manager.balances(ACCOUNT);
    } catch (BalanceKitException e) {
      lines.add("unavailable: " + e.getMessage());
      term.redraw(lines.toArray(String[]::new));
      return null;
    }
    for (Asset asset : ASSETS) {
      view.get(asset)
          .ifPresentOrElse(
              b -> lines.add(row(b, now)), () -> lines.add(asset.code() + "  not reported"));
    }
    term.redraw(lines.toArray(String[]::new));
    return view;
  }

  private String row(Balance b, Instant now) {
    String fresh = String.format("%-6s", b.freshness());
    int colour = b.freshness() == Freshness.LIVE ? 32 : b.freshness() == Freshness.CACHED ? 33 : 31;
    return String.format(
        "%-5s %15s %15s %13s %s %4s  %s",
        b.asset().code(),
        b.total().toPlainString(),
        b.available().map(BigDecimal::toPlainString).orElse("-"),
        b.held().map(BigDecimal::toPlainString).orElse("-"),
        term.colour(fresh, colour),
        b.ageAt(now).toSeconds() + "s",
        b.source());
  }

  /** Whether every balance has {@code freshness} and comes from {@code source} (null: any). */
  private static boolean servedBy(
      AccountBalances view, @Nullable String source, Freshness freshness) {
    return view.balances().stream()
        .allMatch(b -> b.freshness() == freshness && (source == null || b.source().equals(source)));
  }

  private boolean waitFor(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    term.line("waiting for " + what + " ...");
    long deadline = System.nanoTime() + pace.phaseTimeout().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        term.line("gave up waiting for " + what);
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  private void statistics(BalanceManager manager) {
    ManagerStatistics s = manager.statistics();
    term.line(
        String.format(
            "reads %d: live %d, cached %d, stale %d, unavailable %d; fallbacks taken %d;"
                + " cache hit rate %.0f%%",
            s.reads(),
            s.servedLive(),
            s.servedCached(),
            s.servedStale(),
            s.unavailable(),
            s.fallbacksTaken(),
            s.cacheHitRate() * 100));
    for (SourceStatus source : manager.status().sources()) {
      term.line(
          String.format(
              "  %-14s %-9s %-9s circuit %s",
              source.name(), source.role(), source.state(), source.circuit()));
    }
  }

  // ------------------------------------------------------------------ 2. chat economy

  private boolean economy() throws Exception {
    term.heading("2. Chat economy on an embedded SQLite ledger");
    Path file = workDir.resolve("balancekit-demo-economy.db");
    Files.deleteIfExists(file);
    ManualClock clock =
        ManualClock.at("2026-11-01T18:00:00Z"); // simulated days: streaks without waiting
    try (Ledger ledger = Ledger.builder().sqlite(file).clock(clock).build()) {
      term.line("ledger file " + file.getFileName() + " (SQLite, WAL, synchronous=FULL)");
      Economy economy =
          Economy.builder().ledger(ledger).asset(Asset.of("COIN", 0)).clock(clock).build();
      String server = "guild-42";
      Member alice = Member.of("1001", "alice");
      Member bob = Member.of("1002", "bob");
      Member carol = Member.of("1003", "carol");
      for (int day = 1; day <= 3; day++) {
        ClaimResult a = economy.claimDaily(server, alice);
        term.line(
            String.format(
                "day %d  alice claims %s (+%s streak bonus, streak %d) -> %s",
                day, a.amount(), a.streakBonus(), a.streak(), a.balance()));
        if (day == 1) {
          ClaimResult b = economy.claimDaily(server, bob);
          term.line(String.format("day 1  bob claims %s -> %s", b.amount(), b.balance()));
          economy.claimDaily(server, carol);
        }
        clock.advance(Duration.ofDays(1));
      }
      ClaimResult day4 = economy.claimDaily(server, alice);
      term.line(
          String.format(
              "day 4  alice claims %s (+%s, streak %d) -> %s",
              day4.amount(), day4.streakBonus(), day4.streak(), day4.balance()));
      try {
        economy.claimDaily(server, alice);
        term.line("alice claims twice on day 4: accepted?! this should have been refused");
      } catch (BalanceKitException twice) {
        term.line("alice claims again on day 4, refused: " + twice.getMessage());
      }
      SendResult small = economy.send(server, alice, bob, new BigDecimal("40"), "lunch");
      term.line("alice sends bob 40: " + small.status() + ", alice has " + small.senderBalance());
      clock.advance(Duration.ofMinutes(2));
      SendResult large = economy.send(server, alice, carol, new BigDecimal("150"), "rent");
      term.line(
          "alice sends carol 150: " + large.status() + " (large amounts wait for a confirmation)");
      SendResult confirmed = economy.confirm(server, large.id(), alice.id());
      term.line(
          "alice confirms: " + confirmed.status() + ", carol has " + confirmed.recipientBalance());
      refused(
          () -> economy.send(server, bob, bob, BigDecimal.ONE, "to myself"), "bob sends himself 1");
      refused(
          () -> economy.send(server, carol, alice, new BigDecimal("5000"), "all in"),
          "carol sends alice 5000");
      term.line("leaderboard:");
      for (LeaderboardEntry e : economy.leaderboard(server, 3)) {
        term.line(String.format("  #%d %-6s %s", e.rank(), e.displayName(), e.balance()));
      }
      IntegrityReport integrity = ledger.verifyIntegrity();
      term.line(
          "verifyIntegrity(): "
              + (integrity.isSound() ? "sound" : "VIOLATIONS " + integrity.violations())
              + " ("
              + integrity.accountsChecked()
              + " accounts; entries sum to balances, every asset sums to zero)");
      return integrity.isSound();
    }
  }

  private void refused(Runnable send, String what) {
    try {
      send.run();
      term.line(what + ": accepted?! this should have been refused");
    } catch (BalanceKitException e) {
      term.line(what + ": refused (" + e.getClass().getSimpleName() + ") " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ 3. trends

  private boolean trends(BalanceHistory history, List<BalanceEvent.AlertRaised> alerts) {
    term.heading("3. Trends, sparklines and alerts from the history the manager recorded");
    Instant now = Instant.now();
    boolean ok = true;
    for (Asset asset : ASSETS) {
      Trend t = history.trend(ACCOUNT, asset, Duration.ofMinutes(10));
      List<BigDecimal> totals = new ArrayList<>();
      for (HistoryEntry e :
          history
              .series(ACCOUNT, asset, now.minus(Duration.ofMinutes(10)), now.plusSeconds(1), 10_000)
              .entries()) {
        totals.add(e.total());
      }
      term.line(
          String.format(
              "%-4s %-4s strength %.2f  volatility %.5f  change %s over %d samples",
              asset.code(),
              t.direction(),
              t.strength(),
              t.volatility(),
              t.change().toPlainString(),
              t.samples()));
      term.line("     " + Sparkline.of(totals, 60, term.unicode()));
      ok &= t.samples() > 0;
    }
    if (alerts.isEmpty()) {
      term.line("no alert raised");
    }
    for (BalanceEvent.AlertRaised a : alerts) {
      term.line("alert " + a.alert() + " [" + a.severity() + "]: " + a.message());
    }
    return ok;
  }
}
