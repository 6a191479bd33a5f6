package dev.balancekit.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A venue's body through {@link JsonCodec} (limits, duplicate keys, trailing garbage) and two
 * {@link JsonBalanceLayout}s: an array of elements with available and held (Binance-like), and an
 * object keyed by asset code (Kraken BalanceEx-like). The only failure is {@link
 * IllegalArgumentException}, whose message never quotes the body; a balance read has exactly its
 * asset's scale and the value the JSON holds, and an amount the element lacks is unknown, not zero.
 */
class JsonBalanceLayoutFuzzTest {
  private static final AccountRef ACCOUNT = AccountRef.of("testvenue", "alice");
  private static final Instant AT = Instant.parse("2024-01-01T00:00:00Z");
  private static final Asset BTC = Asset.of("BTC", 8);
  private static final Asset USD = Asset.of("USD", 4);
  private static final Asset XBT = Asset.of("BTC", 10);
  private static final JsonCodec JSON =
      new JsonCodec(VenueConfig.custom().name("testvenue").build());
  private static final JsonBalanceLayout ARRAY =
      JsonBalanceLayout.custom()
          .balances("/result")
          .assetCode("/asset")
          .total("/total")
          .available("/free")
          .held("/locked")
          .asset(BTC)
          .asset(USD)
          .build();
  private static final JsonBalanceLayout OBJECT =
      JsonBalanceLayout.custom()
          .balances("/result")
          .assetCodeFromFieldName()
          .total("/balance")
          .held("/hold_trade")
          .asset("XXBT", XBT)
          .asset("ZUSD", Asset.of("USD", 4))
          .build();

  /** Marks text a message must never repeat, as it would repeat a secret the venue echoed. */
  static final String LEAK = "LEAKCHECK7f3a";

  static Stream<byte[]> seeds() {
    return Stream.of(
            RestFixture.GOOD_BODY,
            "{\"result\":[{\"asset\":\"BTC\",\"total\":\"1e-9\"}]}",
            "{\"result\":[{\"asset\":\"BTC\",\"total\":1E+2147483647}]}",
            "{\"result\":[{\"asset\":\"BTC\",\"total\":1e-2147483648}]}",
            "{\"result\":[{\"asset\":\"BTC\",\"total\":\"NaN\",\"free\":null}]}",
            "{\"result\":[{\"asset\":\"BTC\",\"total\":1,\"total\":2}]}",
            "{\"result\":[{\"asset\":\"" + LEAK + "\",\"total\":1}]} trailing",
            "{\"result\":[{\"asset\":\"USD\",\"total\":\"" + LEAK + "\"}]}",
            "{\"result\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]",
            "{\"result\":{\"XXBT\":{\"balance\":\"2.1031709100\",\"hold_trade\":\"0.1401000000\"}}}",
            "{\"result\":{\"XXBT\":{\"balance\":2.10317091,\"hold_trade\":null},\"ZUSD\":[]}}",
            "   ",
            "")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void read(byte @NotNull [] body) {
    JsonNode root;
    try {
      root = JSON.read(body);
    } catch (IllegalArgumentException rejected) {
      assertNoLeak(rejected, body);
      return;
    }
    readWith(ARRAY, root, body);
    readWith(OBJECT, root, body);
  }

  private static void readWith(JsonBalanceLayout layout, JsonNode root, byte[] body) {
    LongAdder skipped = new LongAdder();
    AccountBalances view;
    try {
      view = layout.read(root, ACCOUNT, "testvenue-rest", AT, OptionalLong.of(7), true, skipped);
    } catch (IllegalArgumentException rejected) {
      assertNoLeak(rejected, body);
      return;
    }
    assertThat(view.isComplete()).isTrue();
    // Each skipped element is counted; each unconfigured code is listed once.
    assertThat(view.unread()).hasSizeLessThanOrEqualTo((int) skipped.sum());
    assertThat(view.unread()).doesNotContainAnyElementsOf(layout.assets().keySet());
    for (Balance b : view.balances()) {
      assertThat(layout.assets()).containsValue(b.asset());
      assertThat(b.total().scale()).isEqualTo(b.asset().scale());
      b.available().ifPresent(a -> assertThat(a.scale()).isEqualTo(b.asset().scale()));
      b.held().ifPresent(h -> assertThat(h.scale()).isEqualTo(b.asset().scale()));
      assertThat(b.sequence()).hasValue(7);
    }
    if (layout == ARRAY) {
      checkArrayValues(view, root.at("/result"));
    }
  }

  /** Each read balance holds the values of the element of its code: nothing invented. */
  private static void checkArrayValues(AccountBalances view, JsonNode elements) {
    for (JsonNode element : elements) {
      String code = element.path("asset").asText();
      view.find(code)
          .ifPresent(
              b -> {
                assertThat(b.total()).isEqualByComparingTo(number(element.get("total")));
                JsonNode free = element.get("free");
                if (free == null || free.isNull()) {
                  assertThat(b.available()).isEmpty();
                } else {
                  assertThat(b.available().orElseThrow()).isEqualByComparingTo(number(free));
                }
                JsonNode locked = element.get("locked");
                if (locked == null || locked.isNull()) {
                  assertThat(b.held()).isEmpty();
                } else {
                  assertThat(b.held().orElseThrow()).isEqualByComparingTo(number(locked));
                }
              });
    }
  }

  private static BigDecimal number(JsonNode node) {
    return node.isTextual() ? new BigDecimal(node.textValue().strip()) : node.decimalValue();
  }

  private static void assertNoLeak(IllegalArgumentException rejected, byte[] body) {
    if (new String(body, StandardCharsets.UTF_8).contains(LEAK)) {
      assertThat(String.valueOf(rejected.getMessage())).doesNotContain(LEAK);
    }
  }
}
