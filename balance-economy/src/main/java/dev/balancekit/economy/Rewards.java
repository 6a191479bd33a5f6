package dev.balancekit.economy;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;

/** The daily reward with streaks, and the balance view that tells when it is next available. */
final class Rewards {

  private Rewards() {}

  /**
   * Pays today's reward once. The member's row says whether today was claimed; the ledger key
   * {@code daily:<member>:<yyyy-mm-dd>} makes a second payment impossible even if it did not.
   */
  static ClaimResult claim(Session s, Member member) throws SQLException {
    UserState u = s.touch(member);
    s.grantStartIfDue(u, member);
    if (u.lastClaimDay >= s.today) {
      throw DailyRewardClaimedException.of(member.id(), s.nextDay(), s.now);
    }
    int streak = u.streakOn(s.today, s.config.streakGraceDays()) + 1;
    BigDecimal amount = s.money(s.config.rewardFor(streak));
    BigDecimal before = s.balance(u.id);
    String transferId = null;
    if (amount.signum() > 0) {
      String key = "daily:" + Session.keyPart(u.id) + ":" + LocalDate.ofEpochDay(s.today);
      if (s.tx.isKeyUsed(s.venue, key)) {
        throw DailyRewardClaimedException.of(member.id(), s.nextDay(), s.now);
      }
      transferId = s.tx.issue(s.account(u.id), s.asset, amount, key, "reward").transferId();
    }
    u.streak = streak;
    u.lastClaimDay = s.today;
    Tables.saveUser(s, u);
    BigDecimal after = s.balance(u.id);
    BigDecimal bonus = amount.subtract(s.money(s.config.dailyReward()));
    AuditEvent event =
        s.event(AuditEvent.Action.CLAIM, member)
            .account(member)
            .amount(amount)
            .balances(before, after)
            .transfer(transferId)
            .detail("streak " + streak + ", bonus " + bonus.toPlainString())
            .save();
    return new ClaimResult(amount, bonus, streak, after, s.nextDay(), event);
  }

  /**
   * Reads without writing: a member never seen reads as the starting balance with the reward
   * available.
   */
  static BalanceView view(Session s, String userId) throws SQLException {
    Optional<UserState> found = s.find(userId);
    if (found.isEmpty()) {
      BigDecimal shown = s.balance(userId).add(s.money(s.config.startingBalance()));
      return new BalanceView(userId, shown, s.asset.zero(), s.asset.zero(), 0, true, s.now, false);
    }
    UserState u = found.get();
    boolean available = u.lastClaimDay < s.today;
    return new BalanceView(
        userId,
        s.shownBalance(u),
        s.money(u.totalReceived),
        s.money(u.totalSent),
        u.streakOn(s.today, s.config.streakGraceDays()),
        available,
        available ? s.now : s.nextDay(),
        u.optedOut);
  }
}
