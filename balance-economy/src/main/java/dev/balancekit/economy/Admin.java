package dev.balancekit.economy;

import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import dev.balancekit.Severity;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import dev.balancekit.ledger.EntryFilter;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.ledger.LedgerEntry;
import dev.balancekit.transfer.InsufficientFundsException;
import dev.balancekit.transfer.TransferRejectedException;
import dev.balancekit.transfer.TransferRequest;
import dev.balancekit.validation.InMemoryChangeWindow;
import dev.balancekit.validation.LimitRules;
import dev.balancekit.validation.Validator;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Admin operations and adjustments: every one audited with actor, reason and the balance before and
 * after.
 */
final class Admin {
  private static final Duration WEEK = Duration.ofDays(7);
  private static final int PAGE = 1000;

  private Admin() {}

  static AdminResult give(
      Session s, Member actor, Member target, BigDecimal amount, String reason, String id)
      throws SQLException {
    BigDecimal before = begin(s, target);
    return finish(
        s, AuditEvent.Action.GIVE, actor, target, reason, id, before, before.add(amount), null);
  }

  /**
   * Takes {@code amount}; beyond the balance only when forced, and then what there is (balances
   * stay non-negative).
   */
  static AdminResult take(
      Session s,
      Member actor,
      Member target,
      BigDecimal amount,
      String reason,
      boolean force,
      String id)
      throws SQLException {
    BigDecimal before = begin(s, target);
    String detail = null;
    BigDecimal taken = amount;
    if (amount.compareTo(before) > 0) {
      if (!force) {
        throw TransferRejectedException.of(
            "below_zero",
            "taking "
                + s.asset.format(amount)
                + " would leave "
                + target.displayName()
                + " below zero (they have "
                + s.asset.format(before)
                + "); force takes what there is");
      }
      taken = before;
      detail = "forced: asked for " + s.asset.format(amount);
    }
    return finish(
        s,
        AuditEvent.Action.TAKE,
        actor,
        target,
        reason,
        id,
        before,
        before.subtract(taken),
        detail);
  }

  static AdminResult set(
      Session s, Member actor, Member target, BigDecimal amount, String reason, String id)
      throws SQLException {
    return finish(
        s, AuditEvent.Action.SET, actor, target, reason, id, begin(s, target), amount, null);
  }

  /** Back to the starting balance with the streak cleared; today's claim stays claimed. */
  static AdminResult reset(Session s, Member actor, Member target, String reason, String id)
      throws SQLException {
    BigDecimal before = begin(s, target);
    UserState u = s.find(target.id()).orElseThrow();
    u.streak = 0;
    Tables.saveUser(s, u);
    return finish(
        s,
        AuditEvent.Action.RESET,
        actor,
        target,
        reason,
        id,
        before,
        s.money(s.config.startingBalance()),
        "streak cleared");
  }

  /** Moves a completed send back, tax included, exactly once. */
  static AdminResult reverse(Session s, Member actor, String transferId, String reason)
      throws SQLException {
    AuditEvent sent =
        Audit.send(s, transferId)
            .orElseThrow(
                () ->
                    TransferRejectedException.of(
                        "transfer_unknown",
                        "no completed send " + transferId + " in " + s.namespace));
    String key = "reverse:" + transferId;
    if (s.tx.isKeyUsed(s.venue, key)) {
      throw TransferRejectedException.of(
          "already_reversed", "send " + transferId + " was already reversed");
    }
    // A send's audit row always names both members and records the amount and the tax.
    String recipientId = Objects.requireNonNull(sent.counterpartyId(), "a send has a recipient");
    String senderId = Objects.requireNonNull(sent.accountId(), "a send has a sender");
    BigDecimal amount = Objects.requireNonNull(sent.amount(), "a send has an amount");
    BigDecimal tax = Objects.requireNonNull(sent.tax(), "a send records its tax");
    UserState recipient = s.find(recipientId).orElseThrow();
    UserState sender = s.find(senderId).orElseThrow();
    Member recipientMember = Member.of(recipient.id, recipient.displayName);
    s.grantStartIfDue(recipient, recipientMember);
    BigDecimal before = s.balance(recipient.id);
    TransferRequest back =
        TransferRequest.builder()
            .from(s.account(recipient.id))
            .to(s.account(sender.id))
            .amount(s.asset, amount)
            .memo(reason)
            .idempotencyKey(key)
            .build();
    String reversalId = s.tx.transfer(back, "reversal").transferId();
    if (tax.signum() > 0) {
      s.tx.issue(s.account(sender.id), s.asset, tax, "reverse-tax:" + transferId, "reversal");
    }
    long units = s.units(amount);
    sender.totalSent -= units;
    recipient.totalReceived -= units;
    Tables.saveUser(s, sender);
    Tables.saveUser(s, recipient);
    BigDecimal after = s.balance(recipient.id);
    AuditEvent event =
        s.event(AuditEvent.Action.REVERSE, actor)
            .account(recipientMember)
            .counterparty(Member.of(sender.id, sender.displayName))
            .amount(amount)
            .tax(tax)
            .balances(before, after)
            .reason(reason)
            .transfer(reversalId)
            .detail("reverses send " + transferId)
            .save();
    return new AdminResult(before, after, event);
  }

