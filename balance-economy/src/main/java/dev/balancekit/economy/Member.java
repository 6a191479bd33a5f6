package dev.balancekit.economy;

import dev.balancekit.AccountRef;
import dev.balancekit.ledger.Ledger;

/**
 * A member of a namespace as the bot knows them at the moment of an operation: a stable id (for
 * example a Discord user id) and the display name stored with the audit rows, so the history reads
 * well even after the member renames. Immutable and thread-safe.
 *
 * @param id the member's stable id: 1-256 characters without whitespace or control characters, not
 *     starting with {@code '~'} (reserved for system accounts such as {@value
 *     Ledger#SYSTEM_ACCOUNT})
 * @param displayName the name to show: 1-{@value #MAX_NAME_LENGTH} characters without control
 *     characters
 */
public record Member(String id, String displayName) {

  /** Longest display name stored. */
  public static final int MAX_NAME_LENGTH = 100;

  /**
   * @throws IllegalArgumentException if the id or the display name is invalid, naming the value
   */
  public Member {
    requireId(id);
    if (displayName == null
        || displayName.isBlank()
        || displayName.length() > MAX_NAME_LENGTH
        || displayName.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "displayName of "
              + id
              + " must be 1-"
              + MAX_NAME_LENGTH
              + " characters without control characters, but was "
              + quote(displayName));
    }
  }

  /** A member named {@code displayName}. @throws IllegalArgumentException as the constructor */
  public static Member of(String id, String displayName) {
    return new Member(id, displayName);
  }

  /** A member whose display name is its id. @throws IllegalArgumentException as the constructor */
  public static Member of(String id) {
    return new Member(id, id);
  }

  /** Checks a member id and returns it. @throws IllegalArgumentException naming the value */
  static String requireId(String id) {
    if (id == null || id.startsWith("~")) {
      throw new IllegalArgumentException(
          "member id must not be null or start with '~', but was " + quote(id));
    }
    try {
      AccountRef.of("ledger", id); // the ledger's own rules for account ids
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "member id must be 1-256 characters without whitespace or control"
              + " characters, but was "
              + quote(id),
          e);
    }
    return id;
  }

  static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }
}
