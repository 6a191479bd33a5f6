package dev.balancekit.source.hedera;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many accounts in few calls through {@code /api/v1/balances} ranges. */
class BatchReadTest {
  private final MirrorVenue venue = new MirrorVenue();
  private final HederaSource hedera = venue.builder().build();

  @AfterEach
  void close() {
    hedera.close();
    venue.close();
  }

  /**
   * Serves /api/v1/balances over accounts first..last (all existing), 100 per page, holding {@code
   * token}.
   */
  private void balancesPages(long first, long last, String token, long skip) {
    String query =
        "account.id=gte:0.0." + first + "&account.id=lte:0.0." + last + "&order=asc&limit=100";
    long from = first;
    while (from <= last) {
      long to = Math.min(from + 99, last);
      List<String> entries = new ArrayList<>();
      for (long n = from; n <= to; n++) {
        if (n == skip) {
          continue;
        }
        entries.add(
            "{\"account\":\"0.0."
                + n
                + "\",\"balance\":"
                + (n * 100)
                + ",\"tokens\":[{\"token_id\":\""
                + token
                + "\",\"balance\":"
                + n
                + "}]}");
      }
      String next =
          to == last
              ? "null"
              : "\"/api/v1/balances?account.id=gt:0.0."
                  + to
                  + "&account.id=lte:0.0."
                  + last
                  + "&order=asc&limit=100\"";
      venue.answer(
          "/api/v1/balances?" + query,
          "{\"timestamp\":\"1700000000.123456789\",\"balances\":["
              + String.join(",", entries)
              + "],\"links\":{\"next\":"
              + next
              + "}}");
      query = "account.id=gt:0.0." + to + "&account.id=lte:0.0." + last + "&order=asc&limit=100";
      from = to + 1;
    }
  }

  private Map<EntityId, MirrorReader.Outcome> readAll(List<EntityId> ids) throws Exception {
    return hedera.reader().accounts(ids).get(15, TimeUnit.SECONDS);
  }

  @Test
  void twoHundredFiftyAccountsTakeThreePagesAndOneDecimalsLookup() throws Exception {
    balancesPages(1000, 1249, "0.0.9000", -1);
    venue.answer(
        "/api/v1/tokens/0.0.9000",
        "{\"token_id\":\"0.0.9000\",\"symbol\":\"XYZ\",\"decimals\":\"2\"}");
    List<EntityId> ids =
        IntStream.rangeClosed(1000, 1249).mapToObj(n -> new EntityId(0, 0, n)).toList();

    Map<EntityId, MirrorReader.Outcome> outcomes = readAll(ids);

    assertThat(outcomes).hasSize(250).allSatisfy((id, o) -> assertThat(o.error()).isNull());
    AccountBalances b =
        outcomes
            .get(new EntityId(0, 0, 1234))
            .holdings()
            .toBalances(AccountRef.of("hedera:testnet", "0.0.1234"), "test");
    assertThat(b.find("HBAR").orElseThrow().total()).isEqualTo(new BigDecimal("0.00123400"));
    assertThat(b.find("0.0.9000").orElseThrow().total()).isEqualTo(new BigDecimal("12.34"));
    assertThat(b.find("HBAR").orElseThrow().observedAt())
        .isEqualTo(Instant.ofEpochSecond(1700000000L, 123456789));
    assertThat(venue.callsTo("/api/v1/balances")).isEqualTo(3);
    assertThat(venue.callsTo("/api/v1/tokens/0.0.9000")).isEqualTo(1);
    assertThat(venue.mirror.getAllServeEvents()).hasSize(4);
  }

  @Test
  void readsTheDocumentedBalancesPageAndFollowsItsRelativeLink() throws Exception {
    venue.answer(
        "/api/v1/balances?account.id=gte:0.0.2003&account.id=lte:0.0.2004&order=asc&limit=100",
        MirrorVenue.fixture("mirror-balances.json"));
    venue.answer(
        "/api/v1/balances?limit=1&account.id=lt:0.0.2004",
        "{\"timestamp\":\"1602804267.903201001\","
            + "\"balances\":[{\"account\":\"0.0.2003\",\"balance\":5,\"tokens\":[]}],\"links\":{\"next\":null}}");
    venue.answer("/api/v1/tokens/0.0.2003", "{\"token_id\":\"0.0.2003\",\"decimals\":\"2\"}");

    Map<EntityId, MirrorReader.Outcome> outcomes =
        readAll(List.of(new EntityId(0, 0, 2003), new EntityId(0, 0, 2004)));

    Holdings fixture = outcomes.get(new EntityId(0, 0, 2004)).holdings();
    assertThat(fixture.assets())
        .extracting(h -> h.amount().toPlainString())
        .containsExactly("0.10000000", "23.50");
    assertThat(fixture.observedAt()).isEqualTo(Instant.ofEpochSecond(1602804267L, 903201001));
    assertThat(outcomes.get(new EntityId(0, 0, 2003)).holdings().assets()).hasSize(1);
    assertThat(venue.callsTo("/api/v1/balances")).isEqualTo(2);
  }

