package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AccountRefTest {
  static final String ALGORAND_ADDRESS =
      "FJH4NJ5WEEGPZSNF4ZIJBJEQFXYDTAV3ZK62IPRQIHIR4RPTPUT4Y6RPWE";

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "Kraken", "kraken exchange", ":testnet", "hedera:", "a/b"})
  void rejectsMalformedVenues(String venue) {
    assertThatThrownBy(() -> AccountRef.of(venue, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("venue must be");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   "})
  void rejectsNullAndBlankIdsNamingTheVenue(String id) {
    assertThatThrownBy(() -> AccountRef.of("kraken", id))
        .hasMessageContaining("account id on kraken must not be null or blank");
  }

  @Test
  void rejectsIdsWithWhitespaceOrControlCharactersOrTooLong() {
    assertThatThrownBy(() -> AccountRef.of("ledger:guild-42", "user 1"))
        .hasMessageContaining("whitespace");
    assertThatThrownBy(() -> AccountRef.of("ledger:guild-42", "user\u0000"))
        .hasMessageContaining("control");
    assertThatThrownBy(() -> AccountRef.of("ledger:guild-42", "u".repeat(257)))
        .hasMessageContaining("256");
  }

  @Test
  void acceptsHederaIdsWithOptionalChecksum() {
    assertThat(AccountRef.of("hedera:testnet", "0.0.1234").id()).isEqualTo("0.0.1234");
    assertThat(AccountRef.of("hedera:mainnet", "0.0.123-vfmkw").venueFamily()).isEqualTo("hedera");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1234",
        "0.0",
        "0.0.x",
        "0.0.1234-ABCDE",
        "0.0.1234-abc",
        "0.0.99999999999999999999"
      })
  void rejectsMalformedHederaIds(String id) {
    assertThatThrownBy(() -> AccountRef.of("hedera:testnet", id))
        .hasMessageContaining("Hedera account id");
  }

  @Test
  void acceptsAlgorandAddressWithValidChecksum() {
    assertThat(AccountRef.of("algorand:mainnet", ALGORAND_ADDRESS).id())
        .isEqualTo(ALGORAND_ADDRESS);
  }

  @Test
  void rejectsAlgorandAddressWithOneCharacterMistyped() {
    String mistyped = "G" + ALGORAND_ADDRESS.substring(1);
    assertThatThrownBy(() -> AccountRef.of("algorand:mainnet", mistyped))
        .hasMessageContaining("wrong checksum");
  }

  @Test
  void rejectsAlgorandAddressOfWrongShape() {
    assertThatThrownBy(() -> AccountRef.of("algorand:testnet", ALGORAND_ADDRESS.toLowerCase()))
        .hasMessageContaining("58 characters of base32");
    assertThatThrownBy(() -> AccountRef.of("algorand:testnet", ALGORAND_ADDRESS.substring(1)))
        .hasMessageContaining("58 characters of base32");
  }

  @Test
  void otherVenuesAcceptAnyPrintableId() {
    assertThat(AccountRef.of("kraken", "api-key-1").toString()).isEqualTo("kraken/api-key-1");
  }

  @Test
  void parsesItsOwnToString() {
    AccountRef ref = AccountRef.of("ledger:guild-42", "user-7");
    assertThat(AccountRef.parse(ref.toString())).isEqualTo(ref);
    assertThatThrownBy(() -> AccountRef.parse("no-slash")).hasMessageContaining("venue/id");
  }
}
