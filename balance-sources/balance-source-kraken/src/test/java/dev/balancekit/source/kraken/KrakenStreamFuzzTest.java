package dev.balancekit.source.kraken;

import static dev.balancekit.source.kraken.KrakenVenue.entry;
import static dev.balancekit.source.kraken.KrakenVenue.fixture;
import static dev.balancekit.source.kraken.KrakenVenue.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balancekit.Balance;
import dev.balancekit.source.ManualClock;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kraken WebSocket v2 frames through {@link KrakenSource#messageReader()}, after the fixture
 * snapshot: the input is up to eight frames, one per line. A frame is read or refused with {@link
 * IllegalArgumentException}, nothing else; a refused frame changes nothing, which a second reader
 * that never saw the refused frames checks: it must read every accepted frame, and two probe
 * updates after them, exactly as the first. Balances have their assets' scales, carry the frame's
 * sequence, and are observed at the instant the frame's timestamp names.
 */
class KrakenStreamFuzzTest {
  private static final ObjectMapper TREE = new ObjectMapper();
  private static final ManualClock CLOCK = ManualClock.at("2024-01-01T00:00:00Z");
  private static final KrakenSource KRAKEN =
      KrakenSource.builder()
          .account(KrakenVenue.ACCOUNT)
          .apiKey(Secret.of(KrakenVenue.API_KEY))
          .apiSecret(Secret.of(KrakenVenue.API_SECRET))
          .assets(KrakenVenue.BTC, KrakenVenue.USD, KrakenVenue.MATIC, KrakenVenue.ETH)
          .clock(CLOCK)
          .build();
  private static final String SNAPSHOT = fixture("ws-v2-balances-snapshot.json");
  private static final List<String> PROBES =
      List.of(
          update(2, entry("deposit", "MATIC", "spot:main", "50", "0", "550")),
          update(3, entry("trade", "BTC", "spot:main", "-0.2", "0.0001", "0.9999")));

  static Stream<byte[]> seeds() {
    return Stream.of(
            fixture("ws-v2-balances-update.json"),
            fixture("ws-v2-balances-snapshot.json"),
            fixture("ws-v2-subscribe-ack.json"),
            "{\"method\":\"subscribe\",\"success\":false,\"error\":\"EAPI:Invalid token\"}",
            "{\"channel\":\"heartbeat\"}",
            PROBES.get(0) + "\n" + PROBES.get(1),
            update(2, entry("deposit", "MATIC", "earn:flex", "\"50\"", "\"0\"", "\"550\"")),
            update(2, entry("deposit", "USD", "spot:main", "0.00001", "0", "1.00001")),
            update(2, entry("deposit", "BTC", "spot:main", "1e999", "0", "1e-999")),
            update(7, entry("deposit", "XXBT", "spot:main", "1", "0", "2")),
            update(2, entry("deposit", "DOGE", "spot:main", "1", "0", "2")),
            update(2, entry("deposit", "BTC", "spot:main", "1", "0", "2"))
                .replace("2023-09-22T10:23:42.925034Z", "2023-09-22T10:23:42.925034+01:00"),
            update(2, entry("deposit", "BTC", "spot:main", "1", "0", "2"))
                .replace("2023-09-22T10:23:42.925034Z", "2024-02-30T10:23:42Z"),
            "{\"channel\":\"balances\",\"type\":\"update\",\"sequence\":2,\"sequence\":3,\"data\":[]}",
            "{\"channel\":\"balances\",\"type\":\"update\",\"sequence\":-1,\"data\":[]}",
            "{\"channel\":\"balances\",\"type\":\"snapshot\",\"data\":[{\"asset\":\"BTC\"}]}",
            "{\"channel\":\"balances\",\"type\":\"snapshot\",\"sequence\":9,\"data\":[{\"asset\":"
                + "\"BTC\",\"balance\":1,\"wallets\":[{\"type\":\"spot\",\"id\":\"main\",\"balance\":"
                + "1},{\"type\":\"spot\",\"id\":\"main\",\"balance\":0}]}]}",
            "[]",
            "")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void frames(byte @NotNull [] input) {
    Function<String, StreamMessage> seen = KRAKEN.messageReader();
    Function<String, StreamMessage> accepted = KRAKEN.messageReader();
    seen.apply(SNAPSHOT);
    accepted.apply(SNAPSHOT);
    String[] frames = new String(input, StandardCharsets.UTF_8).split("\n", 8);
    for (String frame : frames) {
      StreamMessage m;
      try {
        m = seen.apply(frame);
      } catch (IllegalArgumentException refused) {
        continue;
      }
      check(m, frame);
      assertSame(accepted.apply(frame), m);
    }
    for (String probe : PROBES) {
      assertSame(outcome(accepted, probe), outcome(seen, probe));
    }
  }

  private static void check(StreamMessage m, String frame) {
    if (m.type() == StreamMessage.Type.IGNORED) {
      return;
    }
    Collection<Balance> balances = m.balances().orElseThrow().balances();
    for (Balance b : balances) {
      assertThat(b.total().scale()).isEqualTo(b.asset().scale());
      assertThat(b.wallets().values()).allMatch(w -> w.scale() == b.asset().scale());
      assertThat(b.available()).isEmpty();
      assertThat(b.held()).isEmpty();
      assertThat(b.sequence()).isEqualTo(m.sequence());
      if (!b.wallets().isEmpty()) {
        BigDecimal sum = b.wallets().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(b.total());
      }
    }
    if (m.type() == StreamMessage.Type.DELTA) {
      checkObservedAt(balances, frame);
    }
  }

  /** Each asset's balance is observed at its last entry's timestamp, which must be RFC 3339. */
  private static void checkObservedAt(Collection<Balance> balances, String frame) {
    JsonNode tree;
    try {
      tree = TREE.readTree(frame);
    } catch (IOException notATree) {
      return;
    }
    Map<String, JsonNode> lastTimestamp = new HashMap<>();
    for (JsonNode e : tree.path("data")) {
      lastTimestamp.put(KrakenAssets.canonical(e.path("asset").asText()), e.get("timestamp"));
    }
    for (Balance b : balances) {
      JsonNode t = lastTimestamp.get(b.asset().code());
      if (t == null || t.isNull()) {
        assertThat(b.observedAt()).isEqualTo(CLOCK.instant());
      } else {
        Instant expected;
        try {
          expected = Instant.parse(t.asText());
        } catch (DateTimeParseException e) {
          throw new AssertionError("accepted a timestamp that is not RFC 3339: " + t, e);
        }
        assertThat(b.observedAt()).isEqualTo(expected);
      }
    }
  }

  private static Object outcome(Function<String, StreamMessage> reader, String frame) {
    try {
      return reader.apply(frame);
    } catch (IllegalArgumentException refused) {
      return "refused";
    }
  }

  private static void assertSame(Object expected, Object actual) {
    if (expected instanceof StreamMessage e && actual instanceof StreamMessage a) {
      assertThat(a.type()).isEqualTo(e.type());
      assertThat(a.sequence()).isEqualTo(e.sequence());
      assertThat(a.balances()).isEqualTo(e.balances());
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }
}
