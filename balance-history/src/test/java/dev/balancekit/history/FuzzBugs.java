package dev.balancekit.history;

/**
 * Inputs of bugs the fuzz tests found and the lead is yet to fix; the fuzz targets skip exactly
 * these, so that fuzzing in CI stays green meanwhile, and {@link FuzzBugsTest} reproduces each. A
 * fix deletes its predicate here and the {@code @Disabled} on its reproducer.
 */
final class FuzzBugs {
  private FuzzBugs() {}

  /**
   * {@code DefaultBalanceHistory.series} accepts a cursor whose count of entries already seen at
   * its timestamp is negative, or so large that adding it overflows {@code int}; either way {@code
   * max(start, ...)} rewinds the page to the start of the range instead of refusing the cursor as
   * malformed (the fuzz test's history holds 10 entries).
   */
  static boolean cursorSkipOverflows(int sameSeen) {
    return sameSeen < 0 || sameSeen > Integer.MAX_VALUE - 10;
  }
}
