package dev.balancekit.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonToken;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamJsonTest {
  private final VenueClient client =
      VenueClient.create(VenueConfig.custom().name("t").maxNumberLength(20).build());

  @AfterEach
  void close() {
    client.close();
  }

  private BigDecimal firstNumber(String text) {
    return client.streamJson(
        text,
        p -> {
          JsonToken t;
          BigDecimal found = null;
          while ((t = p.nextToken()) != null) {
            if (found == null
                && (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT)) {
              found = p.getDecimalValue();
            }
            if (p.getParsingContext().inRoot() && t.isStructEnd()) {
              break;
            }
          }
          return found;
        });
  }

  @Test
  void readsOneValueExactly() {
    assertThat(firstNumber("{\"a\":[0.1000000000000000055]}"))
        .isEqualByComparingTo("0.1000000000000000055");
  }

  @Test
  void rejectsTrailingContentAndMalformedInputWithoutQuotingIt() {
    assertThatThrownBy(() -> firstNumber("{\"a\":1} {\"secret\":2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> firstNumber("{\"a\":tokenXYZ}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("tokenXYZ");
    assertThatThrownBy(() -> firstNumber("{\"a\":1,\"a\":2}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> firstNumber("{\"a\":[1")).hasMessageContaining("truncated");
    assertThatThrownBy(() -> firstNumber("")).hasMessageContaining("empty");
  }

  @Test
  void enforcesTheVenueLimits() {
    assertThatThrownBy(() -> firstNumber("{\"a\":1" + "0".repeat(40) + "}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limits");
    assertThat(client.readJson("{\"a\":1.5}").get("a").decimalValue()).isEqualByComparingTo("1.5");
  }
}
