package dev.balancekit.economy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import dev.balancekit.validation.PolicyContext;
import dev.balancekit.validation.TransferPolicies;
import dev.balancekit.validation.TransferUsage;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Sends between members: policies, confirmation, tax and usage, in one transaction each. */
final class Payments {
  static final String PENDING = "PENDING";
  static final String CONFIRMED = "CONFIRMED";
  static final String CANCELLED = "CANCELLED";

  private Payments() {}

  /**
   * Sends now, or parks the send for confirmation at or above the threshold. {@code id} names both.
   */
  static SendResult send(
      Session s, Member from, Member to, BigDecimal amount, @Nullable String reason, String id)
      throws SQLException {
    UserState sender = s.touch(from);
    UserState recipient = s.touch(to);
    s.grantStartIfDue(sender, from);
    BigDecimal tax = s.config.taxOn(s.asset, amount);
    TransferRequest request = request(s, from, to, amount, reason, id);
    TransferPolicies policies = check(s, sender, recipient, to, request, tax);
    if (!policies.requiresConfirmation(request)) {
      return complete(s, sender, recipient, from, to, request, tax, id);
    }
    Instant expiresAt = s.now.plus(Economy.CONFIRMATION_WINDOW);
    Tables.insertPending(
        s,
        new Tables.Pending(
            id,
            from,
            to,
            s.units(amount),
            s.units(tax),
            reason,
            Session.micros(s.now),
            Session.micros(expiresAt),
            PENDING));
    s.event(AuditEvent.Action.PENDING, from)
        .account(from)
        .counterparty(to)
        .amount(amount)
        .tax(tax)
        .reason(reason)
        .transfer(id)
        .detail("awaits confirmation until " + expiresAt)
        .save();
    return new SendResult(
        SendResult.Status.PENDING,
        id,
        amount,
        tax,
        s.shownBalance(sender),
        s.shownBalance(recipient),
        s.money(sender.totalSent),
        expiresAt);
  }

  /** Completes a pending send after checking every policy again; the tax is the one quoted. */
  static SendResult confirm(Session s, String pendingId, String userId) throws SQLException {
    Tables.Pending p = pending(s, pendingId, userId, "confirm");
    Tables.setPendingStatus(
        s, pendingId, CONFIRMED); // undone with everything else if a check refuses
    UserState sender = s.find(p.from().id()).orElseThrow();
    UserState recipient = s.find(p.to().id()).orElseThrow();
    BigDecimal tax = s.money(p.tax());
    TransferRequest request =
        request(s, p.from(), p.to(), s.money(p.amount()), p.reason(), pendingId);
    check(s, sender, recipient, p.to(), request, tax);
    return complete(s, sender, recipient, p.from(), p.to(), request, tax, pendingId);
  }

  static SendResult cancel(Session s, String pendingId, String userId) throws SQLException {
    Tables.Pending p = pending(s, pendingId, userId, "cancel");
    Tables.setPendingStatus(s, pendingId, CANCELLED);
    UserState sender = s.find(p.from().id()).orElseThrow();
    UserState recipient = s.find(p.to().id()).orElseThrow();
    BigDecimal amount = s.money(p.amount());
    BigDecimal tax = s.money(p.tax());
    s.event(AuditEvent.Action.CANCEL, p.from())
        .account(p.from())
        .counterparty(p.to())
        .amount(amount)
        .tax(tax)
        .reason(p.reason())
        .transfer(pendingId)
        .save();
    return new SendResult(
        SendResult.Status.CANCELLED,
        pendingId,
        amount,
        tax,
        s.shownBalance(sender),
        s.shownBalance(recipient),
        s.money(sender.totalSent),
        null);
  }

  /**
   * Makes {@code member} refuse incoming transfers, or accept them again.
   *
   * @return whether the setting changed
   */
  static boolean optOut(Session s, Member member, boolean refuse) throws SQLException {
    if (refuse && !s.config.optOutAllowed()) {
      throw TransferRejectedException.of(
          "opt_out_disabled", "members of " + s.namespace + " cannot refuse incoming transfers");
    }
    UserState u = s.touch(member);
    s.grantStartIfDue(u, member);
    if (u.optedOut == refuse) {
      return false;
    }
    u.optedOut = refuse;
    Tables.saveUser(s, u);
    s.event(refuse ? AuditEvent.Action.OPT_OUT : AuditEvent.Action.OPT_IN, member)
        .account(member)
        .save();
    return true;
  }

