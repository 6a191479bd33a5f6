package dev.balancekit.source.hedera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hedera.hashgraph.sdk.LedgerId;
import dev.balancekit.AccountRef;
import dev.balancekit.source.http.VenueClient;
import dev.balancekit.source.http.VenueConfig;
import java.lang.reflect.Method;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hedera ids as users and the Mirror Node write them: {@link EntityId#parse} (with a HIP-15
 * checksum, which must equal the Hedera SDK's), {@link EntityId#plain}, {@link AccountRef} of a
 * {@code hedera:*} venue, and the same text as a Mirror Node {@code links.next}, which {@link
 * Mirror#next} follows only to the endpoint it pages on the configured mirror. The only failure is
 * {@link IllegalArgumentException}.
 */
class HederaIdsFuzzTest {
  private static final HederaNetwork[] NETWORKS = HederaNetwork.values();
  private static final LedgerId[] LEDGERS = {
    LedgerId.MAINNET, LedgerId.TESTNET, LedgerId.PREVIEWNET
  };
  private static final HttpUrl BASE = HttpUrl.get("http://127.0.0.1:8080/mirror/");
  private static final String PATH = "/mirror/api/v1/accounts/0.0.2/tokens";
  private static final Mirror MIRROR =
      new Mirror(VenueClient.create(VenueConfig.custom().name("hedera").build()), BASE);
  private static final Method SDK_CHECKSUM = sdkChecksum();

  static Stream<Arguments> seeds() {
    return Stream.of(
        Arguments.of(1, "0.0.1234"),
        Arguments.of(0, "0.0.123-vfmkw"),
        Arguments.of(1, "0.0.123-vfmkw"),
        Arguments.of(2, "9223372036854775807.9223372036854775807.9223372036854775807"),
        Arguments.of(0, "9223372036854775808.0.1"),
        Arguments.of(0, "007.0.1"),
        Arguments.of(1, "0.0.1234-ABCDE"),
        Arguments.of(1, "/api/v1/accounts/0.0.2/tokens?limit=1&token.id=gt:0.0.1"),
        Arguments.of(1, "/api/v1/accounts/0.0.2/tokens/../../balances"),
        Arguments.of(1, "/api/v1/accounts/0.0.2/tokens%2F..%2Fx"),
        Arguments.of(1, "/api/v1//evil.example/api/v1/accounts/0.0.2/tokens"),
        Arguments.of(1, "/api/v1/accounts/0.0.2/tokens?x=\\@evil.example"),
        Arguments.of(1, "http://evil.example/api/v1/accounts/0.0.2/tokens"),
        Arguments.of(1, "/api/v1/accounts/0.0.2/tokens#frag"));
  }

  @MethodSource("seeds")
  @FuzzTest(maxDuration = "2s")
  void ids(@InRange(min = 0, max = 2) int network, @NotNull String text) throws Exception {
    HederaNetwork net = NETWORKS[network];
    checkParse(net, LEDGERS[network], text);
    checkNext(text);
  }

  private static void checkParse(HederaNetwork net, LedgerId ledger, String text) throws Exception {
    EntityId plain = null;
    try {
      plain = EntityId.plain("id", text);
      assertThat(EntityId.plain("id", plain.toString())).isEqualTo(plain);
    } catch (IllegalArgumentException refused) {
      // fine
    }
    EntityId parsed;
    try {
      parsed = EntityId.parse("id", text, net);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertThat(AccountRef.of(net.venue(), text).id()).isEqualTo(text);
    String checksum = parsed.checksum(net);
    assertThat(checksum).isEqualTo(SDK_CHECKSUM.invoke(null, ledger, parsed.toString()));
    assertThat(EntityId.parse("id", parsed + "-" + checksum, net)).isEqualTo(parsed);
    if (!text.contains("-")) {
      assertThat(plain).isEqualTo(parsed);
    }
    for (HederaNetwork other : NETWORKS) {
      if (other != net) {
        assertThatThrownBy(() -> EntityId.parse("id", parsed + "-" + checksum, other))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  private static void checkNext(String link) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.putObject("links").put("next", link);
    HttpUrl next;
    try {
      next = MIRROR.next(body, PATH);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertThat(next).isNotNull();
    assertThat(next.scheme()).isEqualTo(BASE.scheme());
    assertThat(next.host()).isEqualTo(BASE.host());
    assertThat(next.port()).isEqualTo(BASE.port());
    assertThat(next.encodedPath()).isEqualTo(PATH);
    assertThat(next.username()).isEmpty();
    assertThat(next.fragment()).isNull();
  }

  private static Method sdkChecksum() {
    try {
      Method m =
          Class.forName("com.hedera.hashgraph.sdk.EntityIdHelper")
              .getDeclaredMethod("checksum", LedgerId.class, String.class);
      m.setAccessible(true);
      return m;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the Hedera SDK's HIP-15 checksum is not where it was", e);
    }
  }
}
