package dev.balancekit.source.algorand;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.balancekit.source.algorand.FakeAlgod.ALGO;
import static dev.balancekit.source.algorand.FakeAlgod.USDC;
import static dev.balancekit.source.algorand.FakeAlgod.USDC_ID;
import static dev.balancekit.source.algorand.FakeAlgod.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.algorand.algosdk.util.Encoder;
import com.algorand.algosdk.v2.client.model.SimulateResponse;
import com.algorand.algosdk.v2.client.model.SimulateTransactionGroupResult;
import dev.balancekit.source.algorand.FakeAlgod.Key;
import dev.balancekit.source.algorand.SendCheck.Finding;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCheckTest {
  private final FakeAlgod algod = new FakeAlgod();
  private AlgorandSource source = algod.source().build();
  private final Key a = Key.random();
  private final Key b = Key.random();
  private final Key c = Key.random();
  private final Key d = Key.random();

  @AfterEach
  void close() {
    source.close();
    algod.close();
  }

  @Test
  void crossFundingPassesWhenThePaymentInComesFirst() {
    algod.account(a.address(), 10_000_000, 100_000);
    algod.account(b.address(), 0, 100_000); // never funded
    algod.account(c.address(), 1_000_000, 100_000);

    SendCheck check = source.checkGroup(List.of(send(a, b, ALGO, "2"), send(b, c, ALGO, "1")));

    assertThat(check.ok()).as(check.toString()).isTrue();
    assertThat(check.legFees())
        .containsExactly(new BigDecimal("0.001000"), new BigDecimal("0.001000"));
    assertThat(check.sent()).containsEntry(ALGO, new BigDecimal("3.000000"));
  }

  @Test
  void crossFundingFailsWhenTheLegSpendingItComesBeforeThePaymentIn() {
    algod.account(a.address(), 10_000_000, 100_000);
    algod.account(b.address(), 0, 100_000);
    algod.account(c.address(), 1_000_000, 100_000);

    SendCheck check = source.checkGroup(List.of(send(b, c, ALGO, "1"), send(a, b, ALGO, "2")));

    assertThat(check.refused()).isTrue();
    assertThat(check.findings())
        .singleElement()
        .extracting(Finding::leg, Finding::rule)
        .containsExactly(0, "insufficient_funds");
    InsufficientFundsException e = (InsufficientFundsException) check.refusal().orElseThrow();
    assertThat(e.account()).isEqualTo(b.ref());
    assertThat(e.current()).isEqualTo(ALGO.zero());
  }

  @Test
  void crossFundedAsaMayBeForwardedInTheSameGroup() {
    algod.account(a.address(), 1_000_000, 200_000, USDC_ID, 10_000_000);
    algod.account(b.address(), 1_000_000, 200_000, USDC_ID, 0);
    algod.account(c.address(), 1_000_000, 200_000, USDC_ID, 0);

    assertThat(source.checkGroup(List.of(send(a, b, USDC, "5"), send(b, c, USDC, "5"))).ok())
        .isTrue();
    SendCheck reversed = source.checkGroup(List.of(send(b, c, USDC, "5"), send(a, b, USDC, "5")));
    assertThat(reversed.refusals())
        .containsExactly(
            "insufficient balance: sender "
                + b.ref()
                + " has 0.000000 USDC but trying to send 5.000000 USDC");
  }

  @Test
  void manySendersToOneAreEachChecked() {
    algod.account(a.address(), 5_000_000, 100_000);
    algod.account(b.address(), 1_000_000, 100_000); // spendable 0.9
    algod.account(c.address(), 5_000_000, 100_000);
    algod.account(d.address(), 1_000_000, 100_000);

    SendCheck check =
        source.checkGroup(
            List.of(send(a, d, ALGO, "1"), send(b, d, ALGO, "1"), send(c, d, ALGO, "1")));

    assertThat(check.findings()).singleElement().extracting(Finding::leg).isEqualTo(1);
    assertThat(check.refusals())
        .containsExactly(
            "insufficient balance: sender "
                + b.ref()
                + " has 0.900000 ALGO but trying to send 1.000000 ALGO + 0.001000 ALGO fee = 1.001000 ALGO total");
  }

  @Test
  void oneSenderToManyIsCheckedOnTheSumOfItsLegs() {
    algod.account(a.address(), 2_600_000, 100_000); // spendable 2.5
    algod.account(b.address(), 1_000_000, 100_000);
    algod.account(c.address(), 1_000_000, 100_000);
    algod.account(d.address(), 1_000_000, 100_000);

    SendCheck check =
        source.checkGroup(
            List.of(send(a, b, ALGO, "1"), send(a, c, ALGO, "1"), send(a, d, ALGO, "1")));

    assertThat(check.findings()).singleElement().extracting(Finding::leg).isEqualTo(2);
    assertThat(check.refusals())
        .containsExactly(
            "insufficient balance: sender "
                + a.ref()
                + " has 2.500000 ALGO but trying to send 3.000000 ALGO + 0.003000 ALGO fee = 3.003000 ALGO total");
    assertThat(source.checkGroup(List.of(send(a, b, ALGO, "1"), send(a, c, ALGO, "1"))).ok())
        .isTrue();
  }

  @Test
  void moreThanSixteenLegsIsRefusedBeforeAnyRead() {
    List<TransferRequest> legs = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      legs.add(send(a, Key.random(), ALGO, "1"));
    }

    SendCheck check = source.checkGroup(legs);

    assertThat(check.refusals())
        .containsExactly("an atomic group holds at most 16 transactions, but 17 were given");
    algod.server.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v2/accounts/.*")));
  }

  @Test
  void simulationIsSkippedWhenTheNodeDoesNotOfferIt() {
    source.close();
    source = algod.source().simulate(true).build();
    algod.account(a.address(), 10_000_000, 100_000);
    algod.account(b.address(), 1_000_000, 100_000);
    algod.server.stubFor(
        post(urlPathEqualTo("/v2/transactions/simulate"))
            .willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));

    SendCheck check = source.checkSend(send(a, b, ALGO, "1"));

    assertThat(check.ok()).isTrue();
    assertThat(check.simulated()).isFalse();
    algod.server.verify(1, postRequestedFor(urlPathEqualTo("/v2/transactions/simulate")));
  }

  @Test
  void simulationFailureRefusesWithAlgodsReason() throws Exception {
    source.close();
    source = algod.source().simulate(true).build();
    algod.account(a.address(), 10_000_000, 100_000);
    algod.account(b.address(), 1_000_000, 100_000);
    SimulateResponse failed = new SimulateResponse();
    SimulateTransactionGroupResult group = new SimulateTransactionGroupResult();
    group.failureMessage = "transaction rejected: account frozen by clawback";
    group.failedAt = List.of(0L);
    group.txnResults = List.of();
    failed.txnGroups = List.of(group);
    failed.version = 2L;
    failed.lastRound = 44440857L;
    algod.server.stubFor(
        post(urlPathEqualTo("/v2/transactions/simulate"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/msgpack")
                    .withBody(Encoder.encodeToMsgPack(failed))));

    SendCheck check = source.checkSend(send(a, b, ALGO, "1"));

    assertThat(check.refusals())
        .containsExactly(
            "algod's simulation refused the send: transaction rejected: account frozen by clawback");
    assertThat(check.simulated()).isTrue();
  }

  @Test
  void passingSimulationMarksTheCheckSimulated() throws Exception {
    source.close();
    source = algod.source().simulate(true).build();
    algod.account(a.address(), 10_000_000, 100_000);
    algod.account(b.address(), 1_000_000, 100_000);
    SimulateResponse passed = new SimulateResponse();
    SimulateTransactionGroupResult group = new SimulateTransactionGroupResult();
    group.txnResults = List.of();
    passed.txnGroups = List.of(group);
    passed.version = 2L;
    algod.server.stubFor(
        post(urlPathEqualTo("/v2/transactions/simulate"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/msgpack")
                    .withBody(Encoder.encodeToMsgPack(passed))));

    SendCheck check = source.checkSend(send(a, b, ALGO, "1"));

    assertThat(check.ok()).isTrue();
    assertThat(check.simulated()).isTrue();
  }
}
