package dev.balancekit.source.binance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.balancekit.source.binance.TestVenue.ACCOUNT;
import static dev.balancekit.source.binance.TestVenue.ACCOUNT_PATH;
import static dev.balancekit.source.binance.TestVenue.API_KEY;
import static dev.balancekit.source.binance.TestVenue.SECRET_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.SourceState;
import dev.balancekit.source.http.Await;
import dev.balancekit.source.http.Futures;
import dev.balancekit.source.http.RecordingSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The API key, the secret key and every signature stay out of logs, {@code toString()} and
 * exception messages. Logs go to {@code target/binance-tests.log} (see {@code
 * simplelogger.properties}), shared by every test of this run, all of which use the same keys.
 */
class SecretsTest {
  private final TestVenue venue = new TestVenue();
  private BinanceSource binance;

  @AfterEach
  void stop() throws IOException {
    if (binance != null) {
      binance.close();
    }
    venue.close();
  }

  @Test
  void noSecretReachesALogLineAToStringOrAnExceptionMessage() throws IOException {
    venue.account(100, "1", "0", "50");
    venue.api.refusals.add(new int[] {401, -2015});
    binance = venue.source().build();
    binance.stream().attach(new RecordingSink());
    Await.until("live after a refused key", () -> binance.stream().state() == SourceState.LIVE);
    venue.rest.stubFor(TestVenue.accountRequest().willReturn(aResponse().withStatus(401)));
    Throwable restFailure =
        binance
            .rest()
            .fetch(ACCOUNT)
            .handle((v, e) -> Futures.unwrap(e))
            .orTimeout(10, TimeUnit.SECONDS)
            .join();

    List<String> secrets = new ArrayList<>(List.of(API_KEY, SECRET_KEY));
    venue
        .api
        .subscriptions()
        .forEach(s -> secrets.add(s.path("params").path("signature").asText()));
    venue
        .rest
        .findAll(getRequestedFor(urlPathEqualTo(ACCOUNT_PATH)))
        .forEach(r -> secrets.add(r.queryParameter("signature").firstValue()));
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(6);

    String log = Files.readString(Path.of("target/binance-tests.log"), StandardCharsets.UTF_8);
    assertThat(log).as("the refusals were logged").contains("refused the credentials");
    List<String> texts =
        List.of(
            log,
            restFailure.getMessage(),
            binance.toString(),
            binance.stream().toString(),
            binance.rest().toString(),
            binance.streamProtocol().toString(),
            new BinanceSigner(dev.balancekit.source.http.Secret.of(SECRET_KEY)).toString());
    for (String secret : secrets) {
      for (String text : texts) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }
}
