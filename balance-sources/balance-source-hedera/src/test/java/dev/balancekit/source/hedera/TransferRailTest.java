package dev.balancekit.source.hedera;

import static dev.balancekit.source.hedera.RailFixture.HBAR;
import static dev.balancekit.source.hedera.RailFixture.OPERATOR;
import static dev.balancekit.source.hedera.RailFixture.RECIPIENT;
import static dev.balancekit.source.hedera.RailFixture.USDC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hedera.hashgraph.sdk.proto.AccountAmount;
import com.hedera.hashgraph.sdk.proto.AccountID;
import com.hedera.hashgraph.sdk.proto.CryptoTransferTransactionBody;
import com.hedera.hashgraph.sdk.proto.ResponseCodeEnum;
import com.hedera.hashgraph.sdk.proto.TokenTransferList;
import com.hedera.hashgraph.sdk.proto.TransactionBody;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.transfer.IdempotencyConflictException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.RecipientNotOptedInException;
import dev.balancekit.transfer.TransferQuote;
import dev.balancekit.transfer.TransferReceipt;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Transfers through the SDK to a loopback consensus node, checked against a loopback mirror. */
class TransferRailTest {
  private final RailFixture f = new RailFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static TransferRequest hbar(String amount) {
    return TransferRequest.builder().from(OPERATOR).to(RECIPIENT).amount(HBAR, amount).build();
  }

  private static TransferRequest usdc(String amount) {
    return TransferRequest.builder().from(OPERATOR).to(RECIPIENT).amount(USDC, amount).build();
  }

  private static AccountAmount leg(long account, long amount) {
    return AccountAmount.newBuilder()
        .setAccountID(AccountID.newBuilder().setAccountNum(account))
        .setAmount(amount)
        .build();
  }

  @Test
  void anHbarTransferSendsExactTinybarLegsSignedByTheOperator() {
    TransferRequest request =
        TransferRequest.builder()
            .from(OPERATOR)
            .to(RECIPIENT)
            .amount(HBAR, "12.5")
            .memo("rent")
            .build();

    TransferReceipt receipt = f.rail.submit(request);

    assertThat(f.node.bodies).hasSize(1);
    TransactionBody body = f.node.lastBody();
    CryptoTransferTransactionBody transfer = body.getCryptoTransfer();
    assertThat(transfer.getTransfers().getAccountAmountsList())
        .containsExactlyInAnyOrder(leg(1001, -1_250_000_000L), leg(2002, 1_250_000_000L));
    assertThat(transfer.getTokenTransfersList()).isEmpty();
    assertThat(body.getTransactionID().getAccountID().getAccountNum()).isEqualTo(1001);
    assertThat(body.getNodeAccountID().getAccountNum()).isEqualTo(3);
    assertThat(body.getTransactionFee()).isEqualTo(100_000_000L);
    assertThat(body.getMemo()).isEqualTo("rent");
    byte[] publicKey = f.key.getPublicKey().toBytesRaw();
    assertThat(f.node.signed.get(0).getSigMap().getSigPairList())
        .singleElement()
        .satisfies(pair -> assertThat(publicKey).startsWith(pair.getPubKeyPrefix().toByteArray()));

    assertThat(receipt.status()).isEqualTo(TransferReceipt.Status.COMPLETED);
    assertThat(receipt.request()).isEqualTo(request);
    assertThat(receipt.fee()).isEqualTo(new BigDecimal("1.00000000"));
    assertThat(receipt.feeAsset()).isEqualTo(HBAR);
    assertThat(receipt.venueTransactionId()).startsWith("0.0.1001@");
    assertThat(receipt.replay()).isFalse();
  }

  @Test
  void aTokenTransferCarriesTheTokenLegsAndItsDecimals() {
    f.rail.submit(usdc("1.25"));

    CryptoTransferTransactionBody transfer = f.node.lastBody().getCryptoTransfer();
    assertThat(transfer.getTransfers().getAccountAmountsList()).isEmpty();
    TokenTransferList tokens = transfer.getTokenTransfers(0);
    assertThat(tokens.getToken().getTokenNum()).isEqualTo(5005);
    assertThat(tokens.getTransfersList())
        .containsExactlyInAnyOrder(leg(1001, -1_250_000L), leg(2002, 1_250_000L));
    assertThat(tokens.hasExpectedDecimals()).isTrue();
    assertThat(tokens.getExpectedDecimals().getValue()).isEqualTo(6);
  }

