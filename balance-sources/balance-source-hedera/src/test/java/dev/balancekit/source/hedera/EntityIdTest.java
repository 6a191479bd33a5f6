package dev.balancekit.source.hedera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hedera.hashgraph.sdk.AccountId;
import com.hedera.hashgraph.sdk.Client;
import com.hedera.hashgraph.sdk.LedgerId;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ids and their HIP-15 checksums, checked against the SDK's own. */
class EntityIdTest {

  @Test
  void checksumsMatchTheSdksOnEveryNetwork() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    // No node is ever contacted: the client only lends its ledger id to the SDK's checksum.
    try (Client client = Client.forNetwork(Map.of())) {
      for (HederaNetwork network : HederaNetwork.values()) {
        client.setLedgerId(LedgerId.fromBytes(new byte[] {network.ledgerId()}));
        for (int i = 0; i < 300; i++) {
          long shard = i % 10 == 0 ? random.nextLong(5) : 0;
          long realm = i % 7 == 0 ? random.nextLong(5) : 0;
          long num = i < 100 ? i : random.nextLong(1, Long.MAX_VALUE);
          EntityId id = new EntityId(shard, realm, num);
          String sdk = new AccountId(shard, realm, num).toStringWithChecksum(client);

          assertThat(id + "-" + id.checksum(network)).as("%s on %s", id, network).isEqualTo(sdk);
          assertThat(EntityId.parse("id", sdk, network)).isEqualTo(id);
        }
      }
    }
  }

  @Test
  void aChecksumOfAnotherNetworkOrATypoIsRefused() {
    EntityId id = new EntityId(0, 0, 123);
    String mainnet = id + "-" + id.checksum(HederaNetwork.MAINNET);

    assertThat(EntityId.parse("account id", mainnet, HederaNetwork.MAINNET)).isEqualTo(id);
    assertThatThrownBy(() -> EntityId.parse("account id", mainnet, HederaNetwork.TESTNET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hedera:testnet");
    assertThatThrownBy(
            () ->
                EntityId.parse(
                    "account id",
                    "0.0.124-" + id.checksum(HederaNetwork.MAINNET),
                    HederaNetwork.MAINNET))
        .hasMessageContaining("mistyped");
  }

  @Test
  void malformedIdsAreRefused() {
    for (String bad :
        new String[] {
          "", "0.0", "0.0.x", "0.0.1-ABCDE", "0.0.99999999999999999999", "-1.0.1", " 0.0.1"
        }) {
      assertThatThrownBy(() -> EntityId.parse("id", bad, HederaNetwork.TESTNET))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> EntityId.plain("token id", "0.0.1-abcde"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
