package dev.balancekit.economy;

import dev.balancekit.validation.Tier;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * A signed correction of one member's balance for {@link Economy#adjust}, checked against the
 * limits of a {@link Tier}. Immutable and thread-safe.
 *
 * @param account whose balance changes
 * @param amount the signed change: positive issues from the system account, negative burns into it
 * @param kind what the ledger records on the transfer: 1-16 lower-case letters or underscores,
 *     starting with a letter (for example {@code event_prize}, {@code refund}); checked by the
 *     ledger
 * @param reason why, required, at most {@value Economy#MAX_REASON_LENGTH} characters
 * @param performedBy who made it
 * @param tier whose limits apply (minimum and maximum balance, daily and weekly change)
 * @param metadata facts kept in the audit row, sorted by key; at most {@value #MAX_METADATA_LENGTH}
 *     characters as {@code key=value; ...}
 */
public record Adjustment(
    Member account,
    BigDecimal amount,
    String kind,
    String reason,
    Member performedBy,
    Tier tier,
    Map<String, String> metadata) {

  /** Longest metadata in its stored form. */
  public static final int MAX_METADATA_LENGTH = 1000;

  /**
   * @throws IllegalArgumentException naming the value, if a part is missing, the amount is zero or
   *     the metadata too long
   */
  public Adjustment {
    if (account == null || performedBy == null || tier == null || kind == null) {
      throw new IllegalArgumentException(
          "account, performedBy, tier and kind must not be null, but were account="
              + account
              + ", performedBy="
              + performedBy
              + ", tier="
              + tier
              + ", kind="
              + kind);
    }
    if (amount == null || amount.signum() == 0) {
      throw new IllegalArgumentException(
          "amount must be a non-zero signed change, but was " + amount);
    }
    Economy.requireAdminReason(reason);
    try {
      metadata = Map.copyOf(metadata == null ? Map.of() : metadata);
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("metadata must not hold null keys or values", e);
    }
    String stored = describe(metadata);
    if (stored.length() > MAX_METADATA_LENGTH || stored.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "metadata must be at most "
              + MAX_METADATA_LENGTH
              + " characters as key=value pairs without control characters, but was "
              + stored.length());
    }
  }

  /** An adjustment without metadata. @throws IllegalArgumentException as the constructor */
  public static Adjustment of(
      Member account,
      BigDecimal amount,
      String kind,
      String reason,
      Member performedBy,
      Tier tier) {
    return new Adjustment(account, amount, kind, reason, performedBy, tier, Map.of());
  }

  /** This adjustment with {@code metadata}. @throws IllegalArgumentException as the constructor */
  public Adjustment withMetadata(Map<String, String> metadata) {
    return new Adjustment(account, amount, kind, reason, performedBy, tier, metadata);
  }

  /** {@code key=value; ...} sorted by key. */
  static String describe(Map<String, String> metadata) {
    StringBuilder s = new StringBuilder();
    new TreeMap<>(metadata)
        .forEach((k, v) -> s.append(s.length() == 0 ? "" : "; ").append(k).append('=').append(v));
    return s.toString();
  }
}
