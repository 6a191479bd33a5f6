package dev.balancekit.source.algorand;

import static dev.balancekit.source.algorand.FakeAlgod.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountNotFoundException;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.HttpSourceException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Regression tests of bugs the fuzz tests found. */
class FuzzBugsTest {
  private static final String ONE_HOLDING =
      "\"assets\":[{\"amount\":2,\"asset-id\":737034321,\"is-frozen\":false}]";

  /** Found writing {@link AlgodAccountFuzzTest}, confirmed with its loopback algod. */
  @Test
  void twoAsasWithTheSame32CharacterUnitName() throws Exception {
    String account =
        fixture("algod-account.json")
            .replace(
                ONE_HOLDING,
                "\"assets\":[{\"amount\":2,\"asset-id\":1,\"is-frozen\":false},"
                    + "{\"amount\":3,\"asset-id\":2,\"is-frozen\":false}]");
    String asset =
        fixture("algod-asset-usdc.json")
            .replace("\"unit-name\":\"USDC\"", "\"unit-name\":\"" + "U".repeat(32) + "\"");
    assertTypedOutcome(account, asset);
  }

  /** Found writing {@link AlgodAccountFuzzTest}, confirmed with its loopback algod. */
  @Test
  void holdingOfANegativeAssetId() throws Exception {
    String account =
        fixture("algod-account.json")
            .replace(
                ONE_HOLDING, "\"assets\":[{\"amount\":2,\"asset-id\":-5,\"is-frozen\":false}]");
    assertTypedOutcome(account, fixture("algod-asset-usdc.json"));
  }

  private static void assertTypedOutcome(String account, String asset) throws Exception {
    AlgorandSource source = AlgodAccountFuzzTest.serve(0, account, asset);
    try {
      source.fetch(AlgodAccountFuzzTest.ACCOUNT).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      assertThat(failed.getCause())
          .isInstanceOfAny(
              AccountNotFoundException.class,
              HttpSourceException.class,
              SourceUnavailableException.class);
    } finally {
      source.close();
    }
  }
}
