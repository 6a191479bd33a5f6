package dev.balancekit.source.hedera;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.balancekit.source.hedera.MirrorVenue.ACCOUNT;
import static dev.balancekit.source.hedera.MirrorVenue.ACCOUNT_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.SourceState;
import dev.balancekit.source.http.Await;
import dev.balancekit.source.http.RecordingSink;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The polling stream: changes reach the sink, unchanged accounts push nothing, failures degrade.
 */
class PollingStreamTest {
  private final MirrorVenue venue = new MirrorVenue();
  private final HederaSource hedera = venue.builder().build();
  private final HederaPollingStream stream = hedera.pollingStream();
  private final RecordingSink sink = new RecordingSink();

  @AfterEach
  void close() {
    hedera.close();
    venue.close();
  }

  private void awaitRounds(long more) {
    long target = stream.rounds() + more;
    Await.until(more + " more polling rounds", () -> stream.rounds() >= target);
  }

  private BigDecimal lastHbar() {
    return sink.updates.get(sink.updates.size() - 1).find("HBAR").orElseThrow().total();
  }

  @Test
  void aChangedBalanceReachesTheSinkAndAnUnchangedOneDoesNot() {
    venue.answer(ACCOUNT_PATH, MirrorVenue.account("0.0.2", 100, "1700000000.000000001"));
    stream.track(ACCOUNT);
    stream.attach(sink);

    Await.until("the first snapshot", () -> sink.updates.size() == 1);
    assertThat(stream.state()).isEqualTo(SourceState.LIVE);
    assertThat(sink.saw(SourceState.CONNECTING, SourceState.LIVE)).isTrue();
    assertThat(stream.view(ACCOUNT)).contains(sink.updates.get(0));
    assertThat(lastHbar()).isEqualTo(new BigDecimal("0.00000100"));

    awaitRounds(3);
    assertThat(sink.updates).hasSize(1);

    venue.answer(ACCOUNT_PATH, MirrorVenue.account("0.0.2", 250, "1700000005.000000001"));
    Await.until("the change", () -> sink.updates.size() == 2);
    assertThat(lastHbar()).isEqualTo(new BigDecimal("0.00000250"));
    assertThat(stream.view(ACCOUNT).orElseThrow().find("HBAR").orElseThrow().total())
        .isEqualTo(new BigDecimal("0.00000250"));

    awaitRounds(3);
    assertThat(sink.updates).hasSize(2);
  }

  @Test
  void aNewerBalanceTimestampAloneIsAChange() {
    venue.answer(ACCOUNT_PATH, MirrorVenue.account("0.0.2", 100, "1700000000.000000001"));
    stream.track(ACCOUNT);
    stream.attach(sink);
    Await.until("the first snapshot", () -> sink.updates.size() == 1);

    venue.answer(ACCOUNT_PATH, MirrorVenue.account("0.0.2", 100, "1700000009.000000001"));

    Await.until("the re-stamped snapshot", () -> sink.updates.size() == 2);
    assertThat(lastHbar()).isEqualTo(new BigDecimal("0.00000100"));
  }

  @Test
  void aTokenReceivedWithoutAnHbarChangeIsAChange() {
    stream.track(ACCOUNT);
    stream.attach(sink);
    Await.until("the first snapshot", () -> sink.updates.size() == 1);

    venue.answer(
        "/api/v1/accounts/0.0.2/tokens?limit=1&token.id=gt:0.0.1",
        MirrorVenue.tokens(MirrorVenue.relationship("0.0.27336", 2234567, 6)));

    Await.until("the token change", () -> sink.updates.size() == 2);
    AccountBalances latest = sink.updates.get(1);
    assertThat(latest.find("0.0.27336").orElseThrow().total())
        .isEqualTo(new BigDecimal("2.234567"));
  }

  @Test
  void aMirrorThatCannotAnswerDegradesTheStreamUntilItRecovers() {
    stream.track(ACCOUNT);
    stream.attach(sink);
    Await.until("LIVE", () -> stream.state() == SourceState.LIVE);

    venue.mirror.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)));
    Await.until("DEGRADED", () -> stream.state() == SourceState.DEGRADED);
    assertThat(sink.saw(SourceState.LIVE, SourceState.DEGRADED)).isTrue();

    venue.mirror.resetAll();
    venue.answer(ACCOUNT_PATH, MirrorVenue.account("0.0.2", 100, "1700000000.000000001"));
    venue.answer(MirrorVenue.TOKENS_PATH, MirrorVenue.tokens());
    Await.until("LIVE again", () -> stream.state() == SourceState.LIVE);
    assertThat(sink.saw(SourceState.DEGRADED, SourceState.LIVE)).isTrue();
  }

  @Test
  void anAccountTheMirrorDoesNotKnowIsDroppedWithoutAnyBalance() {
    AccountRef unknown = AccountRef.of("hedera:testnet", "0.0.404");
    venue.answer("/api/v1/accounts/0.0.404?transactions=false", MirrorVenue.notFound());
    venue.answer("/api/v1/accounts/0.0.404/tokens?limit=100", MirrorVenue.notFound());
    stream.track(unknown);
    stream.attach(sink);

    awaitRounds(2);

    assertThat(sink.updates).isEmpty();
    assertThat(stream.view(unknown)).isEmpty();
    assertThat(venue.calls("/api/v1/accounts/0.0.404?transactions=false")).isEqualTo(1);
  }

  @Test
  void fetchAnswersFromTheViewWhileLiveAndFromTheMirrorOtherwise() {
    stream.track(ACCOUNT);
    stream.attach(sink);
    Await.until("the first snapshot", () -> sink.updates.size() == 1);
    venue.plainAccount("0.0.777", 7, "1.0");

    assertThat(stream.fetch(ACCOUNT)).isCompletedWithValue(stream.view(ACCOUNT).orElseThrow());
    AccountBalances untracked = Fetch.of(stream, AccountRef.of("hedera:testnet", "0.0.777"));
    assertThat(untracked.find("HBAR").orElseThrow().total())
        .isEqualTo(new BigDecimal("0.00000007"));
    assertThat(venue.calls("/api/v1/accounts/0.0.777?transactions=false")).isEqualTo(1);

    stream.close();
    assertThat(stream.state()).isEqualTo(SourceState.CLOSED);
    assertThat(sink.saw(SourceState.LIVE, SourceState.CLOSED)).isTrue();
  }

  @Test
  void tracksOnlyAccountsOfItsNetworkAndAttachesOnce() {
    stream.track(AccountRef.of("hedera:mainnet", "0.0.2"));
    stream.track(AccountRef.of("hedera:testnet", "0.0.2-aaaaa"));
    stream.attach(sink);
    awaitRounds(1);

    assertThat(venue.mirror.getAllServeEvents()).isEmpty();
    assertThatThrownBy(() -> stream.attach(new RecordingSink()))
        .isInstanceOf(IllegalStateException.class);
  }
}