  private static TransferRequest request(
      Session s, Member from, Member to, BigDecimal amount, @Nullable String reason, String id) {
    return TransferRequest.builder()
        .from(s.account(from.id()))
        .to(s.account(to.id()))
        .amount(s.asset, amount)
        .memo(reason)
        .idempotencyKey("send:" + id)
        .build();
  }

  /** Runs the namespace's policies on usage read from the two members' rows; returns them. */
  private static TransferPolicies check(
      Session s,
      UserState sender,
      UserState recipient,
      Member to,
      TransferRequest request,
      BigDecimal tax)
      throws SQLException {
    TransferPolicies policies =
        s.config.policies(
            account -> recipient.optedOut, to.displayName() + " does not accept transfers");
    BigDecimal available = s.tx.available(request.from(), s.asset);
    policies.check(
        request,
        new PolicyContext(available, tax, s.now, new RowUsage(s, sender, recipient), true));
    return policies;
  }

  private static SendResult complete(
      Session s,
      UserState sender,
      UserState recipient,
      Member from,
      Member to,
      TransferRequest request,
      BigDecimal tax,
      String id)
      throws SQLException {
    BigDecimal before = s.balance(sender.id);
    String transferId = s.tx.transfer(request, "transfer").transferId();
    if (tax.signum() > 0) {
      s.tx.burn(request.from(), s.asset, tax, "tax:" + id, "tax");
    }
    long units = s.units(request.amount());
    sender.recordSent(s.today, units, Session.micros(s.now));
    recipient.recordReceived(s.today, units);
    Tables.saveUser(s, sender);
    Tables.saveUser(s, recipient);
    BigDecimal after = s.balance(sender.id);
    s.event(AuditEvent.Action.SEND, from)
        .account(from)
        .counterparty(to)
        .amount(request.amount())
        .tax(tax)
        .balances(before, after)
        .reason(request.memo().orElse(null))
        .transfer(transferId)
        .save();
    return new SendResult(
        SendResult.Status.COMPLETED,
        transferId,
        request.amount(),
        tax,
        after,
        s.shownBalance(recipient),
        s.money(sender.totalSent),
        null);
  }

  private static Tables.Pending pending(Session s, String id, String userId, String verb)
      throws SQLException {
    Tables.Pending p =
        Tables.findPending(s, id)
            .orElseThrow(
                () ->
                    TransferRejectedException.of(
                        "pending_unknown", "no pending transfer " + id + " in " + s.namespace));
    if (!p.from().id().equals(userId)) {
      throw TransferRejectedException.of(
          "pending_not_yours",
          "only " + p.from().displayName() + " can " + verb + " this transfer");
    }
    if (!p.status().equals(PENDING)) {
      String state = p.status().toLowerCase(Locale.ROOT);
      throw TransferRejectedException.of(
          "pending_" + state, "pending transfer " + id + " was already " + state);
    }
    Instant expiresAt = Session.instant(p.expiresAtMicros());
    if (!s.now.isBefore(expiresAt)) {
      throw TransferRejectedException.of(
          "pending_expired",
          "pending transfer " + id + " expired at " + expiresAt + "; nothing was sent");
    }
    return p;
  }

  /**
   * The usage the caps and the cooldown read: the sender's and recipient's rows, read in the send's
   * own transaction under the namespace lock, so every instance and restart sees the same totals.
   */
  private record RowUsage(Session s, UserState sender, UserState recipient)
      implements TransferUsage {

    @Override
    public BigDecimal sentToday(AccountRef account, Asset asset, Instant now) {
      return account.id().equals(sender.id) ? s.money(sender.sentOn(day(now))) : asset.zero();
    }

    @Override
    public BigDecimal receivedToday(AccountRef account, Asset asset, Instant now) {
      return account.id().equals(recipient.id)
          ? s.money(recipient.receivedOn(day(now)))
          : asset.zero();
    }

    @Override
    public Optional<Instant> lastAction(AccountRef account, String action) {
      boolean known =
          SEND.equals(action)
              && account.id().equals(sender.id)
              && sender.lastSendMicros != UserState.NEVER;
      return known ? Optional.of(Session.instant(sender.lastSendMicros)) : Optional.empty();
    }

    private static long day(Instant at) {
      return LocalDate.ofInstant(at, ZoneOffset.UTC).toEpochDay();
    }
  }
}
