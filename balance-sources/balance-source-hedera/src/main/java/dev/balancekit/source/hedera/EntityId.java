package dev.balancekit.source.hedera;

import dev.balancekit.AccountRef;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A Hedera entity id {@code shard.realm.num} (account or token) without checksum, and the HIP-15
 * checksum that guards typed ids against typos and use on the wrong network. Immutable.
 */
record EntityId(long shard, long realm, long num) implements Comparable<EntityId> {
  private static final Pattern ID =
      Pattern.compile("(\\d{1,19})\\.(\\d{1,19})\\.(\\d{1,19})(?:-([a-z]{5}))?");
  private static final long P3 = 26 * 26 * 26;
  private static final long P5 = 26L * 26 * 26 * 26 * 26;
  private static final long WEIGHT = 31;
  private static final long PERMUTATION = 1_000_003;

  EntityId {
    if (shard < 0 || realm < 0 || num < 0) {
      throw new IllegalArgumentException(
          "entity id parts must not be negative: " + shard + "." + realm + "." + num);
    }
  }

  /**
   * Parses {@code shard.realm.num} with an optional {@code -checksum}, which must match {@code
   * network}.
   *
   * @param what names the id in error messages, for example {@code "account id"}
   * @throws IllegalArgumentException if malformed, beyond 64 bits or its checksum is wrong for
   *     {@code network}
   */
  static EntityId parse(String what, @Nullable String text, HederaNetwork network) {
    Matcher m = text == null ? null : ID.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          what
              + " must be shard.realm.num with an optional -checksum, but was "
              + (text == null ? "null" : "'" + text + "'"));
    }
    EntityId id;
    try {
      id =
          new EntityId(
              Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' has a part beyond 64 bits", e);
    }
    String given = m.group(4);
    if (given != null && !given.equals(id.checksum(network))) {
      throw new IllegalArgumentException(
          what
              + " '"
              + text
              + "' has a checksum that is wrong for "
              + network.venue()
              + " (mistyped, or an id of another network)");
    }
    return id;
  }

  /**
   * Parses {@code shard.realm.num} without checksum, as the Mirror Node writes ids.
   *
   * @throws IllegalArgumentException if malformed, carries a checksum or is beyond 64 bits
   */
  static EntityId plain(String what, @Nullable String text) {
    Matcher m = text == null ? null : ID.matcher(text);
    if (m == null || !m.matches() || m.group(4) != null) {
      throw new IllegalArgumentException(what + " is not an entity id shard.realm.num");
    }
    try {
      return new EntityId(
          Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " has a part beyond 64 bits", e);
    }
  }

  /** The account of {@code ref}, whose checksum (if any) must match {@code network}. */
  static EntityId account(AccountRef ref, HederaNetwork network) {
    return parse("account id", ref.id(), network);
  }

  /**
   * The HIP-15 checksum of this id on {@code network}: five letters derived from the id's digits
   * and the network's ledger id, so that a checksummed id of testnet does not pass on mainnet.
   */
  String checksum(HederaNetwork network) {
    String address = toString();
    long evenSum = 0;
    long oddSum = 0;
    long weighted = 0;
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      int digit = c == '.' ? 10 : c - '0';
      weighted = (WEIGHT * weighted + digit) % P3;
      if (i % 2 == 0) {
        evenSum = (evenSum + digit) % 11;
      } else {
        oddSum = (oddSum + digit) % 11;
      }
    }
    // The ledger id followed by six zero bytes.
    long ledgerHash = 0;
    byte[] ledger = {network.ledgerId(), 0, 0, 0, 0, 0, 0};
    for (byte b : ledger) {
      ledgerHash = (WEIGHT * ledgerHash + (b & 0xff)) % P5;
    }
    long c =
        ((((address.length() % 5) * 11L + evenSum) * 11 + oddSum) * P3 + weighted + ledgerHash)
            % P5;
    c = (c * PERMUTATION) % P5;
    char[] letters = new char[5];
    for (int i = 4; i >= 0; i--) {
      letters[i] = (char) ('a' + c % 26);
      c /= 26;
    }
    return new String(letters);
  }

  @Override
  public int compareTo(EntityId o) {
    int s = Long.compare(shard, o.shard);
    if (s != 0) {
      return s;
    }
    int r = Long.compare(realm, o.realm);
    return r != 0 ? r : Long.compare(num, o.num);
  }

  /** {@code shard.realm.num}, as the Mirror Node and the SDK write it. */
  @Override
  public String toString() {
    return shard + "." + realm + "." + num;
  }
}
