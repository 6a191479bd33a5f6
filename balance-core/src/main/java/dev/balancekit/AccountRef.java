package dev.balancekit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An account on a venue: the venue ({@code kraken}, {@code hedera:testnet}, {@code
 * algorand:mainnet}, {@code ledger:guild-42}) plus the account's id there.
 *
 * <p>Ids are validated on construction where the venue family has a known format: {@code hedera*}
 * ids must be {@code shard.realm.num} with an optional five-letter checksum, {@code algorand*} ids
 * must be 58-character addresses whose checksum matches. Other venues accept any id of 1-256
 * characters without whitespace or control characters.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccountRef implements Comparable<AccountRef> {

  private static final Pattern VENUE =
      Pattern.compile("[a-z0-9][a-z0-9_\\-]{0,31}(:[a-z0-9][a-z0-9_.\\-]{0,63})?");
  private static final Pattern HEDERA_ID =
      Pattern.compile("(\\d{1,19})\\.(\\d{1,19})\\.(\\d{1,19})(-[a-z]{5})?");
  private static final Pattern ALGORAND_ADDRESS = Pattern.compile("[A-Z2-7]{58}");
  private static final int MAX_ID_LENGTH = 256;

  private final String venue;
  private final String id;

  private AccountRef(String venue, String id) {
    this.venue = venue;
    this.id = id;
  }

  /**
   * Returns the account {@code id} on {@code venue}.
   *
   * @throws IllegalArgumentException if the venue is null or malformed, or the id is null, blank,
   *     too long, or not valid for the venue's family
   */
  public static AccountRef of(String venue, String id) {
    if (venue == null || !VENUE.matcher(venue).matches()) {
      throw new IllegalArgumentException(
          "venue must be a lower-case name with an optional ':qualifier' (for example 'hedera:testnet'), but was "
              + Asset.quote(venue));
    }
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(
          "account id on " + venue + " must not be null or blank, but was " + Asset.quote(id));
    }
    if (id.length() > MAX_ID_LENGTH
        || id.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException(
          "account id on "
              + venue
              + " must be at most "
              + MAX_ID_LENGTH
              + " characters without whitespace or control characters");
    }
    String family = venue.contains(":") ? venue.substring(0, venue.indexOf(':')) : venue;
    switch (family) {
      case "hedera" -> checkHedera(venue, id);
      case "algorand" -> checkAlgorand(venue, id);
      default -> {}
    }
    return new AccountRef(venue, id);
  }

  /**
   * Parses {@code venue/id}, the form {@link #toString()} produces.
   *
   * @throws IllegalArgumentException if there is no {@code '/'} or either part is invalid
   */
  public static AccountRef parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "account must look like 'venue/id', but was " + Asset.quote(text));
    }
    return of(text.substring(0, slash), text.substring(slash + 1));
  }

  /** The venue, for example {@code hedera:testnet}. */
  public String venue() {
    return venue;
  }

  /** The venue family: the venue up to its first {@code ':'}, for example {@code hedera}. */
  public String venueFamily() {
    int colon = venue.indexOf(':');
    return colon < 0 ? venue : venue.substring(0, colon);
  }

  /** The account id on the venue. */
  public String id() {
    return id;
  }

  private static void checkHedera(String venue, String id) {
    Matcher m = HEDERA_ID.matcher(id);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Hedera account id must be shard.realm.num with an optional -checksum (for example 0.0.1234), but was "
              + Asset.quote(id)
              + " on "
              + venue);
    }
    for (int group = 1; group <= 3; group++) {
      try {
        Long.parseLong(m.group(group));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Hedera account id " + Asset.quote(id) + " has a part beyond 64 bits", e);
      }
    }
  }

  private static void checkAlgorand(String venue, String id) {
    if (!ALGORAND_ADDRESS.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Algorand address must be 58 characters of base32 (A-Z, 2-7), but was "
              + Asset.quote(id)
              + " on "
              + venue);
    }
    byte[] raw = base32Decode(id);
    byte[] publicKey = Arrays.copyOf(raw, 32);
    byte[] checksum = Arrays.copyOfRange(raw, 32, 36);
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-512/256").digest(publicKey);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512/256 is required by the Java platform", e);
    }
    if (!Arrays.equals(checksum, Arrays.copyOfRange(digest, 28, 32))) {
      throw new IllegalArgumentException(
          "Algorand address " + Asset.quote(id) + " has a wrong checksum (mistyped?)");
    }
  }

  /**
   * RFC 4648 base32 without padding; 58 characters carry 290 bits, of which the first 288 are used.
   */
  private static byte[] base32Decode(String text) {
    byte[] out = new byte[text.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int index = 0;
    for (byte c : text.getBytes(StandardCharsets.US_ASCII)) {
      int value = c >= 'A' && c <= 'Z' ? c - 'A' : c - '2' + 26;
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[index++] = (byte) (buffer >> bits);
      }
    }
    return out;
  }

  @Override
  public int compareTo(AccountRef other) {
    int byVenue = venue.compareTo(other.venue);
    return byVenue != 0 ? byVenue : id.compareTo(other.id);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccountRef other && venue.equals(other.venue) && id.equals(other.id);
  }

  @Override
  public int hashCode() {
    return 31 * venue.hashCode() + id.hashCode();
  }

  /** Returns {@code venue/id}. */
  @Override
  public String toString() {
    return venue + "/" + id;
  }
}
