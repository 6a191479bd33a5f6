package dev.balancekit.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** Secrets never reach toString, log-facing text or exception messages. */
class SecretRedactionTest {
  private static final String KEY = "sUp3rS3cr3tK3y";

  @Test
  void secretPrintsAsMaskAndIsNotComparedByContent() {
    Secret a = Secret.of(KEY);
    Secret b = Secret.of(KEY);
    assertThat(a).hasToString("****");
    assertThat(String.valueOf(a)).doesNotContain(KEY);
    assertThat(a).isNotEqualTo(b);
    assertThat(a.reveal()).isEqualTo(KEY);
  }

  @Test
  void blankSecretIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> Secret.of("   "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret must not be null or blank");
  }

  @Test
  void urlsInMessagesHaveEveryQueryValueMaskedAndNoUserInfo() {
    HttpUrl url =
        HttpUrl.get(
            "https://user:pa55@api.example.com:8443/0/private/Balance?apiKey="
                + KEY
                + "&signature=abc123&nonce");
    String shown = Redaction.url(url);
    assertThat(shown)
        .isEqualTo(
            "https://api.example.com:8443/0/private/Balance?apiKey=****&signature=****&nonce")
        .doesNotContain(KEY, "abc123", "pa55", "user");
  }

  @Test
  void exceptionMessagesCarryNoSecrets() {
    HttpUrl url = HttpUrl.get("https://api.example.com/balance?token=" + KEY);
    assertThat(HttpSourceException.forStatus("venue", url, 401, null).getMessage())
        .contains("HTTP 401", "token=****")
        .doesNotContain(KEY);
    assertThat(HttpSourceException.malformedResponse("venue", url, 200, "empty body").getMessage())
        .doesNotContain(KEY);
    assertThat(
            HttpSourceException.connectionFailed("venue", url, new java.io.IOException("reset"))
                .getMessage())
        .doesNotContain(KEY);
  }

  @Test
  void malformedJsonIsDescribedWithoutQuotingTheInput() {
    JsonCodec codec = new JsonCodec(VenueConfig.custom().name("venue").build());
    assertThatThrownBy(() -> codec.read("{\"token\":\"" + KEY + "\", " + KEY + "}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON")
        .message()
        .doesNotContain(KEY);
    assertThatThrownBy(() -> codec.read(KEY + "xyz")).message().doesNotContain(KEY);
  }

  @Test
  void sourcesAndClientsPrintWithoutTheirSecrets() {
    WireMockServer server = RestFixture.startServer();
    try (VenueClient client =
        VenueClient.create(RestFixture.config(Duration.ofSeconds(1)).build())) {
      RestBalanceSource source =
          RestBalanceSource.builder()
              .client(client)
              .urlTemplate(server.baseUrl() + "/accounts/{account}?apiKey=" + KEY)
              .header("API-Key", Secret.of(KEY))
              .layout(RestFixture.layout())
              .build();
      assertThat(source.toString()).contains("apiKey=****", "API-Key").doesNotContain(KEY);
      assertThat(client.toString()).doesNotContain(KEY);
      assertThatThrownBy(
              () -> RestBalanceSource.builder().header("API-Key", Secret.of("bad\nvalue" + KEY)))
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain(KEY);
      assertThatThrownBy(
              () -> RestBalanceSource.builder().urlTemplate("https://x.example/?apiKey=" + KEY))
          .isInstanceOf(IllegalArgumentException.class)
          .message()
          .doesNotContain(KEY);
    } finally {
      server.stop();
    }
  }

  @Test
  void tokenInASubscribeMessageIsEscapedForJson() {
    JsonCodec codec = new JsonCodec(VenueConfig.custom().name("venue").build());
    assertThat(codec.escape("a\"b\\c")).isEqualTo("a\\\"b\\\\c");
  }
}