  @Test
  void anAccountTheRangeDoesNotListIsReadAloneAndReportedNotFound() throws Exception {
    balancesPages(2000, 2009, "0.0.9001", 2005);
    venue.answer("/api/v1/tokens/0.0.9001", "{\"token_id\":\"0.0.9001\",\"decimals\":\"0\"}");
    venue.answer("/api/v1/accounts/0.0.2005?transactions=false", MirrorVenue.notFound());
    venue.answer("/api/v1/accounts/0.0.2005/tokens?limit=100", MirrorVenue.notFound());
    List<EntityId> ids =
        IntStream.rangeClosed(2000, 2009).mapToObj(n -> new EntityId(0, 0, n)).toList();

    Map<EntityId, MirrorReader.Outcome> outcomes = readAll(ids);

    assertThat(outcomes.get(new EntityId(0, 0, 2005)).error())
        .isInstanceOf(MirrorReader.Missing.class);
    assertThat(outcomes.get(new EntityId(0, 0, 2004)).holdings()).isNotNull();
    assertThat(venue.callsTo("/api/v1/balances")).isEqualTo(1);
  }

  @Test
  void anAccountAtTheRangesTokenCapIsReadAloneSoNoTokenIsMissed() throws Exception {
    StringBuilder tokens = new StringBuilder();
    for (int t = 0; t < MirrorReader.BALANCES_TOKEN_CAP; t++) {
      tokens
          .append(t == 0 ? "" : ",")
          .append("{\"token_id\":\"0.0.")
          .append(7000 + t)
          .append("\",\"balance\":1}");
    }
    venue.answer(
        "/api/v1/balances?account.id=gte:0.0.3000&account.id=lte:0.0.3001&order=asc&limit=100",
        "{\"timestamp\":\"1.0\",\"balances\":[{\"account\":\"0.0.3000\",\"balance\":1,\"tokens\":["
            + tokens
            + "]},{\"account\":\"0.0.3001\",\"balance\":2,\"tokens\":[]}],\"links\":{\"next\":null}}");
    venue.answer(
        "/api/v1/accounts/0.0.3000?transactions=false", MirrorVenue.account("0.0.3000", 1, "1.0"));
    venue.answer(
        "/api/v1/accounts/0.0.3000/tokens?limit=100",
        MirrorVenue.tokens(
            MirrorVenue.relationship("0.0.7000", 1, 0),
            MirrorVenue.relationship("0.0.7777", 5, 0)));

    Map<EntityId, MirrorReader.Outcome> outcomes =
        readAll(List.of(new EntityId(0, 0, 3000), new EntityId(0, 0, 3001)));

    Holdings capped = outcomes.get(new EntityId(0, 0, 3000)).holdings();
    assertThat(capped.assets())
        .extracting(h -> h.asset().code())
        .containsExactly("HBAR", "0.0.7000", "0.0.7777");
    assertThat(venue.callsTo("/api/v1/tokens/0.0.7001")).isZero();
    assertThat(outcomes.get(new EntityId(0, 0, 3001)).holdings().assets()).hasSize(1);
  }

  @Test
  void accountsFarApartAreReadInSeparateRangesOrAlone() throws Exception {
    balancesPages(10, 12, "0.0.9002", -1);
    venue.answer("/api/v1/tokens/0.0.9002", "{\"token_id\":\"0.0.9002\",\"decimals\":\"0\"}");
    venue.plainAccount("0.0.50000", 7, "1.0");

    Map<EntityId, MirrorReader.Outcome> outcomes =
        readAll(
            List.of(
                new EntityId(0, 0, 12),
                new EntityId(0, 0, 10),
                new EntityId(0, 0, 50000),
                new EntityId(0, 0, 11)));

    assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.error()).isNull());
    assertThat(venue.callsTo("/api/v1/balances")).isEqualTo(1);
    assertThat(venue.calls("/api/v1/accounts/0.0.50000?transactions=false")).isEqualTo(1);
    assertThat(
            MirrorReader.clusters(
                List.of(
                    new EntityId(0, 0, 1),
                    new EntityId(0, 0, 101),
                    new EntityId(0, 0, 202),
                    new EntityId(1, 0, 203))))
        .hasSize(3);
  }

  @Test
  void aFailedRangeFailsOnlyItsAccounts() throws Exception {
    venue.answer(
        "/api/v1/balances?account.id=gte:0.0.10&account.id=lte:0.0.11&order=asc&limit=100",
        "{\"timestamp\":\"1.0\",\"balances\":[{\"account\":\"0.0.10\",\"balance\":1.5,\"tokens\":[]}],"
            + "\"links\":{\"next\":\"https://elsewhere.example/api/v1/balances\"}}");
    venue.plainAccount("0.0.900", 7, "1.0");

    Map<EntityId, MirrorReader.Outcome> outcomes =
        readAll(List.of(new EntityId(0, 0, 10), new EntityId(0, 0, 11), new EntityId(0, 0, 900)));

    assertThat(outcomes.get(new EntityId(0, 0, 10)).error()).hasMessageContaining("links.next");
    assertThat(outcomes.get(new EntityId(0, 0, 11)).error()).hasMessageContaining("links.next");
    assertThat(outcomes.get(new EntityId(0, 0, 900)).holdings()).isNotNull();
  }
}
