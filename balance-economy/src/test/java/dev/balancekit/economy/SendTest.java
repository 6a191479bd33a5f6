package dev.balancekit.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountRef;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.ledger.LedgerEntry;
import dev.balancekit.transfer.CooldownActiveException;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferException;
import dev.balancekit.transfer.TransferLimitExceededException;
import dev.balancekit.transfer.TransferRejectedException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SendTest extends EconomyFixture {

  /** No cooldown and no confirmation, so each test turns on only the policy it is about. */
  void openPlain(Databases d) {
    open(d);
    configure(c -> c.sendCooldown(Duration.ZERO).confirmationThreshold(null));
  }

  SendResult send(Member from, Member to, String amount) {
    return economy.send(NS, from, to, new BigDecimal(amount), null);
  }

  static void refused(
      ThrowingCallable call, Class<? extends TransferException> type, String rule, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(type)
        .hasMessage(message)
        .satisfies(e -> assertThat(((TransferException) e).rule()).isEqualTo(rule));
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aSendMovesTheAmountChargesTaxOnTopAndNeverGrantsTheRecipientTheirStartingBalance(
      Databases d) {
    openPlain(d);
    configure(c -> c.taxPercent(new BigDecimal("5")));
    SendResult r = economy.send(NS, ALICE, BOB, new BigDecimal("40"), "lunch");

    assertThat(r.status()).isEqualTo(SendResult.Status.COMPLETED);
    assertThat(r.amount()).isEqualTo(bytes("40"));
    assertThat(r.tax()).isEqualTo(bytes("2"));
    assertThat(r.debited()).isEqualTo(bytes("42"));
    assertThat(r.senderBalance()).isEqualTo(bytes("58"));
    assertThat(r.recipientBalance())
        .isEqualTo(bytes("140")); // 40 held + 100 owed on Bob's first own action
    assertThat(r.totalSent()).isEqualTo(bytes("40"));
    assertThat(held("bob")).isEqualTo(bytes("40"));
    assertThat(held(Ledger.SYSTEM_ACCOUNT))
        .isEqualTo(bytes("-98")); // issued 100, took 2 back as tax
    assertThat(ledger().entries(AccountRef.of("ledger:" + NS, "bob"), BYTES, 0, 10))
        .extracting(LedgerEntry::kind)
        .containsExactly("transfer");

    send(BOB, CAROL, "10"); // Bob's first own action grants his starting balance
    assertThat(held("bob")).isEqualTo(bytes("129.50"));
    BalanceView bob = economy.balance(NS, "bob");
    assertThat(bob.totalReceived()).isEqualTo(bytes("40"));
    assertThat(bob.totalSent()).isEqualTo(bytes("10"));
    AuditEvent sent = economy.events(NS, "alice", 0, 10).get(1);
    assertThat(sent.action()).isEqualTo(AuditEvent.Action.SEND);
    assertThat(sent.actorName()).isEqualTo("Alice");
    assertThat(sent.counterpartyName()).isEqualTo("Bob");
    assertThat(sent.reason()).isEqualTo("lunch");
    assertThat(sent.transferId()).isEqualTo(r.id());
    assertThat(sent.balanceBefore()).isEqualTo(bytes("100"));
    assertThat(sent.balanceAfter()).isEqualTo(bytes("58"));
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void theTaxIsRoundedDownAtTheAssetScaleAndTheSumsStayConserved(Databases d) {
    openPlain(d);
    configure(c -> c.taxPercent(new BigDecimal("5")));
    assertThat(send(ALICE, BOB, "0.19").tax()).isEqualTo(bytes("0")); // 0.0095
    assertThat(send(ALICE, BOB, "0.20").tax()).isEqualTo(bytes("0.01"));
    assertThat(send(ALICE, BOB, "0.39").tax()).isEqualTo(bytes("0.01")); // 0.0195
    assertThat(send(ALICE, BOB, "19.99").tax()).isEqualTo(bytes("0.99")); // 0.9995
    BigDecimal taxes = bytes("1.01");
    assertThat(held("alice").add(held("bob"))).isEqualTo(bytes("100").subtract(taxes));
    assertThat(held(Ledger.SYSTEM_ACCOUNT)).isEqualTo(bytes("-100").add(taxes));
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void everyPolicyRefusesWithAMessageForTheChatAndMovesNothing(Databases d) {
    openPlain(d);
    configure(
        c ->
            c.maxTransfer(new BigDecimal("60"))
                .dailySendCap(new BigDecimal("70"))
                .dailyReceiveCap(new BigDecimal("80"))
                .taxPercent(new BigDecimal("5")));

    refused(
        () -> send(ALICE, ALICE, "1"),
        TransferRejectedException.class,
        "self_transfer",
        "transfer rejected by 'self_transfer': cannot send to yourself");
    refused(
        () -> send(ALICE, BOB, "0"),
        TransferRejectedException.class,
        "invalid_amount",
        "transfer rejected by 'invalid_amount': amount must be positive, but was 0 BYTES");
    refused(
        () -> send(ALICE, BOB, "-5"),
        TransferRejectedException.class,
        "invalid_amount",
        "transfer rejected by 'invalid_amount': amount must be positive, but was -5 BYTES");
    refused(
        () -> send(ALICE, BOB, "1.001"),
        TransferRejectedException.class,
        "invalid_amount",
        "transfer rejected by 'invalid_amount': amount 1.001 has 3 decimals but BYTES allows at most 2");
    refused(
        () -> send(ALICE, BOB, "61"),
        TransferLimitExceededException.class,
        "max_transfer",
        "Maximum transfer amount is 60.00 BYTES; tried to send 61.00 BYTES");
    refused(
        () -> send(ALICE, BOB, "96"),
        TransferLimitExceededException.class,
        "max_transfer",
        "Maximum transfer amount is 60.00 BYTES; tried to send 96.00 BYTES");

    send(ALICE, BOB, "50");
    refused(
        () -> send(ALICE, BOB, "30"),
        TransferLimitExceededException.class,
        "daily_send_cap",
        "Daily send limit is 70.00 BYTES; this transfer would make 80.00 BYTES today");
    send(CAROL, BOB, "20");
    refused(
        () -> send(CAROL, BOB, "20"),
        TransferLimitExceededException.class,
        "daily_receive_cap",
        "Daily receive limit is 80.00 BYTES; this transfer would make the recipient's total 90.00 BYTES today");
    Member dave = Member.of("dave", "Dave");
    economy.set(NS, MOD, dave, new BigDecimal("10"), "small purse");
    refused(
        () -> send(dave, ALICE, "10"),
        InsufficientFundsException.class,
        "insufficient_funds",
        "insufficient balance: sender ledger:guild-42/dave has 10.00 BYTES but trying to send 10.00 BYTES"
            + " + 0.50 BYTES fee = 10.50 BYTES total");
    assertThat(shown(ALICE)).isEqualTo(bytes("47.50"));
    assertThat(shown(CAROL)).isEqualTo(bytes("79"));

    clock.advance(Duration.ofDays(1)); // caps count per UTC day
    assertThat(send(ALICE, BOB, "30").status()).isEqualTo(SendResult.Status.COMPLETED);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void theCooldownSaysHowLongToWait(Databases d) {
    open(d); // default cooldown 60 s
    send(ALICE, BOB, "10");
    assertThatThrownBy(() -> send(ALICE, CAROL, "10"))
        .isInstanceOfSatisfying(
            CooldownActiveException.class,
            e -> {
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
              assertThat(e)
                  .hasMessage("cooldown active: ledger:guild-42/alice may send again in 60 s");
            });
    clock.advance(Duration.ofSeconds(45));
    assertThatThrownBy(() -> send(ALICE, CAROL, "10"))
        .isInstanceOfSatisfying(
            CooldownActiveException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(15)));
    assertThat(send(BOB, ALICE, "5").status()).isEqualTo(SendResult.Status.COMPLETED); // per sender
    clock.advance(Duration.ofSeconds(15));
    assertThat(send(ALICE, CAROL, "10").status()).isEqualTo(SendResult.Status.COMPLETED);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void usageTotalsComeFromTheDatabaseSoARestartRemembersThem(Databases d) {
    open(d);
    configure(c -> c.dailySendCap(new BigDecimal("50")).confirmationThreshold(null));
    send(ALICE, BOB, "30");

    restart();
    refused(
        () -> send(ALICE, BOB, "1"),
        CooldownActiveException.class,
        "cooldown",
        "cooldown active: ledger:guild-42/alice may send again in 60 s");
    clock.advance(Duration.ofMinutes(1));
    refused(
        () -> send(ALICE, BOB, "21"),
        TransferLimitExceededException.class,
        "daily_send_cap",
        "Daily send limit is 50.00 BYTES; this transfer would make 51.00 BYTES today");
    assertThat(economy.balance(NS, "bob").totalReceived()).isEqualTo(bytes("30"));
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aRecipientWhoOptedOutRefusesTransfersWhileTheNamespaceAllowsIt(Databases d) {
    openPlain(d);
    assertThat(economy.refuseTransfers(NS, BOB, true)).isTrue();
    assertThat(economy.refuseTransfers(NS, BOB, true)).isFalse();
    assertThat(economy.balance(NS, "bob").optedOut()).isTrue();
    refused(
        () -> send(ALICE, BOB, "5"),
        TransferRejectedException.class,
        "recipient_opted_out",
        "transfer rejected by 'recipient_opted_out': Bob does not accept transfers (ledger:guild-42/bob)");

    configure(c -> c.optOutAllowed(false));
    assertThat(send(ALICE, BOB, "5").status())
        .isEqualTo(SendResult.Status.COMPLETED); // the opt-out no longer applies
    refused(
        () -> economy.refuseTransfers(NS, CAROL, true),
        TransferRejectedException.class,
        "opt_out_disabled",
        "transfer rejected by 'opt_out_disabled': members of guild-42 cannot refuse incoming transfers");
    assertThat(economy.refuseTransfers(NS, BOB, false)).isTrue();
    assertThat(economy.events(NS, "bob", 0, 10))
        .extracting(AuditEvent::action)
        .containsExactly(
            AuditEvent.Action.START,
            AuditEvent.Action.OPT_OUT,
            AuditEvent.Action.SEND,
            AuditEvent.Action.OPT_IN);
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aLargeSendWaitsForItsSendersConfirmationAndMovesNothingUntilThen(Databases d) {
    open(d);
    configure(c -> c.sendCooldown(Duration.ZERO).taxPercent(new BigDecimal("10")));
    economy.give(NS, MOD, ALICE, new BigDecimal("400"), "prize");
    SendResult pending =
        economy.send(NS, ALICE, BOB, new BigDecimal("100"), "rent"); // at the threshold

    assertThat(pending.needsConfirmation()).isTrue();
    assertThat(pending.tax()).isEqualTo(bytes("10"));
    assertThat(pending.confirmBy()).contains(clock.instant().plusSeconds(60));
    assertThat(shown(ALICE)).isEqualTo(bytes("500"));
    refused(
        () -> economy.confirm(NS, pending.id(), "bob"),
        TransferRejectedException.class,
        "pending_not_yours",
        "transfer rejected by 'pending_not_yours': only Alice can confirm this transfer");

    SendResult done = economy.confirm(NS, pending.id(), "alice");
    assertThat(done.status()).isEqualTo(SendResult.Status.COMPLETED);
    assertThat(done.senderBalance()).isEqualTo(bytes("390"));
    assertThat(held("bob")).isEqualTo(bytes("100"));
    refused(
        () -> economy.confirm(NS, pending.id(), "alice"),
        TransferRejectedException.class,
        "pending_confirmed",
        "transfer rejected by 'pending_confirmed': pending transfer "
            + pending.id()
            + " was already confirmed");

    SendResult second = economy.send(NS, ALICE, CAROL, new BigDecimal("150"), null);
    assertThat(economy.cancel(NS, second.id(), "alice").status())
        .isEqualTo(SendResult.Status.CANCELLED);
    refused(
        () -> economy.confirm(NS, second.id(), "alice"),
        TransferRejectedException.class,
        "pending_cancelled",
        "transfer rejected by 'pending_cancelled': pending transfer "
            + second.id()
            + " was already cancelled");
    refused(
        () -> economy.confirm(NS, "nope", "alice"),
        TransferRejectedException.class,
        "pending_unknown",
        "transfer rejected by 'pending_unknown': no pending transfer nope in guild-42");
    assertThat(shown(ALICE)).isEqualTo(bytes("390"));
  }

  @ParameterizedTest
  @EnumSource(Databases.class)
  void aPendingSendExpiresAfterSixtySecondsAndConfirmingChecksEverythingAgain(Databases d) {
    open(d);
    configure(c -> c.sendCooldown(Duration.ZERO));
    economy.give(NS, MOD, ALICE, new BigDecimal("200"), "prize");
    SendResult late = economy.send(NS, ALICE, BOB, new BigDecimal("120"), null);
    SendResult onTime = economy.send(NS, ALICE, BOB, new BigDecimal("130"), null);
    clock.advance(Duration.ofSeconds(59));
    SendResult spent = economy.send(NS, ALICE, CAROL, new BigDecimal("200"), null);
    economy.confirm(NS, spent.id(), "alice");
    refused(
        () -> economy.confirm(NS, onTime.id(), "alice"),
        InsufficientFundsException.class,
        "insufficient_funds",
        "insufficient balance: sender ledger:guild-42/alice has 100.00 BYTES but trying to send 130.00 BYTES");
    clock.advance(Duration.ofSeconds(1));
    Instant expiry = clock.instant();
    refused(
        () -> economy.confirm(NS, late.id(), "alice"),
        TransferRejectedException.class,
        "pending_expired",
        "transfer rejected by 'pending_expired': pending transfer "
            + late.id()
            + " expired at "
            + expiry
            + "; nothing was sent");
    refused(
        () -> economy.cancel(NS, onTime.id(), "alice"),
        TransferRejectedException.class,
        "pending_expired",
        "transfer rejected by 'pending_expired': pending transfer "
            + onTime.id()
            + " expired at "
            + expiry
            + "; nothing was sent");
    assertThat(held("bob")).isEqualTo(bytes("0"));
    assertThat(shown(ALICE)).isEqualTo(bytes("100"));
  }
}
