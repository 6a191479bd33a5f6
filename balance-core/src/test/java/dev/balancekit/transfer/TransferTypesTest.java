package dev.balancekit.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TransferTypesTest {
  static final Asset ALGO = Asset.of("ALGO", 6);
  static final AccountRef ALICE = AccountRef.of("ledger:guild-42", "alice");
  static final AccountRef BOB = AccountRef.of("ledger:guild-42", "bob");

  @Test
  void rejectsZeroAndNegativeAmounts() {
    assertThatThrownBy(() -> TransferRequest.of(ALICE, BOB, ALGO, BigDecimal.ZERO))
        .hasMessage("amount must be positive, but was 0.000000 ALGO");
    assertThatThrownBy(() -> TransferRequest.of(ALICE, BOB, ALGO, new BigDecimal("-5")))
        .hasMessage("amount must be positive, but was -5.000000 ALGO");
  }

  @Test
  void rejectsAmountsFinerThanTheAsset() {
    assertThatThrownBy(() -> TransferRequest.of(ALICE, BOB, ALGO, new BigDecimal("0.0000001")))
        .hasMessageContaining("has 7 decimals but ALGO allows at most 6");
  }

  @Test
  void rejectsSelfTransfersAndCrossVenueTransfers() {
    assertThatThrownBy(() -> TransferRequest.of(ALICE, ALICE, ALGO, BigDecimal.ONE))
        .hasMessage("cannot transfer to the same account: ledger:guild-42/alice");
    AccountRef elsewhere = AccountRef.of("ledger:guild-7", "bob");
    assertThatThrownBy(() -> TransferRequest.of(ALICE, elsewhere, ALGO, BigDecimal.ONE))
        .hasMessageContaining("across venues");
  }

  @Test
  void rejectsMissingPartsAndMalformedKeysAndMemos() {
    assertThatThrownBy(() -> TransferRequest.builder().from(ALICE).amount(ALGO, "1").build())
        .hasMessageContaining("needs from, to and amount");
    assertThatThrownBy(() -> TransferRequest.builder().idempotencyKey("has space"))
        .hasMessageContaining("'has space'");
    assertThatThrownBy(() -> TransferRequest.builder().idempotencyKey(""))
        .hasMessageContaining("1-128");
    assertThatThrownBy(() -> TransferRequest.builder().memo("bell\u0007"))
        .hasMessageContaining("control");
    assertThatThrownBy(() -> TransferRequest.builder().amount(ALGO, "1e400"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void generatesAnIdempotencyKeyAndComparesEffectWithoutIt() {
    TransferRequest a = TransferRequest.of(ALICE, BOB, ALGO, new BigDecimal("1.5"));
    TransferRequest b =
        TransferRequest.builder()
            .from(ALICE)
            .to(BOB)
            .amount(ALGO, "1.500")
            .idempotencyKey("k-1")
            .build();
    assertThat(a.idempotencyKey()).isNotBlank().isNotEqualTo(b.idempotencyKey());
    assertThat(a.sameEffectAs(b)).isTrue();
    assertThat(a).isNotEqualTo(b);
    TransferRequest c =
        TransferRequest.builder()
            .from(ALICE)
            .to(BOB)
            .amount(ALGO, "2")
            .idempotencyKey("k-1")
            .build();
    assertThat(b.sameEffectAs(c)).isFalse();
  }

  @Test
  void insufficientFundsMessageSpellsOutAmountFeeAndTotal() {
    InsufficientFundsException e =
        InsufficientFundsException.of(
            ALICE, ALGO, new BigDecimal("4.5"), new BigDecimal("5"), new BigDecimal("0.001"));
    assertThat(e)
        .hasMessage(
            "insufficient balance: sender ledger:guild-42/alice has 4.500000 ALGO but trying to send"
                + " 5.000000 ALGO + 0.001000 ALGO fee = 5.001000 ALGO total");
    assertThat(e.required()).isEqualByComparingTo("5.001");
    assertThat(e.shortfall()).isEqualByComparingTo("0.501");
    assertThat(e.rule()).isEqualTo("insufficient_funds");
  }

  @Test
  void refusalsCarryFieldsAProgramCanRead() {
    var limit =
        TransferLimitExceededException.of(
            "max_transfer", ALGO, new BigDecimal("100"), new BigDecimal("150"));
    assertThat(limit.limit()).isEqualByComparingTo("100");
    assertThat(limit)
        .hasMessage("Maximum transfer amount is 100.000000 ALGO; tried to send 150.000000 ALGO");
    assertThat(
            TransferLimitExceededException.of(
                "daily_send_cap",
                Asset.of("BYTES", 0),
                new BigDecimal("5000"),
                new BigDecimal("5200")))
        .hasMessage("Daily send limit is 5,000 BYTES; this transfer would make 5,200 BYTES today");
    var cooldown = CooldownActiveException.of(ALICE, Duration.ofMillis(12_001));
    assertThat(cooldown.retryAfter()).isEqualTo(Duration.ofMillis(12_001));
    assertThat(cooldown).hasMessageContaining("in 13 s");
    assertThat(IdempotencyConflictException.of("k-1").idempotencyKey()).isEqualTo("k-1");
    assertThat(RecipientNotOptedInException.of(BOB, Asset.of("USDC", 6, "31566704")))
        .hasMessageContaining("USDC (31566704)");
    assertThat(
            TransferRejectedException.of("recipient_refuses", "bob does not accept transfers")
                .rule())
        .isEqualTo("recipient_refuses");
  }

  @Test
  void quoteComputesTotalAndBalancesAfter() {
    TransferRequest r = TransferRequest.of(ALICE, BOB, ALGO, new BigDecimal("5"));
    TransferQuote q =
        TransferQuote.sameAssetFee(r, new BigDecimal("0.001"), new BigDecimal("10"), null, false);
    assertThat(q.totalDebit()).isEqualTo(new BigDecimal("5.001000"));
    assertThat(q.senderAfter()).contains(new BigDecimal("4.999000"));
    assertThat(q.recipientAfter()).isEmpty();
    assertThatThrownBy(() -> TransferQuote.sameAssetFee(r, new BigDecimal("-1"), null, null, false))
        .hasMessageContaining("fee must not be negative");
  }

  @Test
  void pendingTransferExpiresAtItsDeadlineAndReceiptsMarkReplays() {
    TransferRequest r = TransferRequest.of(ALICE, BOB, ALGO, new BigDecimal("5"));
    TransferQuote q = TransferQuote.sameAssetFee(r, BigDecimal.ZERO, null, null, true);
    Instant t0 = Instant.parse("2026-11-22T00:00:00Z");
    PendingTransfer p =
        new PendingTransfer("p-1", q, t0, t0.plusSeconds(60), PendingTransfer.State.PENDING);
    assertThat(p.isExpiredAt(t0.plusSeconds(59))).isFalse();
    assertThat(p.isExpiredAt(t0.plusSeconds(60))).isTrue();
    assertThatThrownBy(() -> new PendingTransfer("p-1", q, t0, t0, PendingTransfer.State.PENDING))
        .hasMessageContaining("must be after");
    TransferReceipt receipt =
        new TransferReceipt(
            "t-1", r, BigDecimal.ZERO, ALGO, TransferReceipt.Status.COMPLETED, null, t0, false);
    assertThat(receipt.asReplay().replay()).isTrue();
  }
}
