package dev.balancekit.source.binance;

import static dev.balancekit.source.binance.TestVenue.ACCOUNT;
import static dev.balancekit.source.binance.TestVenue.API_KEY;
import static dev.balancekit.source.binance.TestVenue.BTC;
import static dev.balancekit.source.binance.TestVenue.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.Asset;
import dev.balancekit.source.http.Secret;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every setter checks its argument at once and names it; build() names what is missing. */
class BinanceSourceBuilderTest {

  @Test
  void settersRefuseBadValuesNamingTheParameterAndTheValue() {
    BinanceSource.Builder b = BinanceSource.builder();

    assertThatThrownBy(() -> b.name("Binance Main"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name")
        .hasMessageContaining("'Binance Main'");
    assertThatThrownBy(() -> b.account(null)).hasMessage("account must not be null");
    assertThatThrownBy(() -> b.restBaseUrl("ftp://api.binance.com"))
        .hasMessageContaining("restBaseUrl")
        .hasMessageContaining("'ftp://api.binance.com'");
    assertThatThrownBy(() -> b.webSocketUrl("https://ws-api.binance.com/ws-api/v3"))
        .hasMessageContaining("webSocketUrl")
        .hasMessageContaining("'https://ws-api.binance.com/ws-api/v3'");
    assertThatThrownBy(() -> b.recvWindow(Duration.ofSeconds(61)))
        .hasMessageContaining("recvWindow")
        .hasMessageContaining("PT1M1S");
    assertThatThrownBy(() -> b.recvWindow(Duration.ZERO)).hasMessageContaining("recvWindow");
    assertThatThrownBy(() -> b.reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("reconnectBackoff max")
        .hasMessageContaining("PT1S");
    assertThatThrownBy(() -> b.maxReconnectAttempts(0))
        .hasMessageContaining("maxReconnectAttempts")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> b.maxConnectionAge(Duration.ofHours(25)))
        .hasMessageContaining("maxConnectionAge")
        .hasMessageContaining("PT25H");
    assertThatThrownBy(() -> b.clock(null)).hasMessage("clock must not be null");
    assertThatThrownBy(() -> b.venueConfig(null)).hasMessage("venueConfig must not be null");
  }

  @Test
  void anAssetCodeCanBeAddedOnceAndAFailedBatchAddsNothing() {
    BinanceSource.Builder b = BinanceSource.builder().asset(BTC);

    assertThatThrownBy(() -> b.asset(Asset.of("BTC", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BTC(2)")
        .hasMessageContaining("BTC(8)");
    assertThatThrownBy(() -> b.assets(Arrays.asList(Asset.of("ETH", 8), null)))
        .hasMessage("asset must not be null");
    b.assets(List.of(Asset.of("ETH", 8)));
  }

  @Test
  void aMalformedApiKeyIsRefusedWithoutRepeatingIt() {
    String withNewline = "abc\ndef-key-value";

    assertThatThrownBy(() -> BinanceSource.builder().apiKey(Secret.of(withNewline)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey")
        .hasMessageNotContaining("def-key-value");
  }

  @Test
  void buildNamesEverythingMissing() {
    assertThatThrownBy(() -> BinanceSource.builder().apiKey(Secret.of(API_KEY)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a BinanceSource needs account, secretKey, at least one asset");
  }

  @Test
  void theDefaultsBuildAndNameTheSources() {
    try (BinanceSource binance =
        BinanceSource.builder()
            .account(ACCOUNT)
            .apiKey(Secret.of(API_KEY))
            .secretKey(Secret.of(SECRET_KEY))
            .asset(BTC)
            .build()) {
      assertThat(binance.stream().name()).isEqualTo("binance-stream");
      assertThat(binance.rest().name()).isEqualTo("binance-rest");
      assertThat(binance.account()).isEqualTo(ACCOUNT);
      assertThat(binance.stream().supports(ACCOUNT)).isTrue();
    }
  }
}
