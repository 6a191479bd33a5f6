package dev.balancekit.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Severity;
import dev.balancekit.ValidationIssue;
import dev.balancekit.source.ManualClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransferServiceTest {
  static final Asset GOLD = Asset.of("GOLD", 2);
  static final String VENUE = "ledger:guild-42";
  static final AccountRef ALICE = AccountRef.of(VENUE, "alice");
  static final AccountRef BOB = AccountRef.of(VENUE, "bob");
  static final AccountRef CAROL = AccountRef.of(VENUE, "carol");

  final ManualClock clock = ManualClock.at("2026-11-22T00:00:00Z");
  final InMemoryTransferRail rail =
      InMemoryTransferRail.create("guild-ledger", VENUE, clock, "0.10");

  @BeforeEach
  void fundAlice() {
    rail.fund(ALICE, GOLD, "100.00");
  }

  TransferService.Builder builder() {
    return TransferService.builder()
        .rail(rail)
        .clock(clock)
        .confirmationThreshold(GOLD, new BigDecimal("50"));
  }

  static TransferRequest send(AccountRef from, AccountRef to, String amount) {
    return TransferRequest.builder().from(from).to(to).amount(GOLD, amount).build();
  }

  static TransferRequest send(AccountRef from, AccountRef to, String amount, String key) {
    return TransferRequest.builder()
        .from(from)
        .to(to)
        .amount(GOLD, amount)
        .idempotencyKey(key)
        .build();
  }

  static TransferGuard refusingAbove(String limit) {
    return (request, quote) -> {
      if (request.amount().compareTo(new BigDecimal(limit)) > 0) {
        throw TransferLimitExceededException.of(
            "max_transfer", request.asset(), new BigDecimal(limit), request.amount());
      }
    };
  }

  // ---------------------------------------------------------------- quote and submit

  @Test
  void quotePricesWithoutMovingAnythingAndFlagsAmountsThatNeedConfirmation() {
    TransferService service = builder().build();

    TransferQuote small = service.quote(send(ALICE, BOB, "10"));
    TransferQuote large = service.quote(send(ALICE, BOB, "50"));

    assertThat(small.fee()).isEqualByComparingTo("0.10");
    assertThat(small.totalDebit()).isEqualByComparingTo("10.10");
    assertThat(small.senderAfter())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("89.90"));
    assertThat(small.confirmationRequired()).isFalse();
    assertThat(small.validation().isValid()).isTrue();
    assertThat(large.confirmationRequired()).isTrue();
    assertThat(rail.total(ALICE, GOLD)).isEqualByComparingTo("100");
    assertThat(rail.movingCalls()).isZero();
  }

  @Test
  void quoteThrowsWhenTheRailIsCertainToRefuse() {
    TransferService service = builder().build();

    assertThatThrownBy(() -> service.quote(send(ALICE, BOB, "100")))
        .isInstanceOfSatisfying(
            InsufficientFundsException.class,
            e -> assertThat(e.required()).isEqualByComparingTo("100.10"))
        .hasMessageContaining(
            "has 100.00 GOLD but trying to send 100.00 GOLD + 0.10 GOLD fee = 100.10 GOLD total");
  }

  @Test
  void submitMovesAmountAndFeeAndReturnsTheReceipt() {
    TransferService service = builder().build();

    TransferReceipt receipt = service.submit(send(ALICE, BOB, "10"));

    assertThat(receipt.replay()).isFalse();
    assertThat(receipt.fee()).isEqualByComparingTo("0.10");
    assertThat(receipt.status()).isEqualTo(TransferReceipt.Status.COMPLETED);
    assertThat(rail.total(ALICE, GOLD)).isEqualByComparingTo("89.90");
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("10");
    assertThat(rail.total(rail.feeCollector(), GOLD)).isEqualByComparingTo("0.10");
  }

  @Test
  void retryWithTheSameKeyReturnsTheOriginalReceiptMarkedReplayAndMovesOnce() {
    TransferService service = builder().build();
    TransferReceipt first = service.submit(send(ALICE, BOB, "10", "order-1"));

    TransferReceipt retry = service.submit(send(ALICE, BOB, "10.00", "order-1"));

    assertThat(retry.replay()).isTrue();
    assertThat(retry.transferId()).isEqualTo(first.transferId());
    assertThat(retry.completedAt()).isEqualTo(first.completedAt());
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("10");
  }

  @Test
  void reusingAKeyForADifferentTransferIsAConflictAndTheFirstEffectStands() {
    TransferService service = builder().build();
    service.submit(send(ALICE, BOB, "10", "order-1"));

    assertThatThrownBy(() -> service.submit(send(ALICE, BOB, "11", "order-1")))
        .isInstanceOfSatisfying(
            IdempotencyConflictException.class,
            e -> assertThat(e.idempotencyKey()).isEqualTo("order-1"))
        .hasMessageContaining("use a new key");
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("10");
  }

  @ParameterizedTest(name = "{0} GOLD needs confirmation: {1}")
  @CsvSource({"49.99, false", "50.00, true", "50.01, true"})
  void submitRefusesAmountsAtOrAboveTheConfirmationThreshold(
      String amount, boolean needsConfirmation) {
    TransferService service = builder().build();
    TransferRequest request = send(ALICE, BOB, amount);
    assertThat(service.quote(request).confirmationRequired()).isEqualTo(needsConfirmation);

    if (needsConfirmation) {
      assertThatThrownBy(() -> service.submit(request))
          .isInstanceOfSatisfying(
              TransferRejectedException.class,
              e -> assertThat(e.rule()).isEqualTo("confirmation_required"))
          .hasMessageContaining("at or above the confirmation threshold of 50.00 GOLD")
          .hasMessageContaining("call prepare(request), then confirm(pendingId)");
      assertThat(rail.movingCalls()).isZero();
    } else {
      assertThat(service.submit(request).replay()).isFalse();
    }
  }

  @Test
  void assetsWithoutAThresholdNeverNeedConfirmation() {
    TransferService service = TransferService.builder().rail(rail).build();

    service.submit(send(ALICE, BOB, "99"));

    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("99");
  }

  // ---------------------------------------------------------------- prepare, confirm, cancel

  @Test
  void prepareHoldsTheFundsForTheHoldDurationAndConfirmPostsThem() {
    TransferService service = builder().build();

    PendingTransfer pending = service.prepare(send(ALICE, BOB, "60"));

    assertThat(pending.state()).isEqualTo(PendingTransfer.State.PENDING);
    assertThat(pending.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    assertThat(rail.available(ALICE, GOLD)).isEqualByComparingTo("39.90");
    assertThat(rail.total(ALICE, GOLD)).isEqualByComparingTo("100");

    TransferReceipt receipt = service.confirm(pending.id());

    assertThat(receipt.replay()).isFalse();
    assertThat(rail.total(ALICE, GOLD)).isEqualByComparingTo("39.90");
    assertThat(rail.available(ALICE, GOLD)).isEqualByComparingTo("39.90");
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("60");
  }

  @Test
  void holdDurationIsConfigurable() {
    TransferService service = builder().holdDuration(Duration.ofMinutes(5)).build();

    assertThat(service.prepare(send(ALICE, BOB, "60")).expiresAt())
        .isEqualTo(clock.instant().plusSeconds(300));
  }

  @Test
  void confirmingTwiceHasOneEffectAndReturnsTheSameReceiptMarkedReplay() {
    TransferService service = builder().build();
    PendingTransfer pending = service.prepare(send(ALICE, BOB, "60"));

    TransferReceipt first = service.confirm(pending.id());
    TransferReceipt second = service.confirm(pending.id());

    assertThat(second.replay()).isTrue();
    assertThat(second.transferId()).isEqualTo(first.transferId());
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("60");
  }

  @Test
  void cancelReleasesTheHoldAndAConfirmAfterwardsIsRefused() {
    TransferService service = builder().build();
    PendingTransfer pending = service.prepare(send(ALICE, BOB, "60"));

    assertThat(service.cancel(pending.id()).state()).isEqualTo(PendingTransfer.State.CANCELLED);

    assertThat(rail.available(ALICE, GOLD)).isEqualByComparingTo("100");
    assertThatThrownBy(() -> service.confirm(pending.id()))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("pending_cancelled"));
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("0");
  }

  @Test
  void confirmAfterTheHoldExpiredIsRefusedAndTheFundsAreReleased() {
    TransferService service = builder().build();
    PendingTransfer pending = service.prepare(send(ALICE, BOB, "60"));
    clock.advance(Duration.ofSeconds(60));

    assertThatThrownBy(() -> service.confirm(pending.id()))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("pending_expired"));
    assertThat(rail.available(ALICE, GOLD)).isEqualByComparingTo("100");
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("0");
  }

  @Test
  void confirmOrCancelOfAnUnknownIdIsRefusedAndABlankIdIsABadArgument() {
    TransferService service = builder().build();

    assertThatThrownBy(() -> service.confirm("p-404"))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("pending_unknown"));
    assertThatThrownBy(() -> service.cancel("p-404")).isInstanceOf(TransferRejectedException.class);
    assertThatThrownBy(() -> service.confirm(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pendingId must not be null or blank, but was ' '");
  }

  // ---------------------------------------------------------------- guards

  @Test
  void aRefusingGuardStopsSubmitPrepareAndGroupsBeforeTheRailMovesAnything() {
    TransferService service = builder().guard(refusingAbove("5")).build();

    assertThatThrownBy(() -> service.submit(send(ALICE, BOB, "10")))
        .isInstanceOfSatisfying(
            TransferLimitExceededException.class,
            e -> assertThat(e.rule()).isEqualTo("max_transfer"));
    assertThatThrownBy(() -> service.prepare(send(ALICE, BOB, "60")))
        .isInstanceOf(TransferLimitExceededException.class);
    assertThatThrownBy(
            () -> service.submitGroup(List.of(send(ALICE, BOB, "1"), send(ALICE, CAROL, "10"))))
        .isInstanceOf(TransferLimitExceededException.class);

    assertThat(rail.movingCalls()).isZero();
    assertThat(rail.total(ALICE, GOLD)).isEqualByComparingTo("100");
  }

  @Test
  void guardsRunInOrderWithTheRailsQuoteAndTheFirstRefusalWins() {
    List<String> ran = new ArrayList<>();
    TransferService service =
        builder()
            .guard((request, quote) -> ran.add("first saw fee " + quote.fee()))
            .guard(
                (request, quote) -> {
                  ran.add("second");
                  throw CooldownActiveException.of(request.from(), Duration.ofSeconds(30));
                })
            .guard((request, quote) -> ran.add("third"))
            .build();

    assertThatThrownBy(() -> service.submit(send(ALICE, BOB, "1")))
        .isInstanceOfSatisfying(
            CooldownActiveException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
    assertThat(ran).containsExactly("first saw fee 0.10", "second");
  }

  @Test
  void quoteReportsEveryGuardRefusalInItsValidationInsteadOfThrowing() {
    TransferService service =
        builder()
            .guard(refusingAbove("5"))
            .guard(
                (request, quote) -> {
                  throw CooldownActiveException.of(request.from(), Duration.ofSeconds(30));
                })
            .build();

    TransferQuote quote = service.quote(send(ALICE, BOB, "10"));

    assertThat(quote.fee()).isEqualByComparingTo("0.10");
    assertThat(quote.validation().isValid()).isFalse();
    assertThat(quote.validation().issues())
        .extracting(ValidationIssue::rule)
        .containsExactly("max_transfer", "cooldown");
    ValidationIssue limit = quote.validation().issues().get(0);
    assertThat(limit.severity()).isEqualTo(Severity.ERROR);
    assertThat(limit.account()).isEqualTo(ALICE);
    assertThat(limit.message())
        .isEqualTo("Maximum transfer amount is 5.00 GOLD; tried to send 10.00 GOLD");
    assertThat((BigDecimal) limit.details().get("limit")).isEqualByComparingTo("5");
    assertThat(quote.validation().issues().get(1).details())
        .containsEntry("retryAfter", Duration.ofSeconds(30));
    assertThat(service.quote(send(ALICE, BOB, "1")).validation().isValid()).isFalse();
  }

  @Test
  void aGuardThatFailsUnexpectedlyRefusesTheTransfer() {
    TransferService service =
        builder()
            .guard(
                (request, quote) -> {
                  throw new IllegalStateException("limits table unreachable");
                })
            .build();

    assertThatThrownBy(() -> service.submit(send(ALICE, BOB, "1")))
        .isInstanceOfSatisfying(
            TransferRejectedException.class, e -> assertThat(e.rule()).isEqualTo("guard_failed"))
        .hasMessageContaining("transfer guard #1 failed (IllegalStateException)");
    assertThat(rail.movingCalls()).isZero();
  }

  // ---------------------------------------------------------------- groups

  @Test
  void aGroupIsAllOrNothing() {
    TransferService service = builder().build();
    List<TransferRequest> group = List.of(send(ALICE, BOB, "10"), send(BOB, CAROL, "20"));

    assertThatThrownBy(() -> service.submitGroup(group))
        .isInstanceOfSatisfying(
            InsufficientFundsException.class, e -> assertThat(e.account()).isEqualTo(BOB));

    assertThat(rail.total(ALICE, GOLD)).isEqualByComparingTo("100");
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("0");
    assertThat(rail.total(CAROL, GOLD)).isEqualByComparingTo("0");
  }

  @Test
  void aGroupLegMaySpendWhatAnEarlierLegPaidIn() {
    List<TransferQuote> seenByGuard = new ArrayList<>();
    TransferService service = builder().guard((request, quote) -> seenByGuard.add(quote)).build();

    List<TransferReceipt> receipts =
        service.submitGroup(List.of(send(ALICE, BOB, "10"), send(BOB, CAROL, "9.90")));

    assertThat(receipts).hasSize(2).extracting(r -> r.request().to()).containsExactly(BOB, CAROL);
    assertThat(rail.total(ALICE, GOLD)).isEqualByComparingTo("89.90");
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("0");
    assertThat(rail.total(CAROL, GOLD)).isEqualByComparingTo("9.90");
    // The second leg could not be priced alone; its guards saw the fee and unknown balances after.
    assertThat(seenByGuard.get(1).fee()).isEqualByComparingTo("0.10");
    assertThat(seenByGuard.get(1).senderAfter()).isEmpty();
  }

  @Test
  void aRetriedGroupReturnsTheOriginalReceiptsMarkedReplay() {
    TransferService service = builder().build();
    List<TransferRequest> group =
        List.of(send(ALICE, BOB, "10", "g-1"), send(ALICE, CAROL, "5", "g-2"));
    service.submitGroup(group);

    assertThat(service.submitGroup(group)).allMatch(TransferReceipt::replay);
    assertThat(rail.total(BOB, GOLD)).isEqualByComparingTo("10");
  }

  @Test
  void aGroupRefusesBadShapesMixedRailsAndLegsThatNeedConfirmation() {
    InMemoryTransferRail otherGuild =
        InMemoryTransferRail.create("other-ledger", "ledger:guild-7", clock, "0");
    TransferService service = builder().rail(otherGuild).build();
    AccountRef dave = AccountRef.of("ledger:guild-7", "dave");
    AccountRef erin = AccountRef.of("ledger:guild-7", "erin");

    assertThatThrownBy(() -> service.submitGroup(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a group needs at least one request, but was []");
    assertThatThrownBy(() -> service.submitGroup(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.submitGroup(Arrays.asList(send(ALICE, BOB, "1"), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request 2 of the group is null");
    assertThatThrownBy(
            () ->
                service.submitGroup(
                    List.of(send(ALICE, BOB, "1", "k"), send(ALICE, CAROL, "1", "k"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requests 1 and 2");
    assertThatThrownBy(
            () -> service.submitGroup(List.of(send(ALICE, BOB, "1"), send(dave, erin, "1"))))
        .isInstanceOfSatisfying(
            TransferRejectedException.class, e -> assertThat(e.rule()).isEqualTo("mixed_rails"))
        .hasMessageContaining("needs rail 'other-ledger' but leg 1 needs rail 'guild-ledger'");
    assertThatThrownBy(
            () -> service.submitGroup(List.of(send(ALICE, BOB, "1"), send(ALICE, CAROL, "50"))))
        .isInstanceOfSatisfying(
            TransferRejectedException.class,
            e -> assertThat(e.rule()).isEqualTo("confirmation_required"))
        .hasMessageContaining("leg 2: 50.00 GOLD")
        .hasMessageContaining("a group cannot be confirmed");
    assertThat(rail.movingCalls()).isZero();
  }

  // ---------------------------------------------------------------- routing and building

  @Test
  void eachTransferGoesToTheRailThatSupportsItsAccounts() {
    InMemoryTransferRail otherGuild =
        InMemoryTransferRail.create("other-ledger", "ledger:guild-7", clock, "0");
    AccountRef dave = AccountRef.of("ledger:guild-7", "dave");
    otherGuild.fund(dave, GOLD, "5");
    TransferService service = builder().rail(otherGuild).build();

    service.submit(
        TransferRequest.of(dave, AccountRef.of("ledger:guild-7", "erin"), GOLD, BigDecimal.ONE));
    PendingTransfer pending =
        service.prepare(
            TransferRequest.of(
                dave, AccountRef.of("ledger:guild-7", "erin"), GOLD, BigDecimal.ONE));
    service.confirm(pending.id());

    assertThat(otherGuild.total(dave, GOLD)).isEqualByComparingTo("3");
    assertThat(rail.movingCalls()).isZero();
    AccountRef stranger = AccountRef.of("kraken", "x");
    assertThatThrownBy(
            () ->
                service.submit(
                    TransferRequest.of(
                        stranger, AccountRef.of("kraken", "y"), GOLD, BigDecimal.ONE)))
        .isInstanceOfSatisfying(
            TransferRejectedException.class, e -> assertThat(e.rule()).isEqualTo("no_rail"))
        .hasMessageContaining(
            "no transfer rail supports kraken/x -> kraken/y (rails: guild-ledger, other-ledger)");
  }

  @Test
  void builderChecksEachArgumentAtOnceAndCombinationsOnBuild() {
    assertThatThrownBy(() -> TransferService.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a transfer service needs at least one rail: call rail(...)");
    assertThatThrownBy(() -> TransferService.builder().rail(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rail must not be null");
    assertThatThrownBy(() -> TransferService.builder().guard(null))
        .hasMessage("guard must not be null");
    assertThatThrownBy(
            () -> TransferService.builder().confirmationThreshold(GOLD, new BigDecimal("-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confirmation threshold must be positive, but was -1.00 GOLD");
    assertThatThrownBy(
            () -> TransferService.builder().confirmationThreshold(GOLD, new BigDecimal("1.001")))
        .hasMessageContaining("has 3 decimals but GOLD allows at most 2");
    assertThatThrownBy(() -> TransferService.builder().holdDuration(Duration.ZERO))
        .hasMessage("holdDuration must be positive, but was PT0S");
    assertThatThrownBy(() -> TransferService.builder().refreshTimeout(null))
        .hasMessage("refreshTimeout must be positive, but was null");
    assertThatThrownBy(
            () ->
                TransferService.builder()
                    .rail(rail)
                    .rail(InMemoryTransferRail.create("guild-ledger", "ledger:x", clock, "0"))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("rail names must be unique, but 'guild-ledger' appears twice");
    assertThatThrownBy(() -> builder().build().submit(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request must not be null");
  }
}
