package dev.balancekit.source.kraken;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.balancekit.source.kraken.KrakenVenue.ACCOUNT;
import static dev.balancekit.source.kraken.KrakenVenue.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.SourceState;
import dev.balancekit.source.http.Await;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.RecordingSink;
import dev.balancekit.source.http.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The API key, the API secret and the WebSocket tokens never show in logs (captured at debug
 * level), {@code toString()} or exception messages, whatever goes wrong. Every secret of the
 * loopback venue contains {@code LEAKCHECK}.
 */
class SecretsTest {
  private static final String LEAK = "LEAKCHECK";
  private static final String SECRET_BASE64_PART = KrakenVenue.API_SECRET.substring(0, 24);

  @Test
  void secretsStayOutOfLogsToStringAndExceptionMessages() throws Exception {
    List<String> texts = new ArrayList<>();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (KrakenVenue venue = new KrakenVenue()) {
      venue.onSubscribe =
          (c, token) -> {
            if (token.endsWith("-1")) {
              c.send(
                  "{\"error\":\"ESession:Invalid session "
                      + token
                      + "\",\"method\":\"subscribe\",\"success\":false}");
            } else {
              c.send(fixture("ws-v2-subscribe-ack.json"));
              c.send(fixture("ws-v2-balances-snapshot.json"));
              c.send(
                  "{\"channel\":\"balances\",\"type\":\"update\",\"token\":\""
                      + token
                      + "\",\"data\":[{\"asset\":");
            }
          };
      try (KrakenSource kraken = venue.builder().build()) {
        RecordingSink sink = new RecordingSink();
        kraken.stream().attach(sink);
        Await.until(
            "the stream is LIVE after a refused token",
            () -> kraken.stream().state() == SourceState.LIVE);
        Await.until(
            "the malformed frame holding the token is counted",
            () -> kraken.malformedMessages() == 1);
        sink.changes.forEach(c -> texts.add(c.reason()));

        venue.balanceEx("{\"error\":[\"EAPI:Invalid key\"]}");
        texts.add(failureOf(kraken).toString());
        venue.balanceEx("{\"error\":[\"EGeneral:Invalid arguments " + KrakenVenue.API_KEY + "\"]}");
        texts.add(failureOf(kraken).toString());
        venue.balanceEx(aResponse().withStatus(401).withBody(KrakenVenue.API_KEY));
        texts.add(failureOf(kraken).toString());
        venue.balanceEx(
            aResponse()
                .withStatus(200)
                .withBody(
                    "{\"error\":[],\"result\":{\"XXBT\":" + "{\"balance\":\"" + LEAK + "\"}}}"));
        texts.add(failureOf(kraken).toString());

        texts.add(kraken.toString());
        texts.add(kraken.stream().toString());
        texts.add(kraken.rest().toString());
        texts.add(venue.builder().toString());
      }
    } finally {
      System.setErr(originalErr);
    }
    texts.add(log.toString(StandardCharsets.UTF_8));

    assertThat(texts.get(texts.size() - 1))
        .as("the log was captured")
        .contains("refused the balances subscription");
    assertThat(texts)
        .allSatisfy(
            text -> assertThat(text).doesNotContain(LEAK).doesNotContain(SECRET_BASE64_PART));
  }

  @Test
  void builderErrorsNeverRepeatASecret() {
    assertThatThrownBy(() -> KrakenSource.builder().apiSecret(Secret.of(LEAK + "%%%not-base64")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(LEAK);
    assertThatThrownBy(
            () -> KrakenSource.builder().account(ACCOUNT).apiKey(Secret.of(LEAK)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("apiSecret=missing")
        .hasMessageNotContaining(LEAK);
  }

  private static Throwable failureOf(KrakenSource kraken) {
    try {
      kraken.rest().fetch(ACCOUNT).join();
    } catch (CompletionException e) {
      return Futures.unwrap(e);
    }
    throw new AssertionError("the fetch did not fail");
  }
}
