package dev.balancekit.history;

import java.util.Locale;

/**
 * What caused a recorded total, as the manager's {@code Updated.kind} says; {@link #UNKNOWN} when
 * it says nothing or something this enum does not know.
 *
 * <p>Immutable and thread-safe.
 */
public enum ChangeKind {
  UNKNOWN,
  DEPOSIT,
  WITHDRAWAL,
  TRANSFER_IN,
  TRANSFER_OUT,
  FEE,
  TRADE,
  REWARD,
  WAGER,
  SETTLEMENT,
  ADJUSTMENT;

  private static final ChangeKind[] VALUES = values();

  /** The lower-case code, for example {@code transfer_in}; {@code unknown} for {@link #UNKNOWN}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The kind with {@code code} (case-insensitive), or {@link #UNKNOWN} for null or an unlisted
   * code. Never throws.
   */
  public static ChangeKind fromCode(String code) {
    if (code == null) {
      return UNKNOWN;
    }
    for (ChangeKind k : VALUES) {
      if (k.name().equalsIgnoreCase(code)) {
        return k;
      }
    }
    return UNKNOWN;
  }

  static ChangeKind ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
