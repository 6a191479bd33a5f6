package dev.balancekit.examples;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceKitException;
import dev.balancekit.BalanceManager;
import dev.balancekit.ManagerStatistics;
import dev.balancekit.SourceState;
import dev.balancekit.SourceStatus;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.event.BalanceEvent;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.source.ManualClock;
import dev.balancekit.spi.BalanceCache;
import dev.balancekit.spi.CachePolicy;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tour of the manager on in-memory sources: a live stream, a REST fallback when the stream drops,
 * the last value served stale with its age when everything fails, and a typed error once that value
 * is too old. Simulated time, so it runs in a second.
 */
public final class QuickDemo {
  private static final AccountRef ACCOUNT = AccountRef.of("kraken", "demo-trader");
  private static final Asset BTC = Asset.of("BTC", 8);
  private static final Asset ETH = Asset.of("ETH", 18);

  private QuickDemo() {
  }

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  /** Runs the tour, writing what happens to {@code out}. */
  public static void run(PrintStream out) throws InterruptedException {
    ManualClock clock = ManualClock.at("2026-11-22T09:00:00Z"); // simulated time: ages of minutes without waiting
    InMemoryBalanceSource stream = InMemoryBalanceSource.create("kraken-ws", clock);
    InMemoryBalanceSource rest = InMemoryBalanceSource.create("kraken-rest", clock);

    try (BalanceManager manager = BalanceManager.builder()
        .source(stream)
        .fallback(rest.fetchOnly())
        .cache(BalanceCache.inMemory(CachePolicy.of(Duration.ofSeconds(30), Duration.ofMinutes(10), 1.0)))
        .clock(clock)
        .build()) {
      BlockingQueue<BalanceEvent.Changed> changes = new LinkedBlockingQueue<>();
      manager.onChange(changes::add);

      out.println("== 1. stream is LIVE: reads come from its synced view, no I/O");
      stream.put(ACCOUNT, BTC, "1.50000000");
      stream.put(ACCOUNT, ETH, "10");
      show(out, manager.balance(ACCOUNT, BTC), clock);
      show(out, manager.balance(ACCOUNT, ETH), clock);

      out.println("== 2. a trade arrives on the stream: onChange listeners hear about it");
      stream.put(ACCOUNT, BTC, "1.25000000");
      BalanceEvent.Changed change = changes.poll(5, TimeUnit.SECONDS);
      out.printf("   changed: %s %s -> %s (delta %s)%n", change.asset().code(), change.previous().toPlainString(),
          change.current().toPlainString(), change.delta().toPlainString());

      out.println("== 3. stream drops; 31 s later the cached copy has expired, so the REST fallback answers");
      rest.put(ACCOUNT, BTC, "1.25000000");
      stream.moveTo(SourceState.DEGRADED, "connection reset by peer");
      show(out, manager.balance(ACCOUNT, BTC), clock);
      clock.advance(Duration.ofSeconds(31));
      show(out, manager.balance(ACCOUNT, BTC), clock);

      out.println("== 4. 45 s later REST fails too: the last value is served STALE with its age");
      clock.advance(Duration.ofSeconds(45));
      rest.failWith(SourceUnavailableException.of("kraken-rest", "HTTP 503 Service Unavailable"));
      show(out, manager.balance(ACCOUNT, BTC), clock);

      out.println("== 5. 11 min later the value is too old to trust: a typed error, never a made-up zero");
      clock.advance(Duration.ofMinutes(11));
      try {
        manager.balance(ACCOUNT, BTC);
      } catch (BalanceKitException e) {
        out.println("   " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }

      out.println("== 6. status and statistics");
      for (SourceStatus s : manager.status().sources()) {
        out.printf("   %-12s %-8s state=%-9s circuit=%-6s lastError=%s%n", s.name(), s.role(),
            s.state(), s.circuit(), s.lastError());
      }
      ManagerStatistics st = manager.statistics();
      out.printf("   reads=%d live=%d cached=%d stale=%d unavailable=%d fallbacks=%d tracked=%d%n", st.reads(),
          st.servedLive(), st.servedCached(), st.servedStale(), st.unavailable(), st.fallbacksTaken(),
          st.trackedAccounts());
    }
    out.println("== done: manager closed, its threads stopped");
  }

  private static void show(PrintStream out, Balance b, Clock clock) {
    out.printf("   %s = %s  [%s from %s, age %d s]%n", b.asset().code(), b.total().toPlainString(), b.freshness(),
        b.source(), b.ageAt(clock.instant()).toSeconds());
  }
}
