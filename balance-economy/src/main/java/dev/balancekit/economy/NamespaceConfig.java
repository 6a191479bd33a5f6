package dev.balancekit.economy;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.validation.TransferPolicies;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The economy rules of one namespace (a chat server, a tenant), stored in the ledger's database by
 * {@link Economy#configure}. Amounts are in the economy's asset; {@link Economy#configure} checks
 * that they fit its decimals.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>startingBalance</td><td>100</td><td>granted once from the system account on a member's first own action</td></tr>
 *   <tr><td>dailyReward</td><td>50</td><td>what a daily claim pays before the streak bonus</td></tr>
 *   <tr><td>streakBonus</td><td>10</td><td>extra per consecutive day after the first</td></tr>
 *   <tr><td>streakBonusCap</td><td>100</td><td>the most the streak bonus adds</td></tr>
 *   <tr><td>streakGraceDays</td><td>0</td><td>UTC days a member may miss without losing the streak</td></tr>
 *   <tr><td>maxTransfer</td><td>10,000</td><td>largest single send; {@code null} for none</td></tr>
 *   <tr><td>confirmationThreshold</td><td>100</td><td>sends of this much or more wait for confirmation; {@code null} for never</td></tr>
 *   <tr><td>sendCooldown</td><td>60 s</td><td>wait between two sends of one member; zero for none</td></tr>
 *   <tr><td>dailySendCap, dailyReceiveCap</td><td>none</td><td>what a member may send or receive per UTC day</td></tr>
 *   <tr><td>taxPercent</td><td>0</td><td>tax on each send, paid by the sender on top of the amount, to the system account</td></tr>
 *   <tr><td>optOutAllowed</td><td>true</td><td>whether members may refuse incoming transfers</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class NamespaceConfig {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final Duration MAX_COOLDOWN = Duration.ofDays(1);
  private static final int MAX_GRACE_DAYS = 30;
  private static final NamespaceConfig DEFAULTS = custom().build();

  private final BigDecimal startingBalance;
  private final BigDecimal dailyReward;
  private final BigDecimal streakBonus;
  private final BigDecimal streakBonusCap;
  private final int streakGraceDays;
  private final @Nullable BigDecimal maxTransfer;
  private final @Nullable BigDecimal confirmationThreshold;
  private final Duration sendCooldown;
  private final @Nullable BigDecimal dailySendCap;
  private final @Nullable BigDecimal dailyReceiveCap;
  private final BigDecimal taxPercent;
  private final boolean optOutAllowed;

  private NamespaceConfig(Builder b) {
    this.startingBalance = b.startingBalance;
    this.dailyReward = b.dailyReward;
    this.streakBonus = b.streakBonus;
    this.streakBonusCap = b.streakBonusCap;
    this.streakGraceDays = b.streakGraceDays;
    this.maxTransfer = b.maxTransfer;
    this.confirmationThreshold = b.confirmationThreshold;
    this.sendCooldown = b.sendCooldown;
    this.dailySendCap = b.dailySendCap;
    this.dailyReceiveCap = b.dailyReceiveCap;
    this.taxPercent = b.taxPercent;
    this.optOutAllowed = b.optOutAllowed;
  }

  /** The defaults of the table above. */
  public static NamespaceConfig defaults() {
    return DEFAULTS;
  }

  /** A builder holding the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder holding this configuration, to change some settings. */
  public Builder toBuilder() {
    return decode(fields());
  }

  public BigDecimal startingBalance() {
    return startingBalance;
  }

  public BigDecimal dailyReward() {
    return dailyReward;
  }

  public BigDecimal streakBonus() {
    return streakBonus;
  }

  public BigDecimal streakBonusCap() {
    return streakBonusCap;
  }

  public int streakGraceDays() {
    return streakGraceDays;
  }

  public Optional<BigDecimal> maxTransfer() {
    return Optional.ofNullable(maxTransfer);
  }

  public Optional<BigDecimal> confirmationThreshold() {
    return Optional.ofNullable(confirmationThreshold);
  }

  public Duration sendCooldown() {
    return sendCooldown;
  }

  public Optional<BigDecimal> dailySendCap() {
    return Optional.ofNullable(dailySendCap);
  }

  public Optional<BigDecimal> dailyReceiveCap() {
    return Optional.ofNullable(dailyReceiveCap);
  }

  public BigDecimal taxPercent() {
    return taxPercent;
  }

  public boolean optOutAllowed() {
    return optOutAllowed;
  }

  /**
   * What the daily claim that makes a streak of {@code streak} days pays: the daily reward plus
   * {@code streakBonus × (streak − 1)}, the bonus capped at {@code streakBonusCap}.
   *
   * @throws IllegalArgumentException if {@code streak} is below 1
   */
  public BigDecimal rewardFor(int streak) {
    if (streak < 1) {
      throw new IllegalArgumentException("streak must be at least 1, but was " + streak);
    }
    return dailyReward.add(
        streakBonus.multiply(BigDecimal.valueOf(streak - 1L)).min(streakBonusCap));
  }

  /**
   * The tax on sending {@code amount}: {@code amount × taxPercent / 100}, rounded down (toward
   * zero) to {@code asset}'s decimals, so the tax never exceeds the stated percentage; a send too
   * small to owe a whole base unit pays none.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public BigDecimal taxOn(Asset asset, BigDecimal amount) {
    if (asset == null || amount == null) {
      throw new IllegalArgumentException(
          "asset and amount must not be null, but were " + asset + ", " + amount);
    }
    return amount.multiply(taxPercent).movePointLeft(2).setScale(asset.scale(), RoundingMode.DOWN);
  }

  /**
   * The send policies of this namespace; {@code optedOut} names recipients who refuse transfers.
   */
  TransferPolicies policies(Predicate<AccountRef> optedOut, String optedOutReason) {
    TransferPolicies.Builder b = TransferPolicies.custom();
    if (optOutAllowed) {
      b.refuseRecipients("recipient_opted_out", optedOut, optedOutReason);
    }
    maxTransfer().ifPresent(b::maxTransfer);
    confirmationThreshold().ifPresent(b::confirmationThreshold);
    dailySendCap().ifPresent(b::dailySendCap);
    dailyReceiveCap().ifPresent(b::dailyReceiveCap);
    if (!sendCooldown.isZero()) {
      b.sendCooldown(sendCooldown);
    }
    return b.build();
  }

  /**
   * Checks that every amount fits {@code asset}'s decimals.
   *
   * @throws IllegalArgumentException naming the first setting that does not
   */
  void requireFits(Asset asset) {
    Map<String, BigDecimal> amounts = new LinkedHashMap<>();
    amounts.put("startingBalance", startingBalance);
    amounts.put("dailyReward", dailyReward);
    amounts.put("streakBonus", streakBonus);
    amounts.put("streakBonusCap", streakBonusCap);
    amounts.put("maxTransfer", maxTransfer);
    amounts.put("confirmationThreshold", confirmationThreshold);
    amounts.put("dailySendCap", dailySendCap);
    amounts.put("dailyReceiveCap", dailyReceiveCap);
    amounts.forEach(
        (name, value) -> {
          if (value != null) {
            asset.amount(name, value);
          }
        });
  }

  /** Every setting as text, in table order; the stored form and the audit's old → new. */
  Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("startingBalance", startingBalance.toPlainString());
    f.put("dailyReward", dailyReward.toPlainString());
    f.put("streakBonus", streakBonus.toPlainString());
    f.put("streakBonusCap", streakBonusCap.toPlainString());
    f.put("streakGraceDays", Integer.toString(streakGraceDays));
    f.put("maxTransfer", text(maxTransfer));
    f.put("confirmationThreshold", text(confirmationThreshold));
    f.put("sendCooldown", sendCooldown.toString());
    f.put("dailySendCap", text(dailySendCap));
    f.put("dailyReceiveCap", text(dailyReceiveCap));
    f.put("taxPercent", taxPercent.toPlainString());
    f.put("optOutAllowed", Boolean.toString(optOutAllowed));
    return f;
  }

  /** The stored form: one {@code name=value} per line. */
  String encode() {
    StringBuilder s = new StringBuilder();
    fields().forEach((name, value) -> s.append(name).append('=').append(value).append('\n'));
    return s.toString();
  }

  /** Reads {@link #encode()}'s form, checking every value again. */
  static NamespaceConfig decode(String stored) {
    Map<String, String> f = new LinkedHashMap<>();
    for (String line : stored.split("\n", -1)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        f.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return decode(f).build();
  }

  /** The settings that differ, as {@code name: old → new; ...}, or empty if none do. */
  static String changes(NamespaceConfig before, NamespaceConfig after) {
    Map<String, String> old = before.fields();
    StringBuilder s = new StringBuilder();
    after
        .fields()
        .forEach(
            (name, value) -> {
              String was = old.get(name);
              if (!value.equals(was)) {
                s.append(s.length() == 0 ? "" : "; ")
                    .append(name)
                    .append(": ")
                    .append(shown(was))
                    .append(" → ")
                    .append(shown(value));
              }
            });
    return s.toString();
  }

  private static Builder decode(Map<String, String> f) {
    Builder b = custom();
    try {
      b.startingBalance(new BigDecimal(stored(f, "startingBalance")))
          .dailyReward(new BigDecimal(stored(f, "dailyReward")))
          .streakBonus(new BigDecimal(stored(f, "streakBonus")))
          .streakBonusCap(new BigDecimal(stored(f, "streakBonusCap")))
          .streakGraceDays(Integer.parseInt(stored(f, "streakGraceDays")))
          .maxTransfer(amountOrNull(stored(f, "maxTransfer")))
          .confirmationThreshold(amountOrNull(stored(f, "confirmationThreshold")))
          .sendCooldown(Duration.parse(stored(f, "sendCooldown")))
          .dailySendCap(amountOrNull(stored(f, "dailySendCap")))
          .dailyReceiveCap(amountOrNull(stored(f, "dailyReceiveCap")))
          .taxPercent(new BigDecimal(stored(f, "taxPercent")))
          .optOutAllowed(Boolean.parseBoolean(stored(f, "optOutAllowed")));
    } catch (NoSuchElementException | NumberFormatException | DateTimeParseException e) {
      throw new IllegalStateException("stored namespace configuration is damaged: " + f, e);
    }
    return b;
  }

  /** The value stored for setting {@code name}; a missing one means the stored form is damaged. */
  private static String stored(Map<String, String> f, String name) {
    String value = f.get(name);
    if (value == null) {
      throw new NoSuchElementException("setting " + name + " is missing");
    }
    return value;
  }

  private static @Nullable BigDecimal amountOrNull(String text) {
    return text.isEmpty() ? null : new BigDecimal(text);
  }

  private static String text(@Nullable BigDecimal value) {
    return value == null ? "" : value.toPlainString();
  }

  private static String shown(@Nullable String value) {
    return value == null || value.isEmpty() ? "none" : value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NamespaceConfig other && fields().equals(other.fields());
  }

  @Override
  public int hashCode() {
    return fields().hashCode();
  }

  @Override
  public String toString() {
    return "NamespaceConfig" + fields();
  }

  /**
   * Builds a {@link NamespaceConfig}, starting from the defaults. Each setter checks its argument
   * at once and names it and the value in its {@link IllegalArgumentException}; {@link #build()}
   * checks the settings against each other. Not thread-safe.
   */
  public static final class Builder {
    private BigDecimal startingBalance = BigDecimal.valueOf(100);
    private BigDecimal dailyReward = BigDecimal.valueOf(50);
    private BigDecimal streakBonus = BigDecimal.TEN;
    private BigDecimal streakBonusCap = BigDecimal.valueOf(100);
    private int streakGraceDays;
    private @Nullable BigDecimal maxTransfer = BigDecimal.valueOf(10_000);
    private @Nullable BigDecimal confirmationThreshold = BigDecimal.valueOf(100);
    private Duration sendCooldown = Duration.ofSeconds(60);
    private @Nullable BigDecimal dailySendCap;
    private @Nullable BigDecimal dailyReceiveCap;
    private BigDecimal taxPercent = BigDecimal.ZERO;
    private boolean optOutAllowed = true;

    private Builder() {}

    /**
     * Sets the starting balance, granted once on a member's first own action.
     *
     * @throws IllegalArgumentException if null or negative
     */
    public Builder startingBalance(BigDecimal amount) {
      this.startingBalance = nonNegative("startingBalance", amount);
      return this;
    }

    /**
     * Sets what a daily claim pays before the streak bonus.
     *
     * @throws IllegalArgumentException if null or negative
     */
    public Builder dailyReward(BigDecimal amount) {
      this.dailyReward = nonNegative("dailyReward", amount);
      return this;
    }

    /**
     * Sets the extra a claim pays per consecutive day after the first.
     *
     * @throws IllegalArgumentException if null or negative
     */
    public Builder streakBonus(BigDecimal amount) {
      this.streakBonus = nonNegative("streakBonus", amount);
      return this;
    }

    /**
     * Sets the most the streak bonus adds.
     *
     * @throws IllegalArgumentException if null or negative
     */
    public Builder streakBonusCap(BigDecimal amount) {
      this.streakBonusCap = nonNegative("streakBonusCap", amount);
      return this;
    }

    /**
     * Sets how many UTC days a member may miss without losing the streak.
     *
     * @throws IllegalArgumentException if outside 0..30
     */
    public Builder streakGraceDays(int days) {
      if (days < 0 || days > MAX_GRACE_DAYS) {
        throw new IllegalArgumentException(
            "streakGraceDays must be in 0.." + MAX_GRACE_DAYS + ", but was " + days);
      }
      this.streakGraceDays = days;
      return this;
    }

    /** {@code null} for no maximum. @throws IllegalArgumentException if zero or negative */
    public Builder maxTransfer(@Nullable BigDecimal amount) {
      this.maxTransfer = positiveOrNull("maxTransfer", amount);
      return this;
    }

    /**
     * {@code null} to never ask for confirmation. @throws IllegalArgumentException if zero or
     * negative
     */
    public Builder confirmationThreshold(@Nullable BigDecimal amount) {
      this.confirmationThreshold = positiveOrNull("confirmationThreshold", amount);
      return this;
    }

    /**
     * {@link Duration#ZERO} for none. @throws IllegalArgumentException if null, negative or above
     * one day
     */
    public Builder sendCooldown(Duration cooldown) {
      if (cooldown == null || cooldown.isNegative() || cooldown.compareTo(MAX_COOLDOWN) > 0) {
        throw new IllegalArgumentException(
            "sendCooldown must be between zero and one day, but was " + cooldown);
      }
      this.sendCooldown = cooldown;
      return this;
    }

    /** {@code null} for no cap. @throws IllegalArgumentException if zero or negative */
    public Builder dailySendCap(@Nullable BigDecimal amount) {
      this.dailySendCap = positiveOrNull("dailySendCap", amount);
      return this;
    }

    /** {@code null} for no cap. @throws IllegalArgumentException if zero or negative */
    public Builder dailyReceiveCap(@Nullable BigDecimal amount) {
      this.dailyReceiveCap = positiveOrNull("dailyReceiveCap", amount);
      return this;
    }

    /**
     * For example {@code 2.5} for 2.5 %. @throws IllegalArgumentException if null, outside 0..100
     * or with more than 2 decimals
     */
    public Builder taxPercent(BigDecimal percent) {
      if (percent == null
          || percent.signum() < 0
          || percent.compareTo(HUNDRED) > 0
          || percent.stripTrailingZeros().scale() > 2) {
        throw new IllegalArgumentException(
            "taxPercent must be between 0 and 100 with at most 2 decimals, but was "
                + (percent == null ? "null" : percent.toPlainString()));
      }
      this.taxPercent = normal("taxPercent", percent);
      return this;
    }

    public Builder optOutAllowed(boolean allowed) {
      this.optOutAllowed = allowed;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws IllegalStateException if the confirmation threshold is above the maximum transfer (it
     *     could never apply)
     */
    public NamespaceConfig build() {
      if (confirmationThreshold != null
          && maxTransfer != null
          && confirmationThreshold.compareTo(maxTransfer) > 0) {
        throw new IllegalStateException(
            "confirmationThreshold "
                + confirmationThreshold.toPlainString()
                + " is above maxTransfer "
                + maxTransfer.toPlainString()
                + ", so it could never apply");
      }
      return new NamespaceConfig(this);
    }

    private static BigDecimal nonNegative(String name, BigDecimal amount) {
      if (amount == null || amount.signum() < 0) {
        throw new IllegalArgumentException(
            name
                + " must be zero or positive, but was "
                + (amount == null ? "null" : amount.toPlainString()));
      }
      return normal(name, amount);
    }

    private static @Nullable BigDecimal positiveOrNull(String name, @Nullable BigDecimal amount) {
      if (amount != null && amount.signum() <= 0) {
        throw new IllegalArgumentException(
            name + " must be positive (or null for none), but was " + amount.toPlainString());
      }
      return amount == null ? null : normal(name, amount);
    }

    /**
     * Without trailing zeros, so 100 and 100.00 are the same setting; absurd magnitudes refused.
     */
    private static BigDecimal normal(String name, BigDecimal amount) {
      BigDecimal stripped = amount.stripTrailingZeros();
      if (stripped.scale() > Asset.MAX_SCALE
          || stripped.precision() - stripped.scale() > Asset.MAX_INTEGER_DIGITS) {
        throw new IllegalArgumentException(
            name
                + " must have at most "
                + Asset.MAX_INTEGER_DIGITS
                + " integer digits and "
                + Asset.MAX_SCALE
                + " decimals, but was "
                + stripped);
      }
      return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
  }
}
