package dev.balancekit.economy;

/**
 * A member's row of {@code bk_eco_users}, read and written inside one operation's transaction.
 * Mutable; used by one thread for one operation.
 */
final class UserState {
  /** An absent day or time. */
  static final long NEVER = Long.MIN_VALUE;

  final String id;
  final String displayName;
  boolean started;
  boolean optedOut;
  int streak;
  long lastClaimDay = NEVER;

  /** The UTC epoch day {@link #sentToday} and {@link #receivedToday} count. */
  long usageDay;

  long sentToday;
  long receivedToday;
  long lastSendMicros = NEVER;
  long totalSent;
  long totalReceived;

  UserState(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  long sentOn(long day) {
    return usageDay == day ? sentToday : 0;
  }

  long receivedOn(long day) {
    return usageDay == day ? receivedToday : 0;
  }

  void recordSent(long day, long units, long atMicros) {
    rollTo(day);
    sentToday = Math.addExact(sentToday, units);
    totalSent = Math.addExact(totalSent, units);
    lastSendMicros = atMicros;
  }

  void recordReceived(long day, long units) {
    rollTo(day);
    receivedToday = Math.addExact(receivedToday, units);
    totalReceived = Math.addExact(totalReceived, units);
  }

  private void rollTo(long day) {
    if (usageDay != day) {
      usageDay = day;
      sentToday = 0;
      receivedToday = 0;
    }
  }

  /**
   * The streak still alive on {@code today}: missing more than {@code graceDays} UTC days breaks
   * it.
   */
  int streakOn(long today, int graceDays) {
    return lastClaimDay != NEVER && today - lastClaimDay <= 1L + graceDays ? streak : 0;
  }
}
