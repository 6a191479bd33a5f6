package dev.balancekit.source.hedera;

import static dev.balancekit.source.hedera.MirrorVenue.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.source.http.FuzzVenue;
import dev.balancekit.source.http.HttpSourceException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Regression tests of bugs the fuzz tests found. */
class FuzzBugsTest {

  /** Found by {@link HederaMirrorFuzzTest}'s probe read after a refused answer. */
  @Test
  void refusedTokenPageTeachesNoDecimals() throws Exception {
    FuzzVenue venue = new FuzzVenue("hedera");
    String[] tokens = {
      "{\"tokens\":[{\"token_id\":\"0.0.5\",\"balance\":\"1\",\"decimals\":7},"
          + "{\"token_id\":\"0.0.6\",\"balance\":1.5}],\"links\":{\"next\":null}}"
    };
    venue.answer(
        "/api/v1/accounts/0.0.2?",
        r ->
            FuzzVenue.json(
                fixture("mirror-account.json")
                    .replace("\"account\":\"0.0.8\"", "\"account\":\"0.0.2\"")
                    .getBytes(StandardCharsets.UTF_8)));
    venue.answer(
        "/api/v1/accounts/0.0.2/tokens",
        r -> FuzzVenue.json(tokens[0].getBytes(StandardCharsets.UTF_8)));
    venue.answer(
        "/api/v1/tokens/0.0.5",
        r -> FuzzVenue.json("{\"decimals\":\"2\"}".getBytes(StandardCharsets.UTF_8)));
    AccountRef account = AccountRef.of("hedera:testnet", "0.0.2");
    try (HederaSource hedera =
        HederaSource.builder()
            .network(HederaNetwork.TESTNET)
            .mirrorUrl(venue.url().toString())
            .venueConfig(FuzzVenue.config("hedera").build())
            .build()) {
      // A fraction of a token unit: the whole answer is refused...
      assertThatThrownBy(() -> hedera.rest().fetch(account).get())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(HttpSourceException.class);

      // ...so 0.0.5's decimals come from /tokens/0.0.5 (2), not from the refused page (7).
      tokens[0] = "{\"tokens\":[{\"token_id\":\"0.0.5\",\"balance\":\"1\"}],\"links\":{}}";
      assertThat(hedera.rest().fetch(account).get().find("0.0.5").orElseThrow().asset().scale())
          .isEqualTo(2);
    }
  }
}
