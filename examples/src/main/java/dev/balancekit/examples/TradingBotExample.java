package dev.balancekit.examples;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceKitException;
import dev.balancekit.BalanceManager;
import dev.balancekit.Freshness;
import dev.balancekit.Subscription;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A trading bot's two balance questions: "may I open this position?" and "stop trading when the
 * quote balance runs low". Works with any manager; in production its source is {@code
 * KrakenSource.stream()} with {@code rest()} as fallback (see the README).
 *
 * <p>Thread-safe: the low-balance flag is set from the manager's listener thread.
 */
public final class TradingBotExample implements AutoCloseable {
  private final BalanceManager manager;
  private final AccountRef account;
  private final Asset quote;
  private final BigDecimal lowWater;
  private final Duration maxAge;
  private final Clock clock;
  private final AtomicBoolean paused = new AtomicBoolean();
  private final Subscription protection;

  /**
   * @param quote the asset positions are paid in, for example USD
   * @param lowWater trading pauses while the quote total is below it, and resumes above it
   * @param maxAge how old a balance may be to trade on it
   */
  public TradingBotExample(
      BalanceManager manager,
      AccountRef account,
      Asset quote,
      BigDecimal lowWater,
      Duration maxAge,
      Clock clock) {
    this.manager = manager;
    this.account = account;
    this.quote = quote;
    this.lowWater = lowWater;
    this.maxAge = maxAge;
    this.clock = clock;
    // Low-balance protection: onChange runs off the ingest thread, in order per account.
    this.protection =
        manager.onChange(
            change -> {
              if (change.account().equals(account) && change.asset().equals(quote)) {
                paused.set(change.current().compareTo(lowWater) < 0);
              }
            });
  }

  /** Whether the low-balance protection has paused trading. */
  public boolean paused() {
    return paused.get();
  }

  /**
   * Whether a position costing {@code cost} of the quote asset may be opened now, and why not.
   * Refuses on unknown rather than guess: no available figure, a stale value, or no answer at all.
   *
   * @return empty if it may, else the reason
   */
  public Optional<String> refusalToOpen(BigDecimal cost) {
    if (paused.get()) {
      return Optional.of("paused: " + quote.code() + " fell below " + lowWater.toPlainString());
    }
    Balance balance;
    try {
      balance = manager.balance(account, quote);
    } catch (BalanceKitException e) {
      return Optional.of("balance unknown: " + e.getMessage());
    }
    if (balance.freshness() == Freshness.STALE
        && balance.ageAt(clock.instant()).compareTo(maxAge) > 0) {
      return Optional.of(
          "balance is stale (" + balance.ageAt(clock.instant()).toSeconds() + " s old)");
    }
    // Kraken's stream carries totals only: without a REST read, what is free to spend is unknown.
    BigDecimal free = balance.available().orElse(null);
    if (free == null) {
      return Optional.of("available " + quote.code() + " unknown (the stream carries totals only)");
    }
    if (free.compareTo(cost) < 0) {
      return Optional.of(
          "needs "
              + cost.toPlainString()
              + " "
              + quote.code()
              + " but only "
              + free.toPlainString()
              + " is available");
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    protection.close();
  }
}
