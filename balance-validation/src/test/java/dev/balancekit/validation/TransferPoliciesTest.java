package dev.balancekit.validation;

import static dev.balancekit.validation.Fixtures.ALICE;
import static dev.balancekit.validation.Fixtures.BOB;
import static dev.balancekit.validation.Fixtures.BYTES;
import static dev.balancekit.validation.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.balancekit.transfer.CooldownActiveException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferLimitExceededException;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferPoliciesTest {

  private static final dev.balancekit.AccountRef ALICE_BOT =
      dev.balancekit.AccountRef.of("ledger:guild-42", "bot");

  private final InMemoryTransferUsage usage = InMemoryTransferUsage.create(ZoneOffset.UTC);
  private final TransferPolicies policies =
      TransferPolicies.custom()
          .maxTransfer(BigDecimal.valueOf(1000))
          .dailySendCap(BigDecimal.valueOf(1500))
          .dailyReceiveCap(BigDecimal.valueOf(1200))
          .sendCooldown(Duration.ofSeconds(30))
          .confirmationThreshold(BigDecimal.valueOf(500))
          .refuseRecipients(
              "recipient_is_bot", Set.of(ALICE_BOT)::contains, "bots cannot receive transfers")
          .build();

  private static TransferRequest send(long amount) {
    return TransferRequest.of(ALICE, BOB, BYTES, BigDecimal.valueOf(amount));
  }

  private PolicyContext context(long available, long fee) {
    return PolicyContext.of(BigDecimal.valueOf(available), BigDecimal.valueOf(fee), NOW, usage);
  }

  @Test
  void aTransferWithinEveryPolicyPasses() {
    assertThatCode(() -> policies.check(send(499), context(10_000, 1))).doesNotThrowAnyException();
  }

  @Test
  void maximumIsInclusiveAndRefusalCarriesLimitAndAttempted() {
    assertThatCode(() -> policies.check(send(1000), context(10_000, 0).asConfirmed()))
        .doesNotThrowAnyException();
    TransferLimitExceededException e =
        catchThrowableOfType(
            TransferLimitExceededException.class,
            () -> policies.check(send(1001), context(10_000, 0)));
    assertThat(e.rule()).isEqualTo("max_transfer");
    assertThat(e.limit()).isEqualByComparingTo("1000");
    assertThat(e.attempted()).isEqualByComparingTo("1001");
    assertThat(e.asset()).isEqualTo(BYTES);
    assertThat(e.getMessage())
        .isEqualTo("Maximum transfer amount is 1,000 BYTES; tried to send 1,001 BYTES");
  }

  @Test
  void dailySendCapCountsWhatWasSentTodayPlusThisTransfer() {
    usage.recordTransfer(
        TransferRequest.of(ALICE, ALICE_BOT, BYTES, BigDecimal.valueOf(1000)),
        NOW.minusSeconds(3600));
    assertThatCode(() -> policies.check(send(499), context(10_000, 0)))
        .doesNotThrowAnyException(); // 1,499
    TransferLimitExceededException e =
        catchThrowableOfType(
            TransferLimitExceededException.class,
            () -> policies.check(send(501), context(10_000, 0).asConfirmed()));
    assertThat(e.rule()).isEqualTo("daily_send_cap");
    assertThat(e.limit()).isEqualByComparingTo("1500");
    assertThat(e.attempted()).isEqualByComparingTo("1501");
    // A new UTC day starts from zero.
    assertThatCode(
            () ->
                policies.check(
                    send(501),
                    PolicyContext.of(
                            BigDecimal.valueOf(10_000),
                            BigDecimal.ZERO,
                            NOW.plus(Duration.ofHours(12)),
                            usage)
                        .asConfirmed()))
        .doesNotThrowAnyException();
  }

  @Test
  void dailyReceiveCapCountsWhatTheRecipientReceivedToday() {
    dev.balancekit.AccountRef carol = dev.balancekit.AccountRef.of("ledger:guild-42", "carol");
    usage.recordTransfer(
        TransferRequest.of(carol, BOB, BYTES, BigDecimal.valueOf(800)), NOW.minusSeconds(3600));
    TransferLimitExceededException e =
        catchThrowableOfType(
            TransferLimitExceededException.class,
            () -> policies.check(send(401), context(10_000, 0)));
    assertThat(e.rule()).isEqualTo("daily_receive_cap");
    assertThat(e.attempted()).isEqualByComparingTo("1201");
    assertThatCode(() -> policies.check(send(400), context(10_000, 0))).doesNotThrowAnyException();
  }

  @Test
  void cooldownRefusesWithRetryAfterAndEndsExactlyOnTime() {
    usage.recordAction(ALICE, TransferUsage.SEND, NOW.minusSeconds(10));
    CooldownActiveException e =
        catchThrowableOfType(
            CooldownActiveException.class, () -> policies.check(send(1), context(10_000, 0)));
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(e.account()).isEqualTo(ALICE);
    assertThat(e.getMessage()).contains("may send again in 20 s");
    assertThatCode(
            () ->
                policies.check(
                    send(1),
                    PolicyContext.of(BigDecimal.TEN, BigDecimal.ZERO, NOW.plusSeconds(20), usage)))
        .doesNotThrowAnyException();
  }

  @Test
  void cooldownsArePerAction() {
    Cooldowns cooldowns = Cooldowns.custom().cooldown("daily_reward", Duration.ofHours(24)).build();
    usage.recordAction(ALICE, "daily_reward", NOW.minus(Duration.ofHours(23)));
    assertThat(cooldowns.retryAfter(ALICE, "daily_reward", usage, NOW))
        .contains(Duration.ofHours(1));
    assertThat(cooldowns.retryAfter(ALICE, "send", usage, NOW)).isEmpty();
    assertThat(cooldowns.retryAfter(BOB, "daily_reward", usage, NOW)).isEmpty();
    assertThatThrownBy(() -> cooldowns.check(ALICE, "daily_reward", usage, NOW))
        .isInstanceOf(CooldownActiveException.class);
  }

  @Test
  void confirmationIsRequiredAtTheThresholdUntilConfirmed() {
    assertThat(policies.requiresConfirmation(send(499))).isFalse();
    assertThat(policies.requiresConfirmation(send(500))).isTrue();
    TransferRejectedException e =
        catchThrowableOfType(
            TransferRejectedException.class, () -> policies.check(send(500), context(10_000, 0)));
    assertThat(e.rule()).isEqualTo("confirmation_required");
    assertThat(e.getMessage())
        .contains("sending 500 BYTES needs confirmation (transfers of 500 BYTES or more)");
    assertThatCode(() -> policies.check(send(500), context(10_000, 0).asConfirmed()))
        .doesNotThrowAnyException();
  }

  @Test
  void recipientEligibilityHookRefusesBots() {
    TransferRejectedException e =
        catchThrowableOfType(
            TransferRejectedException.class,
            () ->
                policies.check(
                    TransferRequest.of(ALICE, ALICE_BOT, BYTES, BigDecimal.ONE),
                    context(10_000, 0)));
    assertThat(e.rule()).isEqualTo("recipient_is_bot");
    assertThat(e.getMessage()).contains("bots cannot receive transfers", "ledger:guild-42/bot");
  }

  @Test
  void sufficientFundsIncludeTheFeeAndExactlyEnoughPasses() {
    assertThatCode(() -> policies.check(send(100), context(101, 1))).doesNotThrowAnyException();
    InsufficientFundsException e =
        catchThrowableOfType(
            InsufficientFundsException.class, () -> policies.check(send(100), context(100, 1)));
    assertThat(e.current()).isEqualByComparingTo("100");
    assertThat(e.required()).isEqualByComparingTo("101");
    assertThat(e.shortfall()).isEqualByComparingTo("1");
    assertThat(e.getMessage())
        .contains("has 100 BYTES but trying to send 100 BYTES + 1 BYTES fee = 101 BYTES total");
    assertThatThrownBy(() -> policies.check(send(1), context(-5, 0)))
        .isInstanceOf(InsufficientFundsException.class);
  }

  @Test
  void refusalsComeInTheDocumentedOrder() {
    usage.recordAction(ALICE, TransferUsage.SEND, NOW);
    // Too large, in cooldown, short of funds: the maximum is reported first.
    assertThatThrownBy(() -> policies.check(send(5000), context(0, 0)))
        .isInstanceOf(TransferLimitExceededException.class);
    assertThatThrownBy(() -> policies.check(send(5), context(0, 0)))
        .isInstanceOf(CooldownActiveException.class);
  }

  @Test
  void selfTransfersAndBadAmountsCannotEvenBeRequested() {
    // TransferRequest refuses them at construction; the policy's own check is defence in depth.
    assertThatThrownBy(() -> TransferRequest.of(ALICE, ALICE, BYTES, BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TransferRequest.of(ALICE, BOB, BYTES, new BigDecimal("0.5")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void customPoliciesRunBeforeTheFundsCheck() {
    TransferPolicies p =
        TransferPolicies.custom()
            .policy(
                (r, c) -> {
                  throw TransferRejectedException.of("namespace_frozen", "the namespace is frozen");
                })
            .build();
    assertThatThrownBy(() -> p.check(send(1), context(0, 0)))
        .isInstanceOf(TransferRejectedException.class)
        .hasMessageContaining("namespace_frozen");
  }

  @Test
  void buildersCheckEachArgumentAtOnce() {
    assertThatThrownBy(() -> TransferPolicies.custom().maxTransfer(BigDecimal.ZERO))
        .hasMessage("maxTransfer must be positive, but was 0");
    assertThatThrownBy(() -> TransferPolicies.custom().sendCooldown(Duration.ofSeconds(-1)))
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> TransferPolicies.custom().refuseRecipients("Bots!", a -> true, "x"))
        .hasMessageContaining("'Bots!'");
    assertThatThrownBy(
            () ->
                TransferPolicies.custom()
                    .maxTransfer(BigDecimal.ONE)
                    .confirmationThreshold(BigDecimal.TEN)
                    .build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> PolicyContext.of(BigDecimal.ONE, BigDecimal.ONE.negate(), NOW, usage))
        .hasMessageContaining("fee must be zero or positive, but was -1");
    assertThatThrownBy(() -> Cooldowns.custom().cooldown(" ", Duration.ofSeconds(1)))
        .hasMessageContaining("' '");
  }
}
