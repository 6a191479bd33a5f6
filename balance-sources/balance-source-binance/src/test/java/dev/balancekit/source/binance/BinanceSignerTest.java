package dev.balancekit.source.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.source.http.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BinanceSignerTest {

  @Test
  void signsBinancesDocumentedHmacExample() {
    // The SIGNED request example (HMAC) of Binance's WebSocket API documentation, with its
    // published result.
    BinanceSigner signer =
        new BinanceSigner(
            Secret.of("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"));
    String payload =
        "apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&newOrderRespType=ACK"
            + "&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC"
            + "&timestamp=1645423376532&type=LIMIT";

    assertThat(signer.sign(payload))
        .isEqualTo("cc15477742bd704c29492d96c7ead9414dfd8e0ec4a00f947bb5bb454ddbd08a");
  }

  @Test
  void matchesAnIndependentHmacSha256() {
    BinanceSigner signer = new BinanceSigner(Secret.of(TestVenue.SECRET_KEY));
    String payload = "recvWindow=5000&timestamp=1772323200001";

    assertThat(signer.sign(payload))
        .isEqualTo(TestVenue.hmacSha256(TestVenue.SECRET_KEY, payload))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void sortsWebSocketParametersByName() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("timestamp", "3");
    params.put("apiKey", "k");
    params.put("recvWindow", "2");

    assertThat(BinanceSigner.sortedPayload(params)).isEqualTo("apiKey=k&recvWindow=2&timestamp=3");
  }

  @Test
  void neverPrintsTheKey() {
    assertThat(new BinanceSigner(Secret.of(TestVenue.SECRET_KEY)).toString())
        .doesNotContain(TestVenue.SECRET_KEY);
  }
}
