package dev.balancekit.validation;

import dev.balancekit.AccountBalances;
import dev.balancekit.Balance;
import dev.balancekit.BalanceKitException;
import dev.balancekit.Severity;
import dev.balancekit.ValidationIssue;
import dev.balancekit.ValidationReport;
import dev.balancekit.spi.BalanceValidator;
import dev.balancekit.spi.ValidationContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fixed list of {@link BalanceRule}s over every balance of an account and returns a {@link
 * ValidationReport}; plug it into the manager with {@code
 * BalanceManager.builder().validator(Validators.defaults())}.
 *
 * <p>Issues come in balance order (by asset code), then rule order. A rule that throws or returns
 * null is reported as a CRITICAL issue under its own name; the other rules still run. A balance
 * that passes every rule costs no allocation beyond the shared empty report.
 *
 * <p>Thread-safe. The rule list and severities are fixed at {@link Builder#build()}; rules can be
 * switched on and off by name at any time with {@link #enable} and {@link #disable}, which take
 * effect for validations that start afterwards.
 */
public final class Validator implements BalanceValidator {

  private static final Logger log = LoggerFactory.getLogger(Validator.class);

  private final BalanceRule[] rules;
  private final Severity[] severities;
  private final Map<String, Integer> indexByName;

  /** Copy-on-write, so a validation reads one consistent set without locking. */
  private volatile boolean[] enabled;

  private Validator(Builder b) {
    this.rules = b.rules.values().toArray(new BalanceRule[0]);
    this.severities = new Severity[rules.length];
    this.enabled = new boolean[rules.length];
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < rules.length; i++) {
      String name = rules[i].name();
      index.put(name, i);
      severities[i] = b.severities.getOrDefault(name, rules[i].defaultSeverity());
      enabled[i] = !b.disabled.contains(name);
    }
    this.indexByName = Map.copyOf(index);
  }

  /** Starts a builder with no rules. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every enabled rule over every balance of {@code current}.
   *
   * @throws NullPointerException if an argument is null
   */
  @Override
  public ValidationReport validate(AccountBalances current, ValidationContext context) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(context, "context");
    boolean[] on = enabled;
    List<ValidationIssue> issues = null;
    for (Balance balance : current.balances()) {
      issues = runRules(balance, context, on, issues);
    }
    return issues == null ? ValidationReport.empty() : new ValidationReport(issues);
  }

  /**
   * Runs every enabled rule over one balance.
   *
   * @throws NullPointerException if an argument is null
   */
  public ValidationReport validate(Balance balance, ValidationContext context) {
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(context, "context");
    List<ValidationIssue> issues = runRules(balance, context, enabled, null);
    return issues == null ? ValidationReport.empty() : new ValidationReport(issues);
  }

  /**
   * Validates a single change, for example a ledger operation about to be applied: {@code after}
   * with {@code before} as the previous view, so change and limit rules see the delta.
   *
   * @param before the balance before the change, or null when the account did not hold the asset
   * @throws NullPointerException if {@code after} or {@code now} is null
   * @throws IllegalArgumentException if {@code before} is of another account or asset than {@code
   *     after}
   */
  public ValidationReport validateChange(@Nullable Balance before, Balance after, Instant now) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(now, "now");
    if (before != null
        && (!before.account().equals(after.account()) || !before.asset().equals(after.asset()))) {
      throw new IllegalArgumentException(
          "before ("
              + before
              + ") and after ("
              + after
              + ") must be of the same account and asset");
    }
    AccountBalances previous =
        before == null
            ? null
            : AccountBalances.partial(before.account(), List.of(before), before.receivedAt());
    return validate(after, new ValidationContext(previous, List.of(), now));
  }

  /** Adds the findings to {@code issues}, created on the first one; null while there are none. */
  private @Nullable List<ValidationIssue> runRules(
      Balance balance,
      ValidationContext context,
      boolean[] on,
      @Nullable List<ValidationIssue> issues) {
    for (int i = 0; i < rules.length; i++) {
      if (!on[i]) {
        continue;
      }
      BalanceRule rule = rules[i];
      ValidationIssue issue;
      try {
        Optional<Violation> found = rule.check(balance, context);
        if (found == null) {
          issue = broken(rule, balance, "returned null instead of Optional.empty()", "null");
        } else if (found.isPresent()) {
          Violation v = found.get();
          issue =
              new ValidationIssue(
                  rule.name(),
                  severities[i],
                  balance.account(),
                  balance.asset().code(),
                  v.message(),
                  v.details());
        } else {
          continue;
        }
      } catch (RuntimeException e) {
        // A broken rule must not hide what the other rules find; debug, since it may throw on every
        // update.
        log.debug("rule '{}' threw on {}", rule.name(), balance, e);
        issue =
            broken(
                rule, balance, "threw " + BalanceKitException.describe(e), e.getClass().getName());
      }
      if (issues == null) {
        issues = new ArrayList<>(4);
      }
      issues.add(issue);
    }
    return issues;
  }

  private static ValidationIssue broken(
      BalanceRule rule, Balance balance, String what, String error) {
    return new ValidationIssue(
        rule.name(),
        Severity.CRITICAL,
        balance.account(),
        balance.asset().code(),
        "rule '" + rule.name() + "' " + what,
        Map.of("error", error));
  }

  /**
   * Switches the named rule on.
   *
   * @throws IllegalArgumentException if no rule has that name
   */
  public void enable(String ruleName) {
    setEnabled(ruleName, true);
  }

  /**
   * Switches the named rule off; it is skipped until {@link #enable}d again.
   *
   * @throws IllegalArgumentException if no rule has that name
   */
  public void disable(String ruleName) {
    setEnabled(ruleName, false);
  }

  private synchronized void setEnabled(String ruleName, boolean on) {
    int i = indexOf(ruleName);
    boolean[] next = enabled.clone();
    next[i] = on;
    enabled = next;
  }

  /**
   * Whether the named rule runs.
   *
   * @throws IllegalArgumentException if no rule has that name
   */
  public boolean isEnabled(String ruleName) {
    return enabled[indexOf(ruleName)];
  }

  /**
   * The severity the named rule's findings get.
   *
   * @throws IllegalArgumentException if no rule has that name
   */
  public Severity severityOf(String ruleName) {
    return severities[indexOf(ruleName)];
  }

  /** The rule names in the order the rules run. */
  public List<String> ruleNames() {
    List<String> names = new ArrayList<>(rules.length);
    for (BalanceRule rule : rules) {
      names.add(rule.name());
    }
    return Collections.unmodifiableList(names);
  }

  private int indexOf(String ruleName) {
    Integer i = ruleName == null ? null : indexByName.get(ruleName);
    if (i == null) {
      throw new IllegalArgumentException(
          "no rule named "
              + (ruleName == null ? "null" : "'" + ruleName + "'")
              + "; rules are "
              + ruleNames());
    }
    return i;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Validator{");
    boolean[] on = enabled;
    for (int i = 0; i < rules.length; i++) {
      s.append(i == 0 ? "" : ", ")
          .append(rules[i].name())
          .append('=')
          .append(on[i] ? severities[i] : "off");
    }
    return s.append('}').toString();
  }

  /**
   * Builds a {@link Validator}. Each method checks its argument at once; names given to {@link
   * #severity} and {@link #disable} are checked against the rules in {@link #build()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private final Map<String, BalanceRule> rules = new LinkedHashMap<>();
    private final Map<String, Severity> severities = new HashMap<>();
    private final Set<String> disabled = new HashSet<>();

    private Builder() {}

    /**
     * Adds {@code rule} after the rules added so far.
     *
     * @throws IllegalArgumentException if {@code rule} is null, its name is invalid, or a rule of
     *     that name was already added (use {@link #replace})
     */
    public Builder rule(BalanceRule rule) {
      String name = nameOf(rule);
      if (rules.containsKey(name)) {
        throw new IllegalArgumentException(
            "a rule named '" + name + "' was already added; use replace(rule)");
      }
      rules.put(name, rule);
      return this;
    }

    /**
     * Adds every rule of {@code toAdd} in order.
     *
     * @throws IllegalArgumentException as {@link #rule}, or if {@code toAdd} is null
     */
    public Builder rules(Collection<? extends BalanceRule> toAdd) {
      if (toAdd == null) {
        throw new IllegalArgumentException("rules must not be null");
      }
      toAdd.forEach(this::rule);
      return this;
    }

    /**
     * Replaces the rule of the same name, keeping its position; for example a stricter {@code
     * stale_data} in the default set.
     *
     * @throws IllegalArgumentException if {@code rule} is null or no rule of its name was added
     */
    public Builder replace(BalanceRule rule) {
      String name = nameOf(rule);
      if (!rules.containsKey(name)) {
        throw new IllegalArgumentException(
            "no rule named '" + name + "' to replace; rules are " + rules.keySet());
      }
      rules.put(name, rule);
      return this;
    }

    /**
     * Gives the named rule's findings {@code severity} instead of its default.
     *
     * @throws IllegalArgumentException if the name is invalid or {@code severity} is null
     */
    public Builder severity(String ruleName, Severity severity) {
      BalanceRule.requireName(ruleName);
      if (severity == null) {
        throw new IllegalArgumentException("severity of rule '" + ruleName + "' must not be null");
      }
      severities.put(ruleName, severity);
      return this;
    }

    /**
     * Starts the named rule switched off.
     *
     * @throws IllegalArgumentException if the name is invalid
     */
    public Builder disable(String ruleName) {
      disabled.add(BalanceRule.requireName(ruleName));
      return this;
    }

    /**
     * Builds the validator.
     *
     * @throws IllegalStateException if {@link #severity} or {@link #disable} named a rule that was
     *     not added
     */
    public Validator build() {
      List<String> unknown = new ArrayList<>();
      for (String name : severities.keySet()) {
        if (!rules.containsKey(name)) {
          unknown.add(name);
        }
      }
      for (String name : disabled) {
        if (!rules.containsKey(name) && !unknown.contains(name)) {
          unknown.add(name);
        }
      }
      if (!unknown.isEmpty()) {
        Collections.sort(unknown);
        throw new IllegalStateException(
            "severity or disable names rules that were not added: "
                + unknown
                + "; rules are "
                + rules.keySet());
      }
      return new Validator(this);
    }

    private static String nameOf(BalanceRule rule) {
      if (rule == null) {
        throw new IllegalArgumentException("rule must not be null");
      }
      String name = BalanceRule.requireName(rule.name());
      if (rule.defaultSeverity() == null) {
        throw new IllegalArgumentException("rule '" + name + "' must have a default severity");
      }
      return name;
    }
  }
}
