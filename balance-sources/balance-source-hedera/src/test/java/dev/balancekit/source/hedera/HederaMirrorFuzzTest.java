package dev.balancekit.source.hedera;

import static dev.balancekit.source.hedera.MirrorVenue.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.FuzzVenue;
import dev.balancekit.source.http.HttpSourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole Mirror Node read of {@code 0.0.2} by {@link HederaSource#rest()} against a loopback
 * mirror whose answers come from the fuzzer: {@code /accounts/0.0.2}, the first and every further
 * page of {@code /accounts/0.0.2/tokens} (following relative {@code links.next}), and {@code
 * /tokens/{id}}, each 200 or 404. The future completes with balances at their assets' scales (HBAR
 * first, tokens named by their ids) or fails with {@link HttpSourceException}, {@link
 * AccountNotFoundException} or {@link SourceUnavailableException}; no connection leaves the
 * loopback mirror. A refused read teaches the source nothing: a probe read of the same tokens
 * without decimals then takes them from {@code /tokens/{id}}.
 */
class HederaMirrorFuzzTest {
  private static final ObjectMapper TREE = new ObjectMapper();
  private static final AccountRef ACCOUNT = AccountRef.of("hedera:testnet", "0.0.2");
  private static final String PROBE_DECIMALS = "{\"decimals\":\"2\"}";
  private static volatile MockResponse account;
  private static volatile MockResponse tokens;
  private static volatile MockResponse nextPages;
  private static volatile MockResponse token;
  private static FuzzVenue venue;

