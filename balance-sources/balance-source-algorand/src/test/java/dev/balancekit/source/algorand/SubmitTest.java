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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.algorand.algosdk.crypto.Address;
import com.algorand.algosdk.crypto.Digest;
import com.algorand.algosdk.transaction.SignedTransaction;
import com.algorand.algosdk.transaction.Transaction;
import com.algorand.algosdk.transaction.TxGroup;
import dev.balancekit.source.algorand.FakeAlgod.Key;
import dev.balancekit.spi.TransferRail;
import dev.balancekit.transfer.IdempotencyConflictException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.RecipientNotOptedInException;
import dev.balancekit.transfer.TransferQuote;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubmitTest {
  private final FakeAlgod algod = new FakeAlgod();
  private final Key alice = Key.random();
  private final Key bob = Key.random();
  private final Key carol = Key.random();
  private final AlgorandSource source = algod.source(alice, bob).build();
  private final TransferRail rail = source.rail();

  @AfterEach
  void close() {
    source.close();
    algod.close();
  }

  @Test
  void paymentIsSignedPostedAndAwaitedUntilConfirmed() throws Exception {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.acceptAndConfirm(44440860);

    TransferReceipt receipt = rail.submit(send(alice, bob, ALGO, "2.5"));

    List<SignedTransaction> posted = single(algod.received());
    assertThat(posted).hasSize(1);
    Transaction tx = posted.get(0).tx;
    assertThat(tx.type).isEqualTo(Transaction.Type.Payment);
    assertThat(tx.sender).isEqualTo(new Address(alice.address()));
    assertThat(tx.receiver).isEqualTo(new Address(bob.address()));
    assertThat(tx.amount).isEqualTo(BigInteger.valueOf(2_500_000));
    assertThat(tx.fee).isEqualTo(BigInteger.valueOf(1000));
    assertThat(tx.firstValid).isEqualTo(BigInteger.valueOf(44440857));
    assertThat(tx.lastValid).isEqualTo(BigInteger.valueOf(44441857));
    assertThat(tx.genesisID).isEqualTo("testnet-v1.0");
    assertThat(tx.lease).hasSize(32);
    assertSignedBySender(posted.get(0));
    assertThat(receipt.status()).isEqualTo(TransferReceipt.Status.COMPLETED);
    assertThat(receipt.venueTransactionId()).isEqualTo(tx.txID());
    assertThat(receipt.fee()).isEqualTo(new BigDecimal("0.001000"));
    assertThat(receipt.feeAsset()).isEqualTo(ALGO);
  }

  @Test
  void asaTransferCarriesAssetIdAmountAndReceiver() throws Exception {
    algod.account(alice.address(), 1_000_000, 200_000, USDC_ID, "18446744073709551615");
    algod.account(bob.address(), 1_000_000, 200_000, USDC_ID, 0);
    algod.acceptAndConfirm(44440860);

    rail.submit(send(alice, bob, USDC, "18446744073709.551615"));

    Transaction tx = single(algod.received()).get(0).tx;
    assertThat(tx.type).isEqualTo(Transaction.Type.AssetTransfer);
    assertThat(tx.sender).isEqualTo(new Address(alice.address()));
    assertThat(tx.assetReceiver).isEqualTo(new Address(bob.address()));
    assertThat(tx.xferAsset).isEqualTo(BigInteger.valueOf(USDC_ID));
    assertThat(tx.assetAmount).isEqualTo(new BigInteger("18446744073709551615"));
  }

  @Test
  void groupIsPostedAtOnceWithOneGroupIdOverAllLegs() throws Exception {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 0, 100_000);
    algod.account(carol.address(), 1_000_000, 100_000);
    algod.acceptAndConfirm(44440860);

    List<TransferReceipt> receipts =
        rail.submitGroup(List.of(send(alice, bob, ALGO, "2"), send(bob, carol, ALGO, "1")));

    List<SignedTransaction> posted = single(algod.received());
    assertThat(posted)
        .extracting(s -> s.tx.sender, s -> s.tx.receiver, s -> s.tx.amount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                new Address(alice.address()),
                new Address(bob.address()),
                BigInteger.valueOf(2_000_000)),
            org.assertj.core.groups.Tuple.tuple(
                new Address(bob.address()),
                new Address(carol.address()),
                BigInteger.valueOf(1_000_000)));
    Digest group = posted.get(0).tx.group;
    assertThat(posted.get(1).tx.group).isEqualTo(group);
    assertThat(group).isNotEqualTo(new Digest());
    posted.forEach(this::assertSignedBySender);
    Transaction[] ungrouped = posted.stream().map(s -> s.tx).toArray(Transaction[]::new);
    for (Transaction t : ungrouped) {
      t.group = new Digest();
    }
    assertThat(TxGroup.computeGroupID(ungrouped)).isEqualTo(group);
    assertThat(receipts)
        .extracting(TransferReceipt::venueTransactionId)
        .doesNotHaveDuplicates()
        .hasSize(2);
  }

  @Test
  void refusedSendIsNeverSignedOrPosted() {
    algod.account(alice.address(), 1_000_000, 200_000, USDC_ID, 10_000_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.acceptAndConfirm(1);

    assertThatThrownBy(() -> rail.submit(send(alice, bob, USDC, "5")))
        .isInstanceOf(RecipientNotOptedInException.class);
    assertThatThrownBy(() -> rail.submit(send(alice, bob, ALGO, "50")))
        .isInstanceOf(InsufficientFundsException.class);
    algod.server.verify(0, postRequestedFor(urlPathEqualTo("/v2/transactions")));
  }

  @Test
  void confirmationThatNeverComesIsATypedTimeoutNamingTheTransaction() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.acceptAndConfirm(0);

    assertThatThrownBy(() -> rail.submit(send(alice, bob, ALGO, "1")))
        .isInstanceOfSatisfying(
            UnconfirmedTransferException.class,
            e -> {
              assertThat(e.transactionIds()).singleElement().asString().hasSize(52);
              assertThat(e.lastValidRound()).isEqualTo(44441857L);
              assertThat(e.getMessage()).contains("no confirmation within 3000 ms");
            });
  }

  @Test
  void transactionDroppedFromThePoolIsARefusal() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.acceptAndConfirm(0);
    algod.pending("{\"confirmed-round\":0,\"pool-error\":\"transaction already in ledger\"}");

    assertThatThrownBy(() -> rail.submit(send(alice, bob, ALGO, "1")))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> {
              assertThat(e.rule()).isEqualTo("pool_error");
              assertThat(e.getMessage()).contains("transaction already in ledger");
            });
  }

  @Test
  void algodRefusingThePostIsARefusalInAlgodsWords() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.server.stubFor(
        post(urlPathEqualTo("/v2/transactions"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"message\":\"TransactionPool.Remember: transaction XYZ: overspend\"}")));

    assertThatThrownBy(() -> rail.submit(send(alice, bob, ALGO, "1")))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> {
              assertThat(e.rule()).isEqualTo("algod_rejected");
              assertThat(e.getMessage())
                  .endsWith(
                      "algod refused the transaction: TransactionPool.Remember: transaction"
                          + " XYZ: overspend");
            });
  }

  @Test
  void failedPostIsAnUnknownOutcomeNotARefusal() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.server.stubFor(
        post(urlPathEqualTo("/v2/transactions")).willReturn(aResponse().withStatus(503)));

    assertThatThrownBy(() -> rail.submit(send(alice, bob, ALGO, "1")))
        .isInstanceOf(UnconfirmedTransferException.class)
        .hasMessageContaining("algod may have accepted it");
  }

  @Test
  void retryWithTheSameKeyReplaysTheReceiptAndPostsOnce() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.acceptAndConfirm(44440860);
    TransferRequest request =
        TransferRequest.builder()
            .from(alice.ref())
            .to(bob.ref())
            .amount(ALGO, "1")
            .idempotencyKey("order-17")
            .build();

    TransferReceipt first = rail.submit(request);
    TransferReceipt again = rail.submit(request);

    assertThat(again.replay()).isTrue();
    assertThat(again.venueTransactionId()).isEqualTo(first.venueTransactionId());
    algod.server.verify(1, postRequestedFor(urlPathEqualTo("/v2/transactions")));
    TransferRequest other =
        TransferRequest.builder()
            .from(alice.ref())
            .to(bob.ref())
            .amount(ALGO, "2")
            .idempotencyKey("order-17")
            .build();
    assertThatThrownBy(() -> rail.submit(other)).isInstanceOf(IdempotencyConflictException.class);
  }

  @Test
  void concurrentRetriesWithOneKeyPostOnce() throws Exception {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.acceptAndConfirm(44440860);
    TransferRequest request =
        TransferRequest.builder()
            .from(alice.ref())
            .to(bob.ref())
            .amount(ALGO, "1")
            .idempotencyKey("order-19")
            .build();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<TransferReceipt>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(pool.submit(() -> rail.submit(request)));
      }
      java.util.Set<String> txids = new java.util.HashSet<>();
      int replays = 0;
      for (java.util.concurrent.Future<TransferReceipt> run : runs) {
        TransferReceipt r = run.get(30, java.util.concurrent.TimeUnit.SECONDS);
        txids.add(r.venueTransactionId());
        replays += r.replay() ? 1 : 0;
      }
      assertThat(txids).hasSize(1);
      assertThat(replays).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
    algod.server.verify(1, postRequestedFor(urlPathEqualTo("/v2/transactions")));
  }

  @Test
  void sameKeyGivesTheSameLeaseSoAlgodItselfRefusesADoublePayment() {
    algod.account(alice.address(), 10_000_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);
    algod.acceptAndConfirm(44440860);
    TransferRequest request =
        TransferRequest.builder()
            .from(alice.ref())
            .to(bob.ref())
            .amount(ALGO, "1")
            .idempotencyKey("order-18")
            .build();
    AlgorandSource otherProcess = algod.source(alice).build();

    rail.submit(request);
    otherProcess.rail().submit(request);
    otherProcess.close();

    List<List<SignedTransaction>> posts = algod.received();
    assertThat(posts).hasSize(2);
    assertThat(posts.get(1).get(0).tx.lease).isEqualTo(posts.get(0).get(0).tx.lease);
  }

  @Test
  void senderWithoutAConfiguredKeyIsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> rail.submit(send(carol, alice, ALGO, "1")))
        .isInstanceOfSatisfying(
            TransferRejectedException.class, e -> assertThat(e.rule()).isEqualTo("no_signer"));
    algod.server.verify(
        0,
        com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
  }

  @Test
  void quoteGivesFeeTotalBalancesAfterAndTheMinimumBalanceWarning() {
    algod.account(alice.address(), 4_601_000, 100_000);
    algod.account(bob.address(), 1_000_000, 100_000);

    TransferQuote quote = rail.quote(send(alice, bob, ALGO, "4.5"));

    assertThat(quote.fee()).isEqualTo(new BigDecimal("0.001000"));
    assertThat(quote.feeAsset()).isEqualTo(ALGO);
    assertThat(quote.totalDebit()).isEqualTo(new BigDecimal("4.501000"));
    assertThat(quote.senderAfter()).contains(new BigDecimal("0.100000"));
    assertThat(quote.recipientAfter()).contains(new BigDecimal("5.500000"));
    assertThat(quote.warnings()).singleElement().asString().contains("minimum balance");
    algod.server.verify(0, postRequestedFor(urlPathEqualTo("/v2/transactions")));
  }

  @Test
  void asaQuoteDebitsTheAmountOnlyInTheAsset() {
    algod.account(alice.address(), 1_000_000, 200_000, USDC_ID, 10_000_000);
    algod.account(bob.address(), 1_000_000, 200_000, USDC_ID, 0);

    TransferQuote quote = rail.quote(send(alice, bob, USDC, "4"));

    assertThat(quote.totalDebit()).isEqualTo(new BigDecimal("4.000000"));
    assertThat(quote.senderAfter()).contains(new BigDecimal("6.000000"));
    assertThat(quote.recipientAfter()).contains(new BigDecimal("4.000000"));
  }

  private void assertSignedBySender(SignedTransaction stx) {
    try {
      PublicKey key = stx.tx.sender.toVerifyKey();
      java.security.Signature verifier = java.security.Signature.getInstance("EdDSA");
      verifier.initVerify(key);
      verifier.update(stx.tx.bytesToSign());
      assertThat(verifier.verify(stx.sig.getBytes())).as("signature of %s", stx.tx.sender).isTrue();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static <T> T single(List<T> posts) {
    assertThat(posts).hasSize(1);
    return posts.get(0);
  }
}
