package dev.balancekit.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Layouts read real venue shapes exactly, from numbers and strings alike. */
class JsonBalanceLayoutTest {
  private static final AccountRef ACCOUNT = AccountRef.of("kraken", "user-1");
  private static final JsonCodec JSON = new JsonCodec(VenueConfig.custom().name("kraken").build());
  private static final JsonBalanceLayout BALANCE_EX =
      JsonBalanceLayout.custom()
          .balances("/result")
          .assetCodeFromFieldName()
          .total("/balance")
          .held("/hold_trade")
          .asset("XXBT", Asset.of("BTC", 10))
          .asset("ZUSD", Asset.of("USD", 4))
          .build();

  @Test
  void krakenBalanceExReadsTheSameFromNumbersAndFromStrings() {
    List<Balance> fromStrings =
        read(WebSocketBalanceSourceTest.fixture("rest-balance-ex-strings.json"));
    assertThat(fromStrings).extracting(b -> b.asset().code()).containsExactly("BTC", "USD");
    assertThat(fromStrings.get(0).total()).isEqualTo(new BigDecimal("2.1031709100"));
    assertThat(fromStrings.get(0).held()).contains(new BigDecimal("0.1401000000"));
    assertThat(fromStrings.get(0).available()).isEmpty();

    List<Balance> fromNumbers = read(WebSocketBalanceSourceTest.fixture("rest-balance-ex.json"));
    assertThat(fromNumbers)
        .filteredOn(b -> b.asset().code().equals("USD"))
        .singleElement()
        .satisfies(b -> assertThat(b.total()).isEqualTo(new BigDecimal("25435.2100")));
  }

  @Test
  void unknownAssetCodesAreSkippedCountedAndReadAsUnknownNotZero() {
    LongAdder skipped = new LongAdder();
    AccountBalances view =
        BALANCE_EX.read(
            JSON.read("{\"result\":{\"XETH\":{\"balance\":\"1\"},\"XXBT\":{\"balance\":1}}}"),
            ACCOUNT,
            "kraken-rest",
            Instant.EPOCH,
            OptionalLong.empty(),
            true,
            skipped);
    assertThat(view.balances()).hasSize(1);
    assertThat(skipped.sum()).isEqualTo(1);
    assertThat(view.unread()).containsExactly("XETH");
    assertThat(view.get(Asset.of("XETH", 8))).isEmpty();
    assertThat(view.get(Asset.of("DOGE", 8)).orElseThrow().total()).isZero();
  }

  @Test
  void aBadAmountOrMissingTotalRejectsTheWholeDocument() {
    assertThatThrownBy(
            () ->
                read("{\"result\":{\"XXBT\":{\"balance\":\"1\"},\"ZUSD\":{\"balance\":\"NaN\"}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a decimal number");
    assertThatThrownBy(() -> read("{\"result\":{\"XXBT\":{\"hold_trade\":\"1\"}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("total of BTC is missing");
    assertThatThrownBy(() -> read("{\"result\":{\"XXBT\":{\"balance\":true}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("number or a decimal string");
    assertThatThrownBy(() -> read("{\"result\":{\"XXBT\":{\"balance\":\"1e-999999999\"}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3-digit exponent")
        .hasMessageNotContaining("999999999");
  }

  @Test
  void absurdDocumentsAreStoppedByTheReader() {
    assertThatThrownBy(() -> JSON.read("[".repeat(100) + "]".repeat(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beyond limits");
    assertThatThrownBy(() -> JSON.read("{\"a\":1,\"a\":2}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JSON.read("{\"a\":1} trailing"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JSON.read("{\"a\":NaN}")).isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Balance> read(String json) {
    return List.copyOf(
        BALANCE_EX
            .read(
                JSON.read(json),
                ACCOUNT,
                "kraken-rest",
                Instant.EPOCH,
                OptionalLong.empty(),
                true,
                new LongAdder())
            .balances());
  }
}