  static Stream<Arguments> seeds() {
    String accountBody =
        fixture("mirror-account.json").replace("\"account\":\"0.0.8\"", "\"account\":\"0.0.2\"");
    String tokensBody = fixture("mirror-account-tokens.json");
    String page2 =
        "{\"tokens\":[{\"token_id\":\"0.0.27336\",\"balance\":1234567,\"decimals\":6}],"
            + "\"links\":{\"next\":null}}";
    String tokenBody = "{\"token_id\":\"0.0.27335\",\"decimals\":\"3\"}";
    return Stream.of(
        Arguments.of(0, accountBody, tokensBody, page2, tokenBody),
        Arguments.of(2, accountBody, tokensBody, page2, tokenBody),
        Arguments.of(1, fixture("mirror-not-found.json"), tokensBody, page2, tokenBody),
        Arguments.of(0, accountBody, tokensBody.replace(",\"decimals\":3", ""), page2, tokenBody),
        Arguments.of(
            0, accountBody, tokensBody.replace("\"decimals\":3", "\"decimals\":31"), "", ""),
        Arguments.of(
            0,
            accountBody,
            "{\"tokens\":[{\"token_id\":\"0.0.5\",\"balance\":\"1\",\"decimals\":7},"
                + "{\"token_id\":\"0.0.6\",\"balance\":1.5}],\"links\":{\"next\":null}}",
            "",
            tokenBody),
        Arguments.of(
            0,
            accountBody.replace("\"balance\":80,", "\"balance\":\"-1e3\","),
            tokensBody,
            page2,
            tokenBody),
        Arguments.of(0, accountBody.replace("\"0.0.2\"", "\"0.0.3\""), tokensBody, page2, ""),
        Arguments.of(
            0,
            accountBody,
            tokensBody.replace("/api/v1/accounts/0.0.2/tokens", "//evil.example/api/v1/x"),
            page2,
            tokenBody),
        Arguments.of(
            0,
            accountBody,
            tokensBody.replace("\"/api/v1/", "\"http://127.0.0.2:1/api/v1/"),
            page2,
            tokenBody),
        Arguments.of(
            0,
            accountBody,
            tokensBody,
            page2.replace("null}", "\"/api/v1/accounts/0.0.2/tokens?limit=1&token.id=gt:0.0.1\"}"),
            tokenBody),
        Arguments.of(
            0,
            accountBody.replace(
                "\"timestamp\":\"0.000002345\"", "\"timestamp\":\"99999999999999999999\""),
            tokensBody,
            page2,
            tokenBody),
        Arguments.of(3, "", "", "", ""));
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void read(
      @InRange(min = 0, max = 3) int notFound,
      @NotNull String accountBody,
      @NotNull String tokensBody,
      @NotNull String nextPagesBody,
      @NotNull String tokenBody)
      throws InterruptedException {
    account = answer(accountBody, (notFound & 1) != 0);
    tokens = answer(tokensBody, false);
    nextPages = answer(nextPagesBody, false);
    token = answer(tokenBody, (notFound & 2) != 0);
    try (HederaSource hedera = source()) {
      AccountBalances view;
      try {
        view = hedera.rest().fetch(ACCOUNT).get(60, TimeUnit.SECONDS);
      } catch (ExecutionException failed) {
        assertThat(failed.getCause())
            .isInstanceOfAny(
                HttpSourceException.class,
                AccountNotFoundException.class,
                SourceUnavailableException.class);
        probeLearntNothing(hedera, tokensBody + nextPagesBody);
        return;
      } catch (TimeoutException e) {
        throw new AssertionError("fetch did not complete within 60 s", e);
      }
      check(view);
    }
  }

  private static void check(AccountBalances view) {
    Balance hbar = view.find("HBAR").orElseThrow();
    assertThat(hbar.total().scale()).isEqualTo(8);
    for (Balance b : view.balances()) {
      assertThat(b.total().scale()).isEqualTo(b.asset().scale());
      assertThat(b.available()).isEmpty();
      assertThat(b.held()).isEmpty();
      if (b != hbar) {
        assertThat(b.asset().venueId()).contains(b.asset().code());
      }
    }
  }

  /** A read of the refused answer's tokens, this time without decimals, asks /tokens for them. */
  private static void probeLearntNothing(HederaSource hedera, String refused)
      throws InterruptedException {
    Set<String> ids = tokenIds(refused);
    if (ids.isEmpty()) {
      return;
    }
    account = answer("{\"balance\":{\"balance\":1,\"timestamp\":null}}", false);
    tokens =
        answer(
            ids.stream()
                .map(id -> "{\"token_id\":\"" + id + "\",\"balance\":1}")
                .collect(Collectors.joining(",", "{\"tokens\":[", "],\"links\":{\"next\":null}}")),
            false);
    token = answer(PROBE_DECIMALS, false);
    AccountBalances probe;
    try {
      probe = hedera.rest().fetch(ACCOUNT).get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the probe read failed", e);
    }
    for (Balance b : probe.balances()) {
      if (!b.asset().code().equals("HBAR")) {
        assertThat(b.asset().scale()).as("decimals of %s", b.asset()).isEqualTo(2);
      }
    }
  }

  /** The entity ids under "token_id" in the answers, as far as they are JSON. */
  static Set<String> tokenIds(String answers) {
    Set<String> ids = new TreeSet<>();
    for (String part : answers.split("(?<=\\})(?=\\{)")) {
      try {
        for (JsonNode t : TREE.readTree(part).path("tokens")) {
          String id = t.path("token_id").asText();
          if (id.matches("\\d{1,9}\\.\\d{1,9}\\.\\d{1,9}")) {
            ids.add(EntityId.plain("token", id).toString());
          }
        }
      } catch (IOException | RuntimeException notJson) {
        // not an answer the source could have read either
      }
    }
    return ids;
  }

  private static MockResponse answer(String body, boolean notFound) {
    return FuzzVenue.json(body.getBytes(StandardCharsets.UTF_8))
        .setResponseCode(notFound ? 404 : 200);
  }

  private static synchronized HederaSource source() {
    if (venue == null) {
      venue = new FuzzVenue("hedera");
      venue.answer("/api/v1/accounts/0.0.2?", request -> account);
      venue.answer("/api/v1/accounts/0.0.2/tokens?limit=100", request -> tokens);
      venue.answer("/api/v1/accounts/0.0.2/tokens", request -> nextPages);
      venue.answer("/api/v1/tokens/", request -> token);
    }
    venue.beginExecution();
    return HederaSource.builder()
        .network(HederaNetwork.TESTNET)
        .mirrorUrl(venue.url().toString())
        .venueConfig(FuzzVenue.config("hedera").build())
        .build();
  }
}
