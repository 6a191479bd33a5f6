package dev.balancekit.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.balancekit.examples.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.algorand.algosdk.account.Account;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.balancekit.examples.cli.CliRun.Result;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code balancekit algorand ...} against a loopback algod (WireMock) answering with the fixtures'
 * shapes.
 */
class AlgorandCommandTest {
  static final long USDC = 31566704L;

  private final WireMockServer algod =
      new WireMockServer(
          WireMockConfiguration.options()
              .bindAddress("127.0.0.1")
              .dynamicPort()
              .containerThreads(8)
              .jettyAcceptors(1));
  private final CliRun cli = new CliRun();
  private final String alice = address();
  private final String bob = address();

  @BeforeEach
  void start() {
    algod.start();
    algod.stubFor(
        get(urlPathEqualTo("/v2/transactions/params")).willReturn(json(Fixtures.ALGOD_PARAMS)));
    algod.stubFor(
        get(urlPathEqualTo("/v2/assets/" + USDC)).willReturn(json(Fixtures.ALGOD_ASSET_USDC)));
  }

  @AfterEach
  void stop() {
    algod.stop();
  }

  private void account(String address, long microAlgos, long minBalance, Object... holdings) {
    algod.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + address))
            .willReturn(json(Fixtures.algodAccount(address, microAlgos, minBalance, holdings))));
  }

  private Result algorand(String... args) {
    String[] all = new String[args.length + 5];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--network";
    all[args.length + 1] = "testnet";
    all[args.length + 2] = "--algod";
    all[args.length + 3] = algod.baseUrl();
    all[args.length + 4] = "--token=LEAKCHECK-algod-token";
    String[] line = new String[all.length + 1];
    line[0] = "algorand";
    System.arraycopy(all, 0, line, 1, all.length);
    return cli.run(line);
  }

  @Test
  void balancePrintsAlgoWithItsMinimumBalanceHeldAndEachAsa() {
    account(alice, 5_300_000, 200_000, USDC, "18446744073709551615");

    Result r = algorand("balance", alice);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "algorand:testnet/" + alice + " (round 50893756)",
            "ASSET  ID                        TOTAL              AVAILABLE      HELD",
            "ALGO   -                      5.300000               5.100000  0.200000",
            "USDC   31566704  18446744073709.551615  18446744073709.551615  0.000000");
    assertThat(algod.getAllServeEvents())
        .allSatisfy(
            e ->
                assertThat(e.getRequest().getHeader("X-Algo-API-Token"))
                    .isEqualTo("LEAKCHECK-algod-token"));
    assertThat(r.out() + r.err()).doesNotContain("LEAKCHECK");
  }

  @Test
  void balanceJsonHasExactAmountsAsStrings() {
    account(alice, 200_000, 200_000, USDC, 2_500_000);

    Result r = algorand("balance", alice, "--json");

    JsonNode doc = r.json();
    assertThat(doc.get("account").asText()).isEqualTo("algorand:testnet/" + alice);
    assertThat(doc.get("round").asLong()).isEqualTo(50893756L);
    JsonNode algo = doc.get("balances").get(0);
    assertThat(algo.get("asset").asText()).isEqualTo("ALGO");
    assertThat(algo.get("assetId").isNull()).isTrue();
    assertThat(algo.get("total").isTextual()).isTrue();
    assertThat(algo.get("total").asText()).isEqualTo("0.200000");
    assertThat(algo.get("available").asText()).isEqualTo("0.000000");
    assertThat(algo.get("held").asText()).isEqualTo("0.200000");
    JsonNode usdc = doc.get("balances").get(1);
    assertThat(usdc.get("assetId").asText()).isEqualTo("31566704");
    assertThat(usdc.get("total").asText()).isEqualTo("2.500000");
  }

  @Test
  void aMistypedAddressIsAUsageErrorOnOneLine() {
    String typo = typo(alice);

    Result r = algorand("balance", typo);

    assertThat(r.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(r.oneErrorLine()).contains("wrong checksum");
    assertThat(algod.getAllServeEvents()).isEmpty();
  }

  @Test
  void anUnknownNetworkIsAUsageError() {
    Result r = cli.run("algorand", "balance", alice, "--network", "moonnet");

    assertThat(r.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(r.oneErrorLine())
        .contains("--network must be mainnet, testnet, betanet or localnet");
  }

  @Test
  void checkSendThatPassesExitsZeroWithFeeAndTotal() {
    account(alice, 10_000_000, 100_000);
    account(bob, 1_000_000, 100_000);

    Result r = algorand("check-send", "--from", alice, "--to", bob, "--amount", "5");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "findings: none",
            "fee:    0.001000 ALGO",
            "sent:   5.000000 ALGO",
            "total:  5.001000 ALGO (fee included)",
            "result: the send would pass");
  }

  @Test
  void checkSendRefusedExitsOneWithTheFindingInWords() {
    account(alice, 4_600_000, 100_000);
    account(bob, 1_000_000, 100_000);

    Result r = algorand("check-send", "--from", alice, "--to", bob, "--amount", "5", "--json");

    assertThat(r.exit()).as(r.toString()).isEqualTo(BalanceKitCli.REFUSED);
    JsonNode doc = r.json();
    assertThat(doc.get("ok").booleanValue()).isFalse();
    assertThat(doc.get("refusals"))
        .singleElement()
        .extracting(JsonNode::asText)
        .isEqualTo(
            "insufficient balance: sender algorand:testnet/"
                + alice
                + " has 4.500000 ALGO but trying to send 5.000000 "
                + "ALGO + 0.001000 ALGO fee = 5.001000 ALGO total");
    JsonNode finding = doc.get("findings").get(0);
    assertThat(finding.get("step").asText()).isEqualTo("SUFFICIENCY");
    assertThat(finding.get("rule").asText()).isEqualTo("insufficient_funds");
    assertThat(finding.get("refusal").booleanValue()).isTrue();
    assertThat(doc.get("fee").asText()).isEqualTo("0.001000");
    assertThat(doc.at("/totals/0/sent").asText()).isEqualTo("5.000000");
    assertThat(doc.at("/totals/0/total").asText()).isEqualTo("5.001000");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void checkSendPrintsEveryFindingInTheOrderTheChecksRan() {
    account(alice, 10_000_000, 200_000, USDC, 1_000_000); // 1 USDC
    account(bob, 1_000_000, 100_000); // not opted into USDC

    Result json =
        algorand(
            "check-send",
            "--from",
            alice,
            "--to",
            bob,
            "--amount",
            "5",
            "--asset",
            "31566704",
            "--json");
    Result text =
        algorand(
            "check-send", "--from", alice, "--to", bob, "--amount", "5", "--asset", "31566704");

    assertThat(json.exit()).isEqualTo(1);
    assertThat(json.json().get("findings"))
        .extracting(f -> f.get("step").asText() + " " + f.get("rule").asText())
        .containsExactly(
            "SUFFICIENCY insufficient_funds", "RECEIVER_OPT_IN recipient_not_opted_in");
    assertThat(text.exit()).isEqualTo(1);
    assertThat(text.out())
        .containsSubsequence(
            "  1. REFUSED SUFFICIENCY insufficient_funds: ",
            "  2. REFUSED RECEIVER_OPT_IN recipient_not_opted_in: receiver "
                + bob
                + " is not opted into",
            "sent:   5.000000 USDC (ASA 31566704)",
            "result: REFUSED");
  }

  @Test
  void checkSendWarnsWhenTheSenderIsLeftAtItsMinimumBalance() {
    account(alice, 4_601_000, 100_000);
    account(bob, 1_000_000, 100_000);

    Result r = algorand("check-send", "--from", alice, "--to", bob, "--amount", "4.5", "--json");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.json().get("warnings"))
        .singleElement()
        .extracting(JsonNode::asText)
        .asString()
        .startsWith("after this send sender " + alice + " keeps 0.100000 ALGO");
  }

  @Test
  void problemsWithTheSendItselfAreFindingsNotUsageErrors() {
    String typo = typo(bob);

    Result r = algorand("check-send", "--from", alice, "--to", typo, "--amount", "5", "--json");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().at("/findings/0/rule").asText()).isEqualTo("invalid_address");
    assertThat(r.json().at("/findings/0/message").asText()).contains("wrong checksum");
  }

  @Test
  void aNegativeOrNonNumericAmountIsAUsageError() {
    Result negative = algorand("check-send", "--from", alice, "--to", bob, "--amount", "-5");
    Result words = algorand("check-send", "--from", alice, "--to", bob, "--amount", "five");

    assertThat(negative.exit()).isEqualTo(BalanceKitCli.USAGE);
    assertThat(negative.oneErrorLine())
        .isEqualTo(
            "balancekit algorand check-send: --amount must be a positive number," + " but was -5");
    assertThat(words.exit()).isEqualTo(2);
    assertThat(words.oneErrorLine()).contains("--amount must be a decimal number");
    assertThat(algod.getAllServeEvents()).isEmpty();
  }

  @Test
  void theWrongNetworksNodeIsRefused() {
    ObjectNode params = (ObjectNode) Fixtures.tree(Fixtures.ALGOD_PARAMS);
    params.put("genesis-id", "mainnet-v1.0");
    algod.stubFor(
        get(urlPathEqualTo("/v2/transactions/params")).willReturn(json(params.toString())));
    account(alice, 10_000_000, 100_000);
    account(bob, 1_000_000, 100_000);

    Result r = algorand("check-send", "--from", alice, "--to", bob, "--amount", "1", "--json");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.json().at("/findings/0/rule").asText()).isEqualTo("wrong_network");
  }

  @Test
  void theAlgodUrlComesFromTheEnvironment() {
    account(alice, 10_000_000, 100_000);
    account(bob, 1_000_000, 100_000);

    Result r =
        new CliRun()
            .env("BALANCEKIT_ALGOD_URL", algod.baseUrl())
            .env("BALANCEKIT_ALGORAND_NETWORK", "testnet")
            .run("algorand", "check-send", "--from", alice, "--to", bob, "--amount", "1");

    assertThat(r.exit()).as(r.toString()).isZero();
  }

  @Test
  void anUnreachableNodeIsUnavailableWithExitThree() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }

    Result balance =
        cli.run(
            "algorand",
            "balance",
            alice,
            "--network",
            "testnet",
            "--algod",
            "http://127.0.0.1:" + closedPort,
            "--timeout",
            "2s");
    Result check =
        cli.run(
            "algorand",
            "check-send",
            "--from",
            alice,
            "--to",
            bob,
            "--amount",
            "1",
            "--network",
            "testnet",
            "--algod",
            "http://127.0.0.1:" + closedPort,
            "--timeout",
            "2s");

    assertThat(balance.exit()).as(balance.toString()).isEqualTo(BalanceKitCli.UNAVAILABLE);
    assertThat(balance.oneErrorLine()).startsWith("balancekit algorand balance: ");
    assertThat(check.exit()).as(check.toString()).isEqualTo(BalanceKitCli.UNAVAILABLE);
    assertThat(check.oneErrorLine()).startsWith("balancekit algorand check-send: ");
  }

  /**
   * One character of the public key changed: the checksum no longer matches (the last character is
   * partly padding).
   */
  private static String typo(String address) {
    return address.substring(0, 10)
        + (address.charAt(10) == 'A' ? 'B' : 'A')
        + address.substring(11);
  }

  private static String address() {
    try {
      return new Account().getAddress().toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
