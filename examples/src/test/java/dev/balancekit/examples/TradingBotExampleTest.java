package dev.balancekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.InMemoryBalanceSource;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TradingBotExampleTest {
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "bot");
  static final Asset USD = Asset.of("USD", 4);
  final ManualClock clock = ManualClock.at("2026-11-30T12:00:00Z");
  final InMemoryBalanceSource stream = InMemoryBalanceSource.create("kraken-stream", clock);

  private long sequence;

  private Balance usd(String total, String available) {
    Balance.Builder b =
        Balance.builder(ACCOUNT, USD)
            .total(new BigDecimal(total))
            .source("kraken-stream")
            .observedAt(clock.instant())
            .sequence(++sequence);
    return (available == null ? b : b.available(new BigDecimal(available))).build();
  }

  @Test
  void opensOnlyWhatIsAvailablePausesBelowTheLowWaterMarkAndRefusesOnUnknown() throws Exception {
    try (BalanceManager manager = BalanceManager.builder().source(stream).clock(clock).build();
        TradingBotExample bot =
            new TradingBotExample(
                manager, ACCOUNT, USD, new BigDecimal("200"), Duration.ofSeconds(30), clock)) {
      stream.put(usd("1000", "800"));
      assertThat(bot.refusalToOpen(new BigDecimal("500"))).isEmpty();
      assertThat(bot.refusalToOpen(new BigDecimal("900")))
          .contains("needs 900 USD but only 800.0000 is available");

      stream.put(usd("150", "150"));
      waitUntil(bot::paused);
      assertThat(bot.refusalToOpen(BigDecimal.ONE)).contains("paused: USD fell below 200");

      stream.put(
          usd("5000", null)); // a total without the available figure, as Kraken's stream sends
      waitUntil(() -> !bot.paused());
      assertThat(bot.refusalToOpen(BigDecimal.ONE).orElseThrow())
          .startsWith("available USD unknown");
    }
  }

  @Test
  void noAnswerIsARefusalNotAZeroOrAGuess() {
    InMemoryBalanceSource rest = InMemoryBalanceSource.create("kraken-rest", clock);
    rest.failWith(SourceUnavailableException.of("kraken-rest", "HTTP 503"));
    try (BalanceManager manager =
            BalanceManager.builder().source(rest.fetchOnly()).clock(clock).build();
        TradingBotExample bot =
            new TradingBotExample(
                manager, ACCOUNT, USD, BigDecimal.TEN, Duration.ofSeconds(30), clock)) {
      assertThat(bot.refusalToOpen(BigDecimal.ONE).orElseThrow())
          .startsWith("balance unknown:")
          .contains("HTTP 503");
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
