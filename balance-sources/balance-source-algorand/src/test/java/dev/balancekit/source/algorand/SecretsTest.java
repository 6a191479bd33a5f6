package dev.balancekit.source.algorand;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.balancekit.source.algorand.FakeAlgod.ALGO;
import static dev.balancekit.source.algorand.FakeAlgod.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.algorand.algosdk.account.Account;
import dev.balancekit.source.algorand.FakeAlgod.Key;
import dev.balancekit.source.http.Secret;
import dev.balancekit.transfer.TransferReceipt;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretsTest {
  private final FakeAlgod algod = new FakeAlgod();
  private final Key alice = Key.random();
  private final Key bob = Key.random();
  private final AlgorandSource source = algod.source(alice).build();

  @AfterEach
  void close() {
    source.close();
    algod.close();
  }

  /** Every form of a secret that must never show: token, mnemonic, its first words, the seed. */
  private List<String> secrets() throws Exception {
    byte[] seed = new Account(alice.mnemonic()).toSeed();
    String[] words = alice.mnemonic().split(" ");
    return List.of(
        FakeAlgod.API_TOKEN,
        alice.mnemonic(),
        words[0] + " " + words[1] + " " + words[2],
        Base64.getEncoder().encodeToString(seed),
        new java.math.BigInteger(1, seed).toString(16));
  }

  private void assertNoSecretIn(String text) throws Exception {
    for (String secret : secrets()) {
      assertThat(text).doesNotContain(secret);
    }
  }

  @Test
  void toStringsNeverShowTokenOrKeys() throws Exception {
    AlgorandSource.Builder builder = algod.source(alice);

    assertNoSecretIn(source.toString());
    assertNoSecretIn(source.rail().toString());
    assertNoSecretIn(builder.toString());
    assertThat(source.rail().toString()).contains(alice.address());
  }

  @Test
  void badMnemonicIsRefusedWithoutRepeatingIt() {
    String typo = alice.mnemonic().replaceFirst("^\\S+", "leakcheckword");

    assertThatThrownBy(() -> AlgorandSource.builder().signer(Secret.of(typo)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "signer #1 is not a valid 25-word Algorand mnemonic (the words are not repeated here)")
        .hasNoCause();
  }

  @Test
  void tokenIsSentButNeverInFailures() throws Exception {
    algod.server.stubFor(
        get(urlPathMatching("/v2/accounts/.*"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"message\":\"Invalid API Token: " + FakeAlgod.API_TOKEN + "\"}")));

    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> source.fetch(alice.ref()).get(10, TimeUnit.SECONDS));

    algod.server.verify(
        getRequestedFor(urlPathEqualTo("/v2/accounts/" + alice.address()))
            .withHeader(AlgorandSource.DEFAULT_TOKEN_HEADER, equalTo(FakeAlgod.API_TOKEN)));
    assertNoSecretIn(e.getCause().getMessage());
    assertNoSecretIn(String.valueOf(e.getCause()));
  }

  @Test
  void submittingLogsAndReportsWithoutSecrets() throws Exception {
    algod.account(alice.address(), 4_601_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.acceptAndConfirm(44440860);
    List<String> texts = new ArrayList<>();
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      TransferReceipt receipt = source.rail().submit(send(alice, bob, ALGO, "4.5"));
      texts.add(receipt.toString());
      algod.acceptAndConfirm(0);
      try {
        source.rail().submit(send(alice, bob, ALGO, "0.1"));
      } catch (RuntimeException e) {
        texts.add(e.toString());
      }
      texts.add(source.checkSend(send(alice, bob, ALGO, "100")).toString());
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log).contains("submitted 1 transaction(s)").contains("minimum balance");
    assertThat(texts).hasSize(3);
    assertNoSecretIn(log);
    for (String text : texts) {
      assertNoSecretIn(text);
    }
  }
}
