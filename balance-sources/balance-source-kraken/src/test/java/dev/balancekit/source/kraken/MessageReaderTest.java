package dev.balancekit.source.kraken;

import static dev.balancekit.source.kraken.KrakenVenue.ACCOUNT;
import static dev.balancekit.source.kraken.KrakenVenue.BTC;
import static dev.balancekit.source.kraken.KrakenVenue.entry;
import static dev.balancekit.source.kraken.KrakenVenue.fixture;
import static dev.balancekit.source.kraken.KrakenVenue.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountBalances;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.source.ManualClock;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Frames through {@link KrakenSource#messageReader()}: no network, the stream's parsing and wallet
 * rules.
 */
class MessageReaderTest {
  private final ManualClock clock = ManualClock.at("2024-01-01T00:00:00Z");
  private final KrakenSource kraken =
      KrakenSource.builder()
          .account(ACCOUNT)
          .apiKey(Secret.of(KrakenVenue.API_KEY))
          .apiSecret(Secret.of(KrakenVenue.API_SECRET))
          .assets(BTC, KrakenVenue.USD, KrakenVenue.MATIC)
          .clock(clock)
          .build();
  private final Function<String, StreamMessage> reader = kraken.messageReader();

  @AfterEach
  void close() {
    kraken.close();
  }

  @Test
  void snapshotCarriesTotalsAndWalletsButNoAvailableOrHeld() {
    StreamMessage m = reader.apply(fixture("ws-v2-balances-snapshot.json"));

    assertThat(m.type()).isEqualTo(StreamMessage.Type.SNAPSHOT);
    assertThat(m.sequence()).hasValue(1);
    AccountBalances view = m.balances().orElseThrow();
    assertThat(view.isComplete()).isTrue();
    Balance matic = view.find("MATIC").orElseThrow();
    assertThat(matic.total()).isEqualTo(new BigDecimal("500.0000000000"));
    assertThat(matic.wallets())
        .containsExactly(
            Map.entry("spot:main", new BigDecimal("300.0000000000")),
            Map.entry("earn:flex", new BigDecimal("200.0000000000")));
    assertThat(matic.available()).isEmpty();
    assertThat(matic.held()).isEmpty();
    assertThat(matic.source()).isEqualTo("kraken-stream");
    assertThat(matic.sequence()).hasValue(1);
    assertThat(view.find("USD").orElseThrow().total()).isEqualTo(new BigDecimal("80595.4943"));
    assertThat(view.find("BTC").orElseThrow().total().scale()).isEqualTo(10);
  }

  @Test
  void updateCarriesTheNewTotalObservedAtItsLedgerTime() {
    reader.apply(fixture("ws-v2-balances-snapshot.json"));
    StreamMessage m = reader.apply(fixture("ws-v2-balances-update.json"));

    assertThat(m.type()).isEqualTo(StreamMessage.Type.DELTA);
    Balance btc = m.balances().orElseThrow().find("BTC").orElseThrow();
    assertThat(btc.total()).isEqualByComparingTo("0.02");
    assertThat(btc.observedAt()).isEqualTo(Instant.parse("2023-09-22T10:23:42.925034Z"));
    assertThat(btc.receivedAt()).isEqualTo(clock.instant());
    assertThat(btc.sequence()).hasValue(2);
    // The fixture's update does not follow from the fixture's snapshot (1.2 + 0.01 != 0.02): no
    // breakdown.
    assertThat(btc.wallets()).isEmpty();
  }

  @Test
  void numbersAndStringsGiveTheSameExactAmounts() {
    StreamMessage number =
        reader.apply(update(2, entry("deposit", "BTC", "spot:main", "0.1", "0", "1.2345678901")));
    StreamMessage string =
        reader.apply(
            update(
                3, entry("deposit", "BTC", "spot:main", "\"0.1\"", "\"0\"", "\"1.2345678901\"")));

    BigDecimal fromNumber = number.balances().orElseThrow().find("BTC").orElseThrow().total();
    BigDecimal fromString = string.balances().orElseThrow().find("BTC").orElseThrow().total();
    assertThat(fromNumber).isEqualTo(new BigDecimal("1.2345678901")).isEqualTo(fromString);
  }

  @Test
  void everyLedgerTypeMovesItsWalletAndKeepsTheBreakdownWhileItAddsUp() {
    reader.apply(fixture("ws-v2-balances-snapshot.json"));
    // MATIC: spot 300 + earn/flex 200 = 500.
    Balance afterDeposit =
        only(reader.apply(update(2, entry("deposit", "MATIC", "spot:main", "50", "0", "550"))));
    Balance afterTrade =
        only(reader.apply(update(3, entry("trade", "MATIC", "spot:main", "-100", "0.5", "449.5"))));
    Balance afterTransfer =
        only(
            reader.apply(
                update(
                    4,
                    entry("transfer", "MATIC", "spot:main", "-49.5", "0", "449.5"),
                    entry("transfer", "MATIC", "earn:flex", "49.5", "0", "449.5"))));
    Balance afterReward =
        only(reader.apply(update(5, entry("reward", "MATIC", "earn:flex", "0.5", "0", "450"))));
    Balance afterWithdrawal =
        only(
            reader.apply(
                update(6, entry("withdrawal", "MATIC", "spot:main", "-200", "0.25", "249.75"))));
    Balance afterNewKind =
        only(
            reader.apply(
                update(7, entry("some_future_type", "MATIC", "earn:bonded", "10", "0", "259.75"))));

    assertThat(afterDeposit.wallets())
        .containsEntry("spot:main", matic("350"))
        .containsEntry("earn:flex", matic("200"));
    assertThat(afterTrade.wallets()).containsEntry("spot:main", matic("249.5"));
    assertThat(afterTransfer.total()).isEqualTo(matic("449.5"));
    assertThat(afterTransfer.wallets())
        .containsEntry("spot:main", matic("200"))
        .containsEntry("earn:flex", matic("249.5"));
    assertThat(afterReward.wallets()).containsEntry("earn:flex", matic("250"));
    assertThat(afterWithdrawal.wallets()).containsEntry("spot:main", matic("-0.25"));
    assertThat(afterNewKind.total()).isEqualTo(matic("259.75"));
    assertThat(afterNewKind.wallets()).containsEntry("earn:bonded", matic("10"));
  }

  @Test
  void aBreakdownThatNoLongerAddsUpOrFollowsAGapBecomesUnknownUntilTheNextSnapshot() {
    reader.apply(fixture("ws-v2-balances-snapshot.json"));
    Balance mismatched =
        only(reader.apply(update(2, entry("deposit", "MATIC", "spot:main", "50", "0", "999"))));
    Balance stillUnknown =
        only(reader.apply(update(3, entry("deposit", "MATIC", "spot:main", "1", "0", "1000"))));
    Balance otherAssetFine =
        only(reader.apply(update(4, entry("deposit", "BTC", "spot:main", "0.8", "0", "2"))));
    Balance afterGap =
        only(reader.apply(update(6, entry("deposit", "BTC", "spot:main", "1", "0", "3"))));
    reader.apply(fixture("ws-v2-balances-snapshot.json"));
    Balance afterSnapshot =
        only(reader.apply(update(2, entry("deposit", "MATIC", "spot:main", "50", "0", "550"))));

    assertThat(mismatched.total()).isEqualTo(matic("999"));
    assertThat(mismatched.wallets()).isEmpty();
    assertThat(stillUnknown.wallets()).isEmpty();
    assertThat(otherAssetFine.wallets()).containsExactly(Map.entry("spot:main", btc("2")));
    assertThat(afterGap.total()).isEqualTo(btc("3"));
    assertThat(afterGap.wallets()).isEmpty();
    assertThat(afterSnapshot.wallets()).containsEntry("spot:main", matic("350"));
  }

  @Test
  void aValueWithMoreDecimalsThanTheAssetAllowsIsReportedNotRounded() {
    String fortyDecimals = "0.1234567890123456789012345678901234567891";

    assertThatThrownBy(
            () ->
                reader.apply(
                    update(2, entry("deposit", "BTC", "spot:main", "1", "0", fortyDecimals))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 40 decimals but BTC allows at most 10");
    assertThatThrownBy(
            () ->
                reader.apply(
                    update(
                        2,
                        entry(
                            "deposit", "BTC", "spot:main", "1", "0", "\"" + fortyDecimals + "\""))))
        .hasMessageContaining("has 40 decimals but BTC allows at most 10");
  }

  @Test
  void unknownAssetsAreSkippedAndCountedNotGuessed() {
    StreamMessage m =
        reader.apply(
            "{\"channel\":\"balances\",\"type\":\"snapshot\",\"sequence\":1,\"data\":["
                + "{\"asset\":\"BTC\",\"balance\":1},{\"asset\":\"NEWCOIN\",\"balance\":\"12.5\"}]}");

    assertThat(m.balances().orElseThrow().balances())
        .extracting(b -> b.asset().code())
        .containsExactly("BTC");
    assertThat(m.balances().orElseThrow().get(dev.balancekit.Asset.of("NEWCOIN", 8))).isEmpty();
  }

  @Test
  void acksHeartbeatsAndOtherChannelsAreIgnored() {
    assertThat(reader.apply(fixture("ws-v2-subscribe-ack.json")).type())
        .isEqualTo(StreamMessage.Type.IGNORED);
    assertThat(reader.apply("{\"channel\":\"heartbeat\"}").type())
        .isEqualTo(StreamMessage.Type.IGNORED);
    assertThat(
            reader
                .apply(
                    "{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"system\":\"online\"}]}")
                .type())
        .isEqualTo(StreamMessage.Type.IGNORED);
    assertThat(reader.apply("{\"method\":\"pong\",\"time_in\":\"x\"}").type())
        .isEqualTo(StreamMessage.Type.IGNORED);
  }

  @Test
  void malformedFramesAreRejected() {
    assertThatThrownBy(
            () ->
                reader.apply("{\"channel\":\"balances\",\"type\":\"update\",\"data\":[{\"asset\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(
            () -> reader.apply("{\"channel\":\"balances\",\"type\":\"update\",\"data\":{}}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                reader.apply(
                    "{\"channel\":\"balances\",\"type\":\"update\",\"data\":[{\"asset\":\"BTC\","
                        + "\"balance\":true}]}"))
        .hasMessageContaining("balance must be a number or a decimal string");
    assertThatThrownBy(
            () ->
                reader.apply(update(2, entry("deposit", "BTC", "spot:main", "1", "0", "\"NaN\""))))
        .hasMessageContaining("not a decimal number");
    assertThatThrownBy(
            () ->
                reader.apply(
                    "{\"channel\":\"balances\",\"type\":\"update\",\"data\":[{\"asset\":\"BTC\"}]}"))
        .hasMessageContaining("balance of BTC is missing");
    assertThatThrownBy(
            () ->
                reader.apply(
                    "{\"channel\":\"balances\",\"type\":\"update\",\"sequence\":-3,\"data\":[]}"))
        .hasMessageContaining("sequence");
  }

  @Test
  void aFieldThatIsReadMayNotAppearTwice() {
    assertThatThrownBy(
            () ->
                reader.apply(
                    "{\"channel\":\"balances\",\"type\":\"update\",\"data\":[{\"asset\":\"BTC\","
                        + "\"balance\":\"1\",\"balance\":\"2\"}]}"))
        .hasMessageContaining("balance appears twice");
    assertThatThrownBy(
            () ->
                reader.apply(
                    "{\"channel\":\"balances\",\"type\":\"update\",\"sequence\":2,"
                        + "\"sequence\":3,\"data\":[]}"))
        .hasMessageContaining("sequence appears twice");
    assertThatThrownBy(
            () ->
                reader.apply(
                    "{\"channel\":\"balances\",\"type\":\"snapshot\",\"data\":[{\"asset\":"
                        + "\"BTC\",\"balance\":1,\"wallets\":[{\"type\":\"spot\",\"id\":\"main\",\"id\":\"x\",\"balance\":1}]}]}"))
        .hasMessageContaining("wallet id appears twice");
  }

  @Test
  void timestampsInOtherRfc3339ShapesAreStillRead() {
    assertThat(BalancesFrame.instant("2023-09-22T10:23:42Z"))
        .isEqualTo(Instant.parse("2023-09-22T10:23:42Z"));
    assertThat(BalancesFrame.instant("2023-09-22T10:23:42.1Z"))
        .isEqualTo(Instant.parse("2023-09-22T10:23:42.1Z"));
    assertThat(BalancesFrame.instant("2024-02-29T23:59:59.123456789Z"))
        .isEqualTo(Instant.parse("2024-02-29T23:59:59.123456789Z"));
    assertThat(BalancesFrame.instant("2023-09-22T12:23:42.5+02:00"))
        .isEqualTo(Instant.parse("2023-09-22T10:23:42.5Z"));
    assertThatThrownBy(() -> BalancesFrame.instant("2023-02-30T10:23:42Z"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BalancesFrame.instant("yesterday"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHandWrittenTimestampReaderAgreesWithTheJdkOnEveryDayOfFourCenturies() {
    for (LocalDate d = LocalDate.of(1900, 1, 1); d.getYear() < 2300; d = d.plusDays(1)) {
      assertThat(BalancesFrame.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .as("%s", d)
          .isEqualTo(d.toEpochDay());
    }
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      Instant at =
          Instant.ofEpochSecond(random.nextInt(2_000_000_000) * 2L, random.nextInt(1_000_000_000));
      String text = at.toString();
      assertThat(BalancesFrame.instant(text)).as(text).isEqualTo(at);
    }
  }

  private static Balance only(StreamMessage m) {
    AccountBalances balances = m.balances().orElseThrow();
    assertThat(balances.balances()).hasSize(1);
    return balances.balances().iterator().next();
  }

  private static BigDecimal matic(String amount) {
    return KrakenVenue.MATIC.amount("test", new BigDecimal(amount));
  }

  private static BigDecimal btc(String amount) {
    return amount(BTC, amount);
  }

  private static BigDecimal amount(Asset asset, String amount) {
    return asset.amount("test", new BigDecimal(amount));
  }
}
