package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AccountRef#of} and {@link AccountRef#parse} on any id, for each venue family with a known
 * id format ({@code hedera*}: {@code shard.realm.num[-checksum]}, {@code algorand*}: checksummed
 * base32 addresses) and one without. The only failure is {@link IllegalArgumentException}; an
 * accepted ref survives {@code parse(toString())} unchanged, and its id has its family's shape.
 */
class AccountRefFuzzTest {
  private static final List<String> VENUES =
      List.of("hedera:testnet", "hedera", "algorand:mainnet", "algorand", "kraken", "ledger:g-1");

  static Stream<Arguments> seeds() {
    return Stream.of(
        Arguments.of(0, "0.0.1234"),
        Arguments.of(0, "0.0.123-vfmkw"),
        Arguments.of(1, "9223372036854775807.0.9223372036854775807"),
        Arguments.of(0, "9223372036854775808.0.1"),
        Arguments.of(0, "0.0.1234-ABCDE"),
        Arguments.of(0, "00.0.1"),
        Arguments.of(2, "FJH4NJ5WEEGPZSNF4ZIJBJEQFXYDTAV3ZK62IPRQIHIR4RPTPUT4Y6RPWE"),
        Arguments.of(3, "GJH4NJ5WEEGPZSNF4ZIJBJEQFXYDTAV3ZK62IPRQIHIR4RPTPUT4Y6RPWE"),
        Arguments.of(2, "fjh4nj5weegpzsnf4zijbjeqfxydtav3zk62iprqihir4rptput4y6rpwe"),
        Arguments.of(4, "user 1"),
        Arguments.of(4, "u\u0000"),
        Arguments.of(5, "a/b/c"),
        Arguments.of(5, "\u2028"),
        Arguments.of(6, "hedera:testnet/0.0.5"),
        Arguments.of(6, "Kraken/x"),
        Arguments.of(6, "/x"));
  }

  /**
   * @param venue index into {@link #VENUES}, or its size to parse {@code text} as {@code venue/id}
   */
  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void accountRef(@InRange(min = 0, max = 6) int venue, String text) {
    AccountRef ref;
    try {
      ref =
          venue == VENUES.size() ? AccountRef.parse(text) : AccountRef.of(VENUES.get(venue), text);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    AccountRef again = AccountRef.parse(ref.toString());
    assertThat(again).isEqualTo(ref).hasSameHashCodeAs(ref);
    assertThat(again.compareTo(ref)).isZero();
    String id = ref.id();
    assertThat(id).isNotBlank().hasSizeLessThanOrEqualTo(256);
    switch (ref.venueFamily()) {
      case "hedera" -> {
        assertThat(id).matches("\\d{1,19}\\.\\d{1,19}\\.\\d{1,19}(-[a-z]{5})?");
        for (String part : id.replaceFirst("-.*", "").split("\\.")) {
          assertThat(Long.parseLong(part)).isNotNegative();
        }
      }
      case "algorand" -> assertThat(id).matches("[A-Z2-7]{58}");
      default -> assertThat(id.codePoints()).noneMatch(Character::isWhitespace);
    }
  }
}
