package dev.balancekit.source.algorand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.source.http.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuilderValidationTest {

  @Test
  void eachSetterRefusesABadValueNamingIt() {
    AlgorandSource.Builder b = AlgorandSource.builder();

    assertThatThrownBy(() -> b.name("Bad Name"))
        .hasMessageContaining("name")
        .hasMessageContaining("'Bad Name'");
    assertThatThrownBy(() -> b.network("Test Net"))
        .hasMessageContaining("network")
        .hasMessageContaining("'Test Net'");
    assertThatThrownBy(() -> b.network(null)).hasMessageContaining("network");
    assertThatThrownBy(() -> b.algodUrl("ftp://node"))
        .hasMessageContaining("algodUrl")
        .hasMessageContaining("'ftp://node'");
    assertThatThrownBy(() -> b.algodUrl("http://node?token=x")).hasMessageContaining("algodUrl");
    assertThatThrownBy(() -> b.apiToken(null)).hasMessageContaining("apiToken");
    assertThatThrownBy(() -> b.apiTokenHeader("X Token")).hasMessageContaining("apiTokenHeader");
    assertThatThrownBy(() -> b.signer(null)).hasMessageContaining("signer");
    assertThatThrownBy(() -> b.requestTimeout(Duration.ZERO))
        .hasMessageContaining("requestTimeout")
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> b.confirmationTimeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("confirmationTimeout");
    assertThatThrownBy(() -> b.confirmationPollInterval(Duration.ofNanos(5)))
        .hasMessageContaining("confirmationPollInterval");
    assertThatThrownBy(() -> b.threads(0))
        .hasMessageContaining("threads")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> b.clock(null)).hasMessageContaining("clock");
  }

  @Test
  void buildNeedsNetworkAndUrl() {
    assertThatThrownBy(() -> AlgorandSource.builder().algodUrl("http://localhost:4001").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("network=null");
    assertThatThrownBy(() -> AlgorandSource.builder().network("testnet").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("algodUrl=null");
  }

  @Test
  void pollIntervalMustBeBelowTheConfirmationTimeout() {
    assertThatThrownBy(
            () ->
                AlgorandSource.builder()
                    .network("testnet")
                    .algodUrl("http://localhost:4001")
                    .confirmationTimeout(Duration.ofSeconds(1))
                    .confirmationPollInterval(Duration.ofSeconds(2))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("confirmationPollInterval");
  }

  @Test
  void validSettingsBuildASourceOnTheNamedVenue() {
    try (AlgorandSource s =
        AlgorandSource.builder()
            .name("algo-test")
            .network("localnet")
            .algodUrl("http://localhost:4001")
            .apiToken(Secret.of("a".repeat(64)))
            .simulate(true)
            .threads(1)
            .build()) {
      assertThat(s.name()).isEqualTo("algo-test");
      assertThat(s.venue()).isEqualTo("algorand:localnet");
      assertThat(s.rail().name()).isEqualTo("algo-test");
    }
  }
}
