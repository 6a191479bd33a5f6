package dev.balancekit.history;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

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
  public static ChangeKind fromCode(@Nullable String code) {
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

  /**
   * This kind's ordinal as a byte, for compact storage in memory; {@link #ofOrdinal} reverses it.
   */
  // Only within one run: what outlives it (the database, CSV) holds code(), which survives a
  // reordering of this enum.
  @SuppressWarnings("EnumOrdinal")
  byte ordinalByte() {
    return (byte) ordinal();
  }

  static ChangeKind ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
