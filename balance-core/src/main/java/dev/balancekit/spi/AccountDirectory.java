package dev.balancekit.spi;

import dev.balancekit.AccountRef;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Maps an application's own ids of people and groups (owners such as {@code user:42} or {@code
 * community:7}) to the venue accounts that hold their money, so a wallet app or chat bot can ask
 * the manager for an owner's balances without knowing their chain accounts. An owner with no linked
 * account has no balance at all: the manager reports it as {@link
 * dev.balancekit.AccountNotFoundException}, never as zero.
 *
 * <p>Implementations must be thread-safe.
 */
public interface AccountDirectory {
  /** {@code kind:id}: a lower-case kind, a colon, then up to 200 characters without whitespace. */
  Pattern OWNER = Pattern.compile("[a-z][a-z0-9_\\-]{0,31}:[^\\s\\p{Cntrl}]{1,200}");

  /** A name for messages and status. */
  String name();

  /**
   * The accounts linked to {@code owner}, in the order they were linked; empty if none.
   *
   * @throws IllegalArgumentException if {@code owner} is not a valid owner id (see {@link
   *     #checkOwner})
   * @throws dev.balancekit.SourceUnavailableException if the directory's store cannot be read
   */
  List<AccountRef> accounts(String owner);

  /**
   * Returns {@code owner} if it is a valid owner id.
   *
   * @throws IllegalArgumentException naming the value if it is null or not {@code kind:id}
   */
  static String checkOwner(String owner) {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      String shown =
          owner == null
              ? "null"
              : "'"
                  + (owner.length() > 60 ? owner.substring(0, 57) + "..." : owner)
                      .replaceAll("\\p{Cntrl}", "?")
                  + "'";
      throw new IllegalArgumentException(
          "owner must look like 'kind:id' (for example 'user:42'), but was " + shown);
    }
    return owner;
  }
}
