package dev.balancekit.source.binance;

import static dev.balancekit.source.binance.TestVenue.ACCOUNT;
import static dev.balancekit.source.binance.TestVenue.BTC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.SourceState;
import dev.balancekit.source.http.Await;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import okhttp3.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The README wiring: the stream as the manager's source, REST as its fallback. */
class BinanceWithManagerTest {
  private final TestVenue venue = new TestVenue();

  @AfterEach
  void stop() throws IOException {
    venue.close();
  }

  @Test
  void readsTheStreamFallsBackToRestWhileItIsDownAndReturnsToTheStream() {
    venue.account(100, "1", "0", "50");
    BinanceSource binance = venue.source().build();
    try (BalanceManager manager =
        BalanceManager.builder()
            .source(binance.stream())
            .fallback(binance.rest())
            .config(BalanceManagerConfig.custom().restTimeout(Duration.ofSeconds(5)).build())
            .build()) {
      WebSocket socket = venue.api.nextConnection();
      Await.until("the stream is LIVE", () -> binance.stream().state() == SourceState.LIVE);
      socket.send(TestVenue.position(201, 200, "BTC", "2", "0"));
      Await.until(
          "the manager answers from the stream",
          () -> read(manager).total().compareTo(new BigDecimal("2")) == 0);
      assertThat(read(manager).source()).isEqualTo("binance-stream");

      venue.acceptConnections(false);
      venue.account(300, "3", "0", "50");
      socket.close(1001, "going away");
      Await.until("the stream is down", () -> binance.stream().state() == SourceState.DEGRADED);
      Balance fromRest = read(manager);
      assertThat(fromRest.source()).isEqualTo("binance-rest");
      assertThat(fromRest.total()).isEqualByComparingTo("3");

      venue.acceptConnections(true);
      Await.until("the stream is LIVE again", () -> binance.stream().state() == SourceState.LIVE);
      venue.api.nextConnection().send(TestVenue.position(401, 400, "BTC", "4", "0"));
      Await.until(
          "the manager answers from the stream again",
          () -> read(manager).total().compareTo(new BigDecimal("4")) == 0);
      assertThat(read(manager).source()).isEqualTo("binance-stream");
    }
    assertThat(binance.stream().state())
        .as("the manager closed the sources")
        .isEqualTo(SourceState.CLOSED);
    assertThat(binance.rest().state()).isEqualTo(SourceState.CLOSED);
  }

  private static Balance read(BalanceManager manager) {
    return manager.balance(ACCOUNT, BTC);
  }
}
