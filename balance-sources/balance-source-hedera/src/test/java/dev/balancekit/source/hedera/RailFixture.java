package dev.balancekit.source.hedera;

import com.hedera.hashgraph.sdk.PrivateKey;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.http.Secret;
import dev.balancekit.spi.TransferRail;
import java.time.Duration;
import java.util.Map;

/**
 * A mirror and a consensus node on loopback and a rail between them: operator 0.0.1001 holding 100
 * HBAR and 50 USDC (token 0.0.5005, 6 decimals), recipient 0.0.2002 associated with USDC.
 */
final class RailFixture implements AutoCloseable {
  static final AccountRef OPERATOR = AccountRef.of("hedera:testnet", "0.0.1001");
  static final AccountRef RECIPIENT = AccountRef.of("hedera:testnet", "0.0.2002");
  static final Asset HBAR = Asset.of("HBAR", 8);
  static final Asset USDC = Asset.of("USDC", 6, "0.0.5005");

  final PrivateKey key = PrivateKey.generateED25519();
  final MirrorVenue venue = new MirrorVenue();
  final FakeConsensusNode node = new FakeConsensusNode();
  final HederaSource hedera;
  final TransferRail rail;

  RailFixture() {
    this(Duration.ofSeconds(15));
  }

  /**
   * @param consensusTimeout how long the SDK waits for the node (the first transfer of a JVM is
   *     slow)
   */
  RailFixture(Duration consensusTimeout) {
    venue.answer(
        "/api/v1/accounts/0.0.1001?transactions=false",
        MirrorVenue.account("0.0.1001", 10_000_000_000L, "1.0"));
    venue.answer(
        "/api/v1/accounts/0.0.2002?transactions=false",
        MirrorVenue.account("0.0.2002", 500_000_000L, "1.0"));
    venue.answer(
        "/api/v1/tokens/0.0.5005",
        "{\"token_id\":\"0.0.5005\",\"symbol\":\"USDC\",\"decimals\":\"6\"}");
    venue.answer(
        "/api/v1/accounts/0.0.1001/tokens?token.id=0.0.5005",
        MirrorVenue.tokens(MirrorVenue.relationship("0.0.5005", 50_000_000L, 6)));
    recipientAssociated(true);
    hedera =
        venue
            .builder()
            .tokenCode("0.0.5005", "USDC")
            .operator(OPERATOR, Secret.of(key.toString()))
            .consensusNodes(Map.of(node.address(), "0.0.3"))
            .consensusTimeout(consensusTimeout)
            .build();
    rail = hedera.rail();
  }

  void recipientAssociated(boolean associated) {
    venue.answer(
        "/api/v1/accounts/0.0.2002/tokens?token.id=0.0.5005",
        associated
            ? MirrorVenue.tokens(MirrorVenue.relationship("0.0.5005", 1_000_000L, 6))
            : MirrorVenue.tokens());
  }

  /** The recipient's account answer with {@code maxAuto} automatic-association slots. */
  void recipientAutoAssociations(int maxAuto) {
    venue.answer(
        "/api/v1/accounts/0.0.2002?transactions=false",
        MirrorVenue.account("0.0.2002", 500_000_000L, "1.0")
            .replace(
                "\"max_automatic_token_associations\":0",
                "\"max_automatic_token_associations\":" + maxAuto));
  }

  @Override
  public void close() {
    hedera.close();
    node.close();
    venue.close();
  }
}
