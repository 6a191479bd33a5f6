package dev.balancekit.source.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every builder refuses each bad argument at once, naming the parameter and the value. */
class BuilderValidationTest {

  static Stream<Arguments> badArguments() {
    return Stream.of(
        bad("name", "'Bad Name'", () -> VenueConfig.custom().name("Bad Name")),
        bad("name", "null", () -> VenueConfig.custom().name(null)),
        bad("managerConfig", "null", () -> VenueConfig.custom().managerConfig(null)),
        bad("failureRateThreshold", "0.0", () -> VenueConfig.custom().failureRateThreshold(0)),
        bad("failureRateThreshold", "101.0", () -> VenueConfig.custom().failureRateThreshold(101)),
        bad(
            "slowCall duration",
            "PT-1S",
            () -> VenueConfig.custom().slowCall(Duration.ofSeconds(-1), 50)),
        bad(
            "slowCall ratePercent",
            "-5.0",
            () -> VenueConfig.custom().slowCall(Duration.ofSeconds(1), -5)),
        bad("breakerWindow", "0", () -> VenueConfig.custom().breakerWindow(0)),
        bad("breakerOpenFor", "PT0S", () -> VenueConfig.custom().breakerOpenFor(Duration.ZERO)),
        bad("retryAttempts", "0", () -> VenueConfig.custom().retryAttempts(0)),
        bad("retryAttempts", "11", () -> VenueConfig.custom().retryAttempts(11)),
        bad(
            "retryBackoff max",
            "PT0.1S",
            () -> VenueConfig.custom().retryBackoff(Duration.ofSeconds(1), Duration.ofMillis(100))),
        bad(
            "retryBackoff initial",
            "null",
            () -> VenueConfig.custom().retryBackoff(null, Duration.ofSeconds(1))),
        bad(
            "rateLimit permits",
            "0",
            () -> VenueConfig.custom().rateLimit(0, Duration.ofSeconds(1))),
        bad("rateLimit period", "PT0S", () -> VenueConfig.custom().rateLimit(1, Duration.ZERO)),
        bad("maxResponseBytes", "10", () -> VenueConfig.custom().maxResponseBytes(10)),
        bad("maxNumberLength", "5", () -> VenueConfig.custom().maxNumberLength(5)),
        bad("maxNestingDepth", "100000", () -> VenueConfig.custom().maxNestingDepth(100_000)),
        bad("config", "null", () -> VenueClient.create(null)),
        bad("balances", "'result'", () -> JsonBalanceLayout.custom().balances("result")),
        bad("assetCode", "''", () -> JsonBalanceLayout.custom().assetCode("")),
        bad("total", "null", () -> JsonBalanceLayout.custom().total(null)),
        bad("available", "'free'", () -> JsonBalanceLayout.custom().available("free")),
        bad("held", "'~hold'", () -> JsonBalanceLayout.custom().held("~hold")),
        bad("venueCode", "' '", () -> JsonBalanceLayout.custom().asset(" ", RestFixture.BTC)),
        bad(
            "venueCode 'BTC'",
            "BTC(8)",
            () -> JsonBalanceLayout.custom().asset(RestFixture.BTC).asset(RestFixture.BTC)),
        bad("asset", "null", () -> JsonBalanceLayout.custom().asset(null)),
        bad("name", "''", () -> RestBalanceSource.builder().name("")),
        bad("client", "null", () -> RestBalanceSource.builder().client(null)),
        bad(
            "urlTemplate",
            "'https://x.example/accounts'",
            () -> RestBalanceSource.builder().urlTemplate("https://x.example/accounts")),
        bad(
            "urlTemplate",
            "<unparseable url>",
            () -> RestBalanceSource.builder().urlTemplate("ftp://x/{account}")),
        bad("venue", "' '", () -> RestBalanceSource.builder().venue(" ")),
        bad("header name", "null", () -> RestBalanceSource.builder().header(null, "v")),
        bad(
            "header name 'x-a'",
            "already set",
            () -> RestBalanceSource.builder().header("X-A", "1").header("x-a", "2")),
        bad("layout", "null", () -> RestBalanceSource.builder().layout(null)),
        bad("clock", "null", () -> RestBalanceSource.builder().clock(null)),
        bad("name", "null", () -> ManagedWebSocket.builder().name(null)),
        bad("url", "<unparseable url>", () -> ManagedWebSocket.builder().url("http://not a url")),
        bad("protocol", "null", () -> ManagedWebSocket.builder().protocol(null)),
        bad("snapshotSource", "null", () -> ManagedWebSocket.builder().snapshotSource(null)),
        bad(
            "reconnectBackoff initial",
            "PT0S",
            () ->
                ManagedWebSocket.builder().reconnectBackoff(Duration.ZERO, Duration.ofSeconds(1))),
        bad(
            "reconnectBackoff max",
            "PT0.5S",
            () ->
                ManagedWebSocket.builder()
                    .reconnectBackoff(Duration.ofSeconds(1), Duration.ofMillis(500))),
        bad("maxReconnectAttempts", "0", () -> ManagedWebSocket.builder().maxReconnectAttempts(0)),
        bad("maxBufferedMessages", "-1", () -> ManagedWebSocket.builder().maxBufferedMessages(-1)),
        bad("account", "null", () -> WebSocketBalanceSource.builder().account(null)),
        bad("subscribeMessage", "''", () -> WebSocketBalanceSource.builder().subscribeMessage("")),
        bad("tokenProvider", "null", () -> WebSocketBalanceSource.builder().tokenProvider(null)),
        bad(
            "messageType pointer",
            "'type'",
            () -> WebSocketBalanceSource.builder().messageType("type", "s", "u")),
        bad(
            "messageType updateValue",
            "' '",
            () -> WebSocketBalanceSource.builder().messageType("/type", "s", " ")),
        bad(
            "snapshotValue and updateValue",
            "'x'",
            () -> WebSocketBalanceSource.builder().messageType("/type", "x", "x")),
        bad("sequence", "'seq'", () -> WebSocketBalanceSource.builder().sequence("seq")),
        bad(
            "client",
            "null",
            () -> WebSocketBalanceSource.builder().connection(null, ManagedWebSocket.builder())));
  }

  private static Arguments bad(String parameter, String value, ThrowingCallable call) {
    return Arguments.of(parameter, value, call);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("badArguments")
  void badArgumentIsRefusedWithAMessageNamingParameterAndValue(
      String parameter, String value, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(parameter)
        .hasMessageContaining(value);
  }

  @org.junit.jupiter.api.Test
  void missingRequiredSettingsFailAtBuild() {
    assertThatThrownBy(() -> VenueConfig.custom().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> JsonBalanceLayout.custom().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("asset");
    assertThatThrownBy(() -> RestBalanceSource.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("urlTemplate");
    assertThatThrownBy(() -> ManagedWebSocket.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("protocol");
    assertThatThrownBy(() -> WebSocketBalanceSource.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("messageType");
  }
}
