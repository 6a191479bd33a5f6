package dev.balancekit.validation;

/** Ready-made validators. Thread-safe. */
public final class Validators {

  private Validators() {}

  /**
   * A new validator running {@link BalanceRules#defaults()} at their default severities: plug it
   * into the manager with {@code BalanceManager.builder().validator(Validators.defaults())}. Each
   * call returns a new instance, so enabling or disabling rules on one does not affect another.
   */
  public static Validator defaults() {
    return defaultsBuilder().build();
  }

  /**
   * A builder holding {@link BalanceRules#defaults()}, to add limit rules, replace a default (for
   * example a shorter {@code stale_data}) or change severities before building.
   */
  public static Validator.Builder defaultsBuilder() {
    return Validator.builder().rules(BalanceRules.defaults());
  }
}