  /** Applies a signed adjustment unless the tier's limit rules find an ERROR or worse. */
  static AdjustResult adjust(Session s, Ledger ledger, Adjustment a, String id)
      throws SQLException {
    Member target = a.account();
    BigDecimal before = begin(s, target);
    BigDecimal change = s.money(a.amount());
    BigDecimal wanted = before.add(change);
    AccountRef account = s.account(target.id());
    if (wanted.signum() < 0) {
      throw InsufficientFundsException.of(
          account, s.asset, before, change.negate(), s.asset.zero());
    }
    LimitRules limits =
        LimitRules.custom()
            .tier(s.asset.code(), a.tier())
            .changeWindow(recentChanges(s, ledger, account))
            .build();
    ValidationReport report =
        Validator.builder()
            .rules(limits.rules())
            .build()
            .validateChange(
                Balance.of(account, s.asset, before, ledger.name(), s.now),
                Balance.of(account, s.asset, wanted, ledger.name(), s.now),
                s.now);
    if (!report.isValid()) {
      throw AdjustmentRefusedException.of(report);
    }
    List<ValidationIssue> alerts = report.atLeast(Severity.WARNING);
    String transferId = move(s, target.id(), change, a.kind(), "adjust:" + id);
    BigDecimal after = s.balance(target.id());
    String detail =
        "kind "
            + a.kind()
            + "; tier "
            + a.tier()
            + (alerts.isEmpty()
                ? ""
                : "; alerts "
                    + alerts.stream().map(ValidationIssue::rule).collect(Collectors.joining(",")))
            + (a.metadata().isEmpty() ? "" : "; " + Adjustment.describe(a.metadata()));
    AuditEvent event =
        s.event(AuditEvent.Action.ADJUST, a.performedBy())
            .account(target)
            .amount(change.abs())
            .balances(before, after)
            .reason(a.reason())
            .transfer(transferId)
            .detail(detail)
            .save();
    return new AdjustResult(after, report, alerts, event);
  }

  static AuditEvent configure(Session s, NamespaceConfig config, Member actor, String reason)
      throws SQLException {
    String changes = NamespaceConfig.changes(s.config, config);
    Tables.saveConfig(s, config, actor.id());
    return s.event(AuditEvent.Action.CONFIG, actor)
        .reason(reason)
        .detail(changes.isEmpty() ? "no change" : changes)
        .save();
  }

  /** Creates the target's row, grants a starting balance due, and returns the balance before. */
  private static BigDecimal begin(Session s, Member target) throws SQLException {
    UserState u = s.touch(target);
    s.grantStartIfDue(u, target);
    return s.balance(target.id());
  }

  private static AdminResult finish(
      Session s,
      AuditEvent.Action action,
      Member actor,
      Member target,
      String reason,
      String id,
      BigDecimal before,
      BigDecimal wanted,
      @Nullable String detail)
      throws SQLException {
    BigDecimal change = wanted.subtract(before);
    String transferId = move(s, target.id(), change, "admin_" + action.code(), "admin:" + id);
    BigDecimal after = s.balance(target.id());
    AuditEvent event =
        s.event(action, actor)
            .account(target)
            .amount(change.abs())
            .balances(before, after)
            .reason(reason)
            .transfer(transferId)
            .detail(detail)
            .save();
    return new AdminResult(before, after, event);
  }

  /**
   * Issues a positive change from the system account, burns a negative one into it; null when zero.
   */
  private static @Nullable String move(
      Session s, String userId, BigDecimal change, String kind, String key) throws SQLException {
    if (change.signum() == 0) {
      return null;
    }
    AccountRef account = s.account(userId);
    return change.signum() > 0
        ? s.tx.issue(account, s.asset, change, key, kind).transferId()
        : s.tx.burn(account, s.asset, change.negate(), key, kind).transferId();
  }

  /**
   * The account's committed ledger changes of the last week, for the tier's daily and weekly
   * limits.
   */
  private static InMemoryChangeWindow recentChanges(Session s, Ledger ledger, AccountRef account) {
    InMemoryChangeWindow window = InMemoryChangeWindow.create(WEEK);
    EntryFilter lastWeek =
        EntryFilter.all().between(s.now.minus(WEEK), s.now.plus(Duration.ofNanos(1000)));
    long cursor = 0;
    List<LedgerEntry> page;
    do {
      page = ledger.entries(account, s.asset, lastWeek, cursor, PAGE);
      for (LedgerEntry e : page) {
        window.record(account, s.asset.code(), e.delta(), e.at());
        cursor = e.id();
      }
    } while (page.size() == PAGE);
    return window;
  }
}
