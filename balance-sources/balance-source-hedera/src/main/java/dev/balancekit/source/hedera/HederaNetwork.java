package dev.balancekit.source.hedera;

/**
 * The public Hedera networks: the venue name balances and transfers use ({@code hedera:mainnet},
 * ...), the Mirror Node REST base URL used unless {@link HederaSource.Builder#mirrorUrl} overrides
 * it, and the ledger id that account-id checksums (HIP-15) are computed with.
 *
 * <p>Immutable and thread-safe.
 */
public enum HederaNetwork {
  MAINNET("mainnet", "https://mainnet-public.mirrornode.hedera.com", 0),
  TESTNET("testnet", "https://testnet.mirrornode.hedera.com", 1),
  PREVIEWNET("previewnet", "https://previewnet.mirrornode.hedera.com", 2);

  private final String shortName;
  private final String mirrorUrl;
  private final byte ledgerId;

  HederaNetwork(String shortName, String mirrorUrl, int ledgerId) {
    this.shortName = shortName;
    this.mirrorUrl = mirrorUrl;
    this.ledgerId = (byte) ledgerId;
  }

  /** The venue of this network's accounts, for example {@code hedera:testnet}. */
  public String venue() {
    return "hedera:" + shortName;
  }

  /**
   * The network's short name as the SDK knows it: {@code mainnet}, {@code testnet} or {@code
   * previewnet}.
   */
  public String shortName() {
    return shortName;
  }

  /** The default Mirror Node REST base URL of this network. */
  public String defaultMirrorUrl() {
    return mirrorUrl;
  }

  /** The ledger id (one byte) that HIP-15 checksums of this network's ids are computed with. */
  byte ledgerId() {
    return ledgerId;
  }
}
