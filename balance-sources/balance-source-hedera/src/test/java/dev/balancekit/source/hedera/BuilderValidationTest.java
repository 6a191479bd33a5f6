package dev.balancekit.source.hedera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.source.http.Secret;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every builder argument is checked at once, with a message naming it and the value. */
class BuilderValidationTest {
  private static final AccountRef OPERATOR = AccountRef.of("hedera:testnet", "0.0.1001");
  private static final Secret KEY =
      Secret.of(com.hedera.hashgraph.sdk.PrivateKey.generateED25519().toString());

  private static void refused(Executable call, String... mentions) {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, call);
    assertThat(e.getMessage()).contains(mentions);
  }

  @Test
  void eachSetterRefusesABadValueNamingIt() {
    HederaSource.Builder b = HederaSource.builder();
    refused(() -> b.network(null), "network");
    refused(() -> b.name("Bad Name"), "name", "'Bad Name'");
    refused(() -> b.mirrorUrl("ftp://mirror"), "mirrorUrl", "'ftp://mirror'");
    refused(() -> b.mirrorUrl("https://mirror.example/?x=1"), "mirrorUrl", "query");
    refused(() -> b.mirrorUrl(null), "mirrorUrl", "null");
    refused(() -> b.venueConfig(null), "venueConfig");
    refused(() -> b.pollInterval(Duration.ofMillis(99)), "pollInterval", "PT0.099S");
    refused(() -> b.pollInterval(Duration.ofHours(2)), "pollInterval", "PT2H");
    refused(() -> b.pollInterval(null), "pollInterval", "null");
    refused(() -> b.tokenCode("USDC", "USDC"), "tokenId");
    refused(() -> b.tokenCode("0.0.5", "HBAR"), "HBAR");
    refused(() -> b.tokenCode("0.0.5", "no spaces"), "tokenCode", "0.0.5");
    b.tokenCode("0.0.5", "USDC");
    refused(() -> b.tokenCode("0.0.6", "USDC"), "'USDC'", "0.0.5");
    refused(() -> b.operator(null, KEY), "operator account");
    refused(
        () -> b.operator(AccountRef.of("kraken", "main"), KEY), "operator account", "kraken/main");
    refused(() -> b.operator(OPERATOR, null), "operator privateKey");
    refused(() -> b.maxTransactionFee(BigDecimal.ZERO), "maxTransactionFee", "0");
    refused(() -> b.maxTransactionFee(new BigDecimal("-1")), "maxTransactionFee", "-1");
    refused(
        () -> b.maxTransactionFee(new BigDecimal("0.000000001")),
        "maxTransactionFee",
        "0.000000001");
    refused(() -> b.maxTransactionFee(new BigDecimal("101")), "maxTransactionFee", "101");
    refused(() -> b.maxTransactionFee(null), "maxTransactionFee", "null");
    refused(() -> b.consensusNodes(Map.of()), "consensusNodes");
    refused(() -> b.consensusNodes(Map.of("no-port", "0.0.3")), "consensusNodes", "'no-port'");
    refused(() -> b.consensusNodes(Map.of("127.0.0.1:50211", "three")), "consensusNodes node id");
    refused(() -> b.consensusTimeout(Duration.ofMillis(10)), "consensusTimeout", "PT0.01S");
    refused(() -> b.clock(null), "clock");
  }

  @Test
  void buildRefusesMissingAndConflictingSettings() {
    assertThatThrownBy(() -> HederaSource.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("network");
    assertThatThrownBy(
            () ->
                HederaSource.builder()
                    .network(HederaNetwork.MAINNET)
                    .operator(OPERATOR, KEY)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("hedera:testnet/0.0.1001")
        .hasMessageContaining("hedera:mainnet");
    assertThatThrownBy(
            () ->
                HederaSource.builder()
                    .network(HederaNetwork.TESTNET)
                    .maxTransactionFee(BigDecimal.ONE)
                    .consensusTimeout(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxTransactionFee")
        .hasMessageContaining("consensusTimeout")
        .hasMessageContaining("operator");
    AccountRef mainnetChecksum =
        AccountRef.of(
            "hedera:testnet",
            "0.0.1001-" + new EntityId(0, 0, 1001).checksum(HederaNetwork.MAINNET));
    assertThatThrownBy(
            () ->
                HederaSource.builder()
                    .network(HederaNetwork.TESTNET)
                    .operator(mainnetChecksum, KEY)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void aBuilderBuildsAgainWithTheSettingsItWasGiven() {
    HederaSource.Builder builder =
        HederaSource.builder().network(HederaNetwork.PREVIEWNET).mirrorUrl("http://127.0.0.1:9");
    // build() once wrote its defaults into the builder, so the second build refused them.
    try (HederaSource first = builder.build();
        HederaSource second = builder.build()) {
      assertThat(second.rest().name()).isEqualTo(first.rest().name());
    }
  }

  @Test
  void withoutAnOperatorThereIsNoRailAndNoSdkClient() {
    try (HederaSource hedera =
        HederaSource.builder()
            .network(HederaNetwork.PREVIEWNET)
            .mirrorUrl("http://127.0.0.1:9")
            .build()) {
      assertThatThrownBy(hedera::rail)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("operator");
      assertThat(hedera.network()).isEqualTo(HederaNetwork.PREVIEWNET);
      assertThat(hedera.rest().name()).isEqualTo("hedera-previewnet-mirror");
      assertThat(hedera.stream().name()).isEqualTo("hedera-previewnet-stream");
      assertThat(hedera.toString()).contains("rail=none");
    }
  }

  @Test
  void networksNameTheirVenuesAndPublicMirrors() {
    assertThat(HederaNetwork.MAINNET.venue()).isEqualTo("hedera:mainnet");
    assertThat(HederaNetwork.TESTNET.defaultMirrorUrl())
        .isEqualTo("https://testnet.mirrornode.hedera.com");
    assertThat(HederaNetwork.PREVIEWNET.shortName()).isEqualTo("previewnet");
  }
}
