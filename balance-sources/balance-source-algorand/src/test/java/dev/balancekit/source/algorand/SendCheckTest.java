package dev.balancekit.source.algorand;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.balancekit.source.algorand.FakeAlgod.ALGO;
import static dev.balancekit.source.algorand.FakeAlgod.USDC;
import static dev.balancekit.source.algorand.FakeAlgod.USDC_ID;
import static dev.balancekit.source.algorand.FakeAlgod.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.Asset;
import dev.balancekit.source.algorand.FakeAlgod.Key;
import dev.balancekit.source.algorand.SendCheck.Finding;
import dev.balancekit.source.algorand.SendCheck.Step;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.RecipientNotOptedInException;
import dev.balancekit.transfer.TransferRejectedException;
import java.math.BigDecimal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendCheckTest {
  private final FakeAlgod algod = new FakeAlgod();
  private final AlgorandSource source = algod.source().build();
  private final Key alice = Key.random();
  private final Key bob = Key.random();

  @AfterEach
  void close() {
    source.close();
    algod.close();
  }

  @Test
  void insufficientAlgoSaysWhatTheSenderHasAndNeedsIncludingTheFee() {
    algod.account(alice.address(), 4_600_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);

    SendCheck check = source.checkSend(send(alice, bob, ALGO, "5"));

    assertThat(check.refused()).isTrue();
    assertThat(check.refusals())
        .containsExactly(
            "insufficient balance: sender "
                + alice.ref()
                + " has 4.500000 ALGO but trying to send 5.000000 ALGO + 0.001000 ALGO fee = 5.001000 ALGO total");
    InsufficientFundsException e = (InsufficientFundsException) check.refusal().orElseThrow();
    assertThat(e.current()).isEqualTo(new BigDecimal("4.500000"));
    assertThat(e.required()).isEqualTo(new BigDecimal("5.001000"));
    assertThat(e.asset()).isEqualTo(ALGO);
    assertThat(check.fee()).isEqualTo(new BigDecimal("0.001000"));
    assertThatThrownBy(check::throwIfRefused).isSameAs(e);
  }

  @Test
  void sendOfExactlySpendableMinusFeePassesAndWarnsAboutTheMinimumBalance() {
    algod.account(alice.address(), 4_601_000, 100_000); // spendable 4.501000
    algod.account(bob.address(), 1_000_000, 100_000);

    SendCheck check = source.checkSend(send(alice, bob, ALGO, "4.5"));

    assertThat(check.ok()).isTrue();
    assertThat(check.total(ALGO)).isEqualTo(new BigDecimal("4.501000"));
    assertThat(check.warnings())
        .singleElement()
        .asString()
        .startsWith(
            "after this send sender "
                + alice.address()
                + " keeps 0.100000 ALGO against a minimum balance"
                + " of 0.100000 ALGO");
    assertThat(check.findings())
        .singleElement()
        .extracting(Finding::step, Finding::rule)
        .containsExactly(Step.MIN_BALANCE, "min_balance");
  }

  @Test
  void algoAtAnotherScaleIsRefusedAsAnUnknownAsset() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);

    SendCheck check = source.checkSend(send(alice, bob, Asset.of("ALGO", 2), "4.5"));

    assertThat(check.refused()).isTrue();
    assertThat(check.findings())
        .singleElement()
        .extracting(Finding::step, Finding::rule)
        .containsExactly(Step.ASSET, "asset_unknown");
    assertThat(check.refusals())
        .singleElement()
        .asString()
        .contains("ALGO")
        .contains("has 6 decimals, but the request's asset says 2");
  }

  @Test
  void sendWithRoomForMoreFeesHasNoWarning() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);

    SendCheck check = source.checkSend(send(alice, bob, ALGO, "4.5"));

    assertThat(check.ok()).isTrue();
    assertThat(check.findings()).isEmpty();
  }

  @Test
  void feePushesAnOtherwiseCoveredAmountOver() {
    algod.account(alice.address(), 4_600_500, 100_000); // spendable 4.500500
    algod.account(bob.address(), 1_000_000, 100_000);

    SendCheck check = source.checkSend(send(alice, bob, ALGO, "4.5"));

    InsufficientFundsException e = (InsufficientFundsException) check.refusal().orElseThrow();
    assertThat(e.current()).isEqualTo(new BigDecimal("4.500500"));
    assertThat(e.shortfall()).isEqualTo(new BigDecimal("0.000500"));
  }

  @Test
  void feePerByteTimesSizeBeatsTheMinimumFeeWhenCongested() {
    algod.params(10);
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);

    SendCheck check = source.checkSend(send(alice, bob, ALGO, "1"));

    BigDecimal fee = check.fee();
    // A signed payment is about 240 bytes: 10 microAlgos per byte is well above the 1000 minimum.
    assertThat(fee).isGreaterThan(new BigDecimal("0.002"));
    assertThat(fee.movePointRight(6).remainder(BigDecimal.TEN)).isZero();
  }

  @Test
  void senderNotOptedIntoTheAsaIsRefusedInItsOwnWords() {
    algod.account(alice.address(), 1_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 200_000, USDC_ID, 0);

    SendCheck check = source.checkSend(send(alice, bob, USDC, "5"));

    assertThat(check.refusals())
        .containsExactly("sender " + alice.address() + " is not opted into ASA 31566704 (USDC)");
    assertThat(check.refusal().orElseThrow())
        .isInstanceOf(TransferRejectedException.class)
        .extracting(e -> ((TransferRejectedException) e).rule())
        .isEqualTo("sender_not_opted_in");
  }

  @Test
  void receiverNotOptedIntoTheAsaIsRefusedWithTheTypedException() {
    algod.account(alice.address(), 1_000_000, 200_000, USDC_ID, 10_000_000);
    algod.account(bob.address(), 1_000_000, 100_000);

    SendCheck check = source.checkSend(send(alice, bob, USDC, "5"));

    assertThat(check.refusals())
        .containsExactly("receiver " + bob.address() + " is not opted into ASA 31566704 (USDC)");
    RecipientNotOptedInException e = (RecipientNotOptedInException) check.refusal().orElseThrow();
    assertThat(e.recipient()).isEqualTo(bob.ref());
    assertThat(e.asset()).isEqualTo(USDC);
    assertThat(e)
        .hasMessageStartingWith(
            "receiver " + bob.address() + " is not opted into ASA 31566704 (USDC)");
  }

  @Test
  void asaAmountBeyondTheHoldingIsInsufficientInThatAsset() {
    algod.account(alice.address(), 1_000_000, 200_000, USDC_ID, 4_500_000);
    algod.account(bob.address(), 1_000_000, 200_000, USDC_ID, 0);

    SendCheck check = source.checkSend(send(alice, bob, USDC, "5"));

    assertThat(check.refusals())
        .containsExactly(
            "insufficient balance: sender "
                + alice.ref()
                + " has 4.500000 USDC but trying to send 5.000000 USDC");
  }

  @Test
  void asaSendFromAnAccountAtItsMinimumBalanceCannotPayTheFee() {
    algod.account(alice.address(), 200_000, 200_000, USDC_ID, 10_000_000);
    algod.account(bob.address(), 1_000_000, 200_000, USDC_ID, 0);

    SendCheck check = source.checkSend(send(alice, bob, USDC, "5"));

    InsufficientFundsException e = (InsufficientFundsException) check.refusal().orElseThrow();
    assertThat(e.asset()).isEqualTo(ALGO);
    assertThat(e.getMessage())
        .isEqualTo(
            "insufficient balance for the fee: sender "
                + alice.ref()
                + " has 0.000000 ALGO but the fee is 0.001000 ALGO");
  }

  @Test
  void usdcAmountsUpTo2Pow64Minus1AreCheckedExactly() {
    algod.account(alice.address(), 1_000_000, 200_000, USDC_ID, "18446744073709551615");
    algod.account(bob.address(), 1_000_000, 200_000, USDC_ID, 0);

    assertThat(source.checkSend(send(alice, bob, USDC, "18446744073709.551615")).ok()).isTrue();
    SendCheck tooMuch = source.checkSend(send(alice, bob, USDC, "18446744073709.551616"));
    assertThat(tooMuch.findings())
        .singleElement()
        .extracting(Finding::step, Finding::rule)
        .containsExactly(Step.AMOUNT, "amount_absurd");
  }

  @Test
  void paymentLeavingANewReceiverBelowItsMinimumBalanceIsRefused() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 0, 100_000);

    SendCheck check = source.checkSend(send(alice, bob, ALGO, "0.05"));

    assertThat(check.refusals())
        .containsExactly(
            "receiver "
                + bob.address()
                + " would hold 0.050000 ALGO, below its"
                + " minimum balance of 0.100000 ALGO; send at least 0.100000 ALGO");
  }

  @Test
  void rawInputProblemsAreFindingsInCheckOrder() {
    String mistyped = (bob.address().charAt(0) == 'A' ? "B" : "A") + bob.address().substring(1);

    SendCheck check = source.checkSend(alice.address(), mistyped, "31566704", "1.1234567");

    assertThat(check.findings())
        .extracting(Finding::step, Finding::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Step.ACCOUNTS, "invalid_address"),
            org.assertj.core.groups.Tuple.tuple(Step.AMOUNT, "invalid_amount"));
    assertThat(check.refusals().get(0)).contains(mistyped).contains("wrong checksum");
    assertThat(check.refusals().get(1)).contains("has 7 decimals but USDC allows at most 6");
  }

  @Test
  void zeroUnknownAssetAndNonsenseAreRefusedWithoutReadingBalances() {
    algod.server.stubFor(
        get(urlPathEqualTo("/v2/assets/42"))
            .willReturn(
                aResponse().withStatus(404).withBody("{\"message\":\"asset does not exist\"}")));

    assertThat(source.checkSend(alice.address(), bob.address(), "ALGO", "0").findings())
        .extracting(Finding::rule)
        .containsExactly("amount_not_positive");
    assertThat(source.checkSend(alice.address(), bob.address(), "42", "1").refusals())
        .containsExactly("ASA 42 does not exist on algorand:testnet");
    assertThat(source.checkSend(alice.address(), bob.address(), "ALGO", "1e400").findings())
        .extracting(Finding::rule)
        .containsExactly("invalid_amount");
    assertThat(source.checkSend("nobody", bob.address(), "ALGO", "20000000000").findings())
        .extracting(Finding::rule)
        .containsExactly("invalid_address", "amount_absurd");
    assertThat(source.checkSend(alice.address(), alice.address(), "ALGO", "1").findings())
        .extracting(Finding::rule)
        .containsExactly("self_transfer");
    algod.server.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v2/accounts/.*")));
  }

  @Test
  void requestWhoseAssetDisagreesWithTheChainIsRefused() {
    assertThat(source.checkSend(send(alice, bob, Asset.of("USDT", 6, "31566704"), "1")).refusals())
        .containsExactly("ASA 31566704 (USDC) is USDC on chain, not USDT");
    assertThat(source.checkSend(send(alice, bob, Asset.of("USDC", 2, "31566704"), "1")).refusals())
        .containsExactly(
            "ASA 31566704 (USDC) has 6 decimals on chain, but the request's asset says 2");
    assertThat(source.checkSend(send(alice, bob, Asset.of("USDC", 6), "1")).findings())
        .extracting(Finding::rule)
        .containsExactly("asset_unknown");
  }

  @Test
  void nodeOfAnotherNetworkIsRefused() {
    algod.genesis("mainnet-v1.0");

    SendCheck check = source.checkSend(send(alice, bob, ALGO, "1"));

    assertThat(check.refusals())
        .singleElement()
        .asString()
        .contains("serves mainnet-v1.0, not algorand:testnet");
  }

  @Test
  void unknownBalanceIsAnErrorNotARefusal() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.server.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + bob.address()))
            .willReturn(aResponse().withStatus(200).withBody("{}")));

    assertThatThrownBy(() -> source.checkSend(send(alice, bob, ALGO, "1")))
        .isInstanceOf(HttpSourceException.class);
  }
}