  @Test
  void theReceiptStatusInsufficientAccountBalanceIsInsufficientFunds() {
    f.node.receiptStatus = ResponseCodeEnum.INSUFFICIENT_ACCOUNT_BALANCE;

    assertThatThrownBy(() -> f.rail.submit(hbar("12.5")))
        .isInstanceOfSatisfying(
            InsufficientFundsException.class,
            e -> {
              assertThat(e.asset()).isEqualTo(HBAR);
              assertThat(e.required()).isEqualTo(new BigDecimal("13.50000000"));
            });
  }

  @Test
  void theReceiptStatusTokenNotAssociatedIsRecipientNotOptedIn() {
    f.node.receiptStatus = ResponseCodeEnum.TOKEN_NOT_ASSOCIATED_TO_ACCOUNT;

    assertThatThrownBy(() -> f.rail.submit(usdc("1")))
        .isInstanceOfSatisfying(
            RecipientNotOptedInException.class,
            e -> assertThat(e.recipient()).isEqualTo(RECIPIENT));
  }

  @ParameterizedTest
  @EnumSource(
      value = ResponseCodeEnum.class,
      names = {"INVALID_SIGNATURE", "ACCOUNT_DELETED", "ACCOUNT_FROZEN_FOR_TOKEN"})
  void anyOtherReceiptStatusIsARejectionNamingIt(ResponseCodeEnum status) {
    f.node.receiptStatus = status;

    assertThatThrownBy(() -> f.rail.submit(usdc("1")))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> {
              assertThat(e.rule()).isEqualTo(status.name().toLowerCase(java.util.Locale.ROOT));
              assertThat(e.getMessage()).contains(status.name()).contains("0.0.1001@");
            });
  }

  @Test
  void aPrecheckRefusalOfTheFeeIsInsufficientFundsInHbar() {
    f.node.precheck = ResponseCodeEnum.INSUFFICIENT_PAYER_BALANCE;

    assertThatThrownBy(() -> f.rail.submit(usdc("1")))
        .isInstanceOfSatisfying(
            InsufficientFundsException.class, e -> assertThat(e.asset()).isEqualTo(HBAR));
    assertThat(f.node.receiptQueries.get()).isZero();
  }

  @Test
  void aRecipientNotAssociatedWithTheTokenIsRefusedBeforeSigning() {
    f.recipientAssociated(false);

    assertThatThrownBy(() -> f.rail.submit(usdc("1")))
        .isInstanceOf(RecipientNotOptedInException.class)
        .hasMessageContaining("0.0.5005");
    assertThat(f.node.bodies).isEmpty();
  }

  @Test
  void aRecipientWithAutomaticAssociationSlotsMayReceiveAnUnassociatedToken() {
    f.recipientAssociated(false);
    f.recipientAutoAssociations(-1);

    TransferQuote quote = f.rail.quote(usdc("1"));

    assertThat(quote.warnings()).anyMatch(w -> w.contains("automatic-association"));
    assertThat(quote.recipientAfter()).contains(new BigDecimal("1.000000"));
    assertThat(f.rail.submit(usdc("1")).status()).isEqualTo(TransferReceipt.Status.COMPLETED);
  }

  @Test
  void amountPlusMaximumFeeAboveTheMirrorBalanceIsRefusedBeforeSigning() {
    assertThatThrownBy(() -> f.rail.submit(hbar("99.5")))
        .isInstanceOfSatisfying(
            InsufficientFundsException.class,
            e -> {
              assertThat(e.current()).isEqualTo(new BigDecimal("100.00000000"));
              assertThat(e.required()).isEqualTo(new BigDecimal("100.50000000"));
              assertThat(e.getMessage())
                  .contains("99.50000000 HBAR + 1.00000000 HBAR fee = 100.50000000 HBAR total");
            });
    assertThatThrownBy(() -> f.rail.submit(usdc("50.000001")))
        .isInstanceOf(InsufficientFundsException.class);
    assertThat(f.node.bodies).isEmpty();
  }

  @Test
  void anAmountWithMoreDecimalsThanTheTokenIsRefusedBeforeSigning() {
    Asset tooPrecise = Asset.of("USDC", 8, "0.0.5005");
    TransferRequest request =
        TransferRequest.builder()
            .from(OPERATOR)
            .to(RECIPIENT)
            .amount(tooPrecise, "1.0000001")
            .build();

    assertThatThrownBy(() -> f.rail.submit(request))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("amount_precision"));
    assertThatThrownBy(
            () ->
                f.rail.submit(
                    TransferRequest.builder()
                        .from(OPERATOR)
                        .to(RECIPIENT)
                        .amount(tooPrecise, "1.5")
                        .build()))
        .isInstanceOfSatisfying(
            TransferRejectedException.class, e -> assertThat(e.rule()).isEqualTo("asset_mismatch"));
    // The request itself refuses more decimals than its asset allows.
    assertThatThrownBy(() -> usdc("1.0000001")).isInstanceOf(IllegalArgumentException.class);
    assertThat(f.node.bodies).isEmpty();
  }

  @Test
  void badRequestsAreRefusedBeforeAnythingIsSigned() {
    assertThatThrownBy(() -> hbar("0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> hbar("-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransferRequest.of(OPERATOR, OPERATOR, HBAR, BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class);
    AccountRef operatorWithChecksum =
        AccountRef.of(
            "hedera:testnet",
            "0.0.1001-" + new EntityId(0, 0, 1001).checksum(HederaNetwork.TESTNET));
    assertThatThrownBy(
            () ->
                f.rail.submit(
                    TransferRequest.of(OPERATOR, operatorWithChecksum, HBAR, BigDecimal.ONE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same account");
    assertThatThrownBy(
            () -> f.rail.submit(TransferRequest.of(RECIPIENT, OPERATOR, HBAR, BigDecimal.ONE)))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("sender_not_operator"));
    assertThatThrownBy(
            () ->
                f.rail.submit(
                    TransferRequest.builder()
                        .from(OPERATOR)
                        .to(RECIPIENT)
                        .amount(HBAR, "1")
                        .memo("é".repeat(51))
                        .build()))
        .isInstanceOfSatisfying(
            TransferRejectedException.class, e -> assertThat(e.rule()).isEqualTo("memo_too_long"));
    assertThatThrownBy(
            () ->
                f.rail.submit(
                    TransferRequest.of(OPERATOR, RECIPIENT, Asset.of("BTC", 8), BigDecimal.ONE)))
        .isInstanceOfSatisfying(
            TransferRejectedException.class, e -> assertThat(e.rule()).isEqualTo("unknown_asset"));
    AccountRef nobody = AccountRef.of("hedera:testnet", "0.0.4040");
    f.venue.answer("/api/v1/accounts/0.0.4040?transactions=false", MirrorVenue.notFound());
    assertThatThrownBy(
            () -> f.rail.submit(TransferRequest.of(OPERATOR, nobody, HBAR, BigDecimal.ONE)))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("recipient_not_found"));
    assertThat(f.node.bodies).isEmpty();
  }

  @Test
  void aQuoteStatesTheMaximumFeeAndTheBalancesAfter() {
    TransferQuote hbarQuote = f.rail.quote(hbar("12.5"));

    assertThat(hbarQuote.fee()).isEqualTo(new BigDecimal("1.00000000"));
    assertThat(hbarQuote.feeAsset()).isEqualTo(HBAR);
    assertThat(hbarQuote.totalDebit()).isEqualTo(new BigDecimal("13.50000000"));
    assertThat(hbarQuote.senderAfter()).contains(new BigDecimal("86.50000000"));
    assertThat(hbarQuote.recipientAfter()).contains(new BigDecimal("17.50000000"));
    assertThat(hbarQuote.confirmationRequired()).isFalse();

    TransferQuote tokenQuote = f.rail.quote(usdc("1.25"));
    assertThat(tokenQuote.totalDebit()).isEqualTo(new BigDecimal("1.250000"));
    assertThat(tokenQuote.senderAfter()).contains(new BigDecimal("48.750000"));
    assertThat(tokenQuote.recipientAfter()).contains(new BigDecimal("2.250000"));
    assertThat(f.node.bodies).isEmpty();
  }

  @Test
  void aRetryWithTheSameKeyReplaysAndADifferentTransferWithItConflicts() {
    TransferRequest first =
        TransferRequest.builder()
            .from(OPERATOR)
            .to(RECIPIENT)
            .amount(HBAR, "2")
            .idempotencyKey("pay-42")
            .build();

    TransferReceipt original = f.rail.submit(first);
    TransferReceipt again =
        f.rail.submit(
            TransferRequest.builder()
                .from(OPERATOR)
                .to(RECIPIENT)
                .amount(HBAR, "2")
                .idempotencyKey("pay-42")
                .build());

    assertThat(again.replay()).isTrue();
    assertThat(again.venueTransactionId()).isEqualTo(original.venueTransactionId());
    assertThat(f.node.bodies).hasSize(1);
    assertThatThrownBy(
            () ->
                f.rail.submit(
                    TransferRequest.builder()
                        .from(OPERATOR)
                        .to(RECIPIENT)
                        .amount(HBAR, "3")
                        .idempotencyKey("pay-42")
                        .build()))
        .isInstanceOf(IdempotencyConflictException.class);
  }

  @Test
  void aRefusedTransferLeavesItsKeyFreeForANewAttempt() {
    f.node.receiptStatus = ResponseCodeEnum.INVALID_SIGNATURE;
    TransferRequest request =
        TransferRequest.builder()
            .from(OPERATOR)
            .to(RECIPIENT)
            .amount(HBAR, "2")
            .idempotencyKey("pay-43")
            .build();
    assertThatThrownBy(() -> f.rail.submit(request)).isInstanceOf(TransferRejectedException.class);

    f.node.receiptStatus = ResponseCodeEnum.SUCCESS;
    TransferReceipt receipt = f.rail.submit(request);

    assertThat(receipt.replay()).isFalse();
    assertThat(f.node.bodies).hasSize(2);
  }

  /**
   * A rail that gives up on a silent node quickly, warmed up by one transfer (the first in a JVM is
   * slow).
   */
  private static RailFixture impatient() {
    RailFixture fixture = new RailFixture(java.time.Duration.ofSeconds(2));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        fixture.rail.submit(hbar("1"));
        return fixture;
      } catch (SourceUnavailableException coldStart) {
        if (System.nanoTime() > deadline) {
          throw coldStart;
        }
      }
    }
  }

  @Test
  void noAnswerFromAnyNodeIsAnUnknownOutcomeThatARetryLearnsFromTheReceipt() {
    try (RailFixture f = impatient()) {
      unknownOutcomeIsLearntFromTheReceipt(f);
    }
  }

  private static void unknownOutcomeIsLearntFromTheReceipt(RailFixture f) {
    f.node.bodies.clear();
    f.node.answersTransactions = false;
    TransferRequest request =
        TransferRequest.builder()
            .from(OPERATOR)
            .to(RECIPIENT)
            .amount(HBAR, "2")
            .idempotencyKey("pay-44")
            .build();

    assertThatThrownBy(() -> f.rail.submit(request))
        .isInstanceOf(SourceUnavailableException.class)
        .hasMessageContaining("0.0.1001@")
        .hasMessageContaining("same idempotency key");
    int sent = f.node.bodies.size();
    String transactionId =
        f.node.bodies.get(0).getTransactionID().getTransactionValidStart().getSeconds() + "";

    TransferReceipt learnt = f.rail.submit(request);

    assertThat(learnt.status()).isEqualTo(TransferReceipt.Status.COMPLETED);
    assertThat(learnt.replay()).isTrue();
    assertThat(learnt.venueTransactionId()).contains(transactionId);
    assertThat(f.node.bodies).hasSize(sent); // asked for the receipt, did not send again
    assertThat(f.node.receiptQueries.get()).isPositive();
  }

  @Test
  void anAcceptedTransactionWhoseReceiptDoesNotArriveIsSubmitted() {
    try (RailFixture f = impatient()) {
      f.node.answersReceipts = false;

      TransferReceipt receipt = f.rail.submit(hbar("1"));

      assertThat(receipt.status()).isEqualTo(TransferReceipt.Status.SUBMITTED);
      assertThat(receipt.venueTransactionId()).startsWith("0.0.1001@");
    }
  }

  @Test
  void theRailServesItsNetworkOnly() {
    assertThat(f.rail.supports(RECIPIENT)).isTrue();
    assertThat(f.rail.supports(AccountRef.of("hedera:mainnet", "0.0.2002"))).isFalse();
    assertThat(f.rail.name()).isEqualTo("hedera-testnet-rail");
    assertThat(List.of(f.rail.toString())).allMatch(s -> s.contains("0.0.1001"));
  }
}
