package dev.balancekit.source.kraken;

import static dev.balancekit.source.kraken.KrakenVenue.entry;
import static dev.balancekit.source.kraken.KrakenVenue.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.Balance;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Regression tests of bugs the fuzz tests found. */
class FuzzBugsTest {

  /** Found reading {@code BalancesFrame.instant} for {@link KrakenStreamFuzzTest}'s oracle. */
  @Test
  void timestampWithTrailingGarbageIsRefused() {
    String valid40 = "+10000-12-31T23:59:59.123456789+18:00:00"; // Instant.parse accepts it
    assertThatThrownBy(() -> BalancesFrame.instant(valid40 + "GARBAGE"))
        .isInstanceOf(IllegalArgumentException.class);

    try (KrakenSource kraken =
        KrakenSource.builder()
            .account(KrakenVenue.ACCOUNT)
            .apiKey(Secret.of(KrakenVenue.API_KEY))
            .apiSecret(Secret.of(KrakenVenue.API_SECRET))
            .assets(KrakenVenue.BTC)
            .build()) {
      Function<String, ?> reader = kraken.messageReader();
      String frame =
          update(2, entry("deposit", "BTC", "spot:main", "1", "0", "2"))
              .replace("2023-09-22T10:23:42.925034Z", valid40 + "GARBAGE");
      assertThatThrownBy(() -> reader.apply(frame)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  /**
   * Found by {@link KrakenStreamFuzzTest}: a snapshot whose BTC wallets hold 2.2 of a 1.2 total.
   */
  @Test
  void snapshotWalletsThatDoNotAddUpAreNotServed() {
    try (KrakenSource kraken =
        KrakenSource.builder()
            .account(KrakenVenue.ACCOUNT)
            .apiKey(Secret.of(KrakenVenue.API_KEY))
            .apiSecret(Secret.of(KrakenVenue.API_SECRET))
            .assets(KrakenVenue.BTC)
            .build()) {
      StreamMessage m =
          kraken
              .messageReader()
              .apply(
                  "{\"channel\":\"balances\",\"type\":\"snapshot\",\"sequence\":1,\"data\":"
                      + "[{\"asset\":\"BTC\",\"balance\":1.2,\"wallets\":[{\"type\":\"spot\","
                      + "\"id\":\"main\",\"balance\":2.2}]}]}");
      Balance btc = m.balances().orElseThrow().find("BTC").orElseThrow();
      assertThat(btc.total()).isEqualByComparingTo("1.2");
      assertThat(btc.wallets()).isEmpty(); // unknown, as the class documentation promises
    }
  }
}
