package dev.balancekit.source.algorand;

/**
 * Inputs of bugs the fuzz tests found and the lead is yet to fix; the fuzz targets skip exactly
 * these, so that fuzzing in CI stays green meanwhile, and {@link FuzzBugsTest} reproduces each. A
 * fix deletes its predicate here and the {@code @Disabled} on its reproducer.
 */
final class FuzzBugs {
  private FuzzBugs() {}

  /**
   * Two escapes of {@link IllegalArgumentException} from {@link AlgorandSource#fetch}, which
   * promises typed failures only: {@code ChainAccount.balances} renames the second ASA of a code to
   * {@code CODE-<id>}, which {@code Asset.of} refuses beyond 32 characters; and {@code
   * AssetDirectory.read} makes the asset id the venue id, which {@code Asset.of} refuses when algod
   * lists a negative {@code asset-id}.
   */
  static boolean assetCodeOrIdRefused(Throwable e) {
    String message = String.valueOf(e.getMessage());
    return e instanceof IllegalArgumentException
        && ((message.startsWith("code must be") && message.matches("(?s).*-\\d+'"))
            || (message.startsWith("venueId of ") && message.contains(" is malformed: '-")));
  }
}
