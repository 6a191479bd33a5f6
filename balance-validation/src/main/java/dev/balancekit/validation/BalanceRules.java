package dev.balancekit.validation;

import dev.balancekit.AccountBalances;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.Severity;
import dev.balancekit.spi.ValidationContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in balance rules. Their names are public and stable:
 *
 * <table>
 *   <caption>Built-in balance rules</caption>
 *   <tr><th>name</th><th>default severity</th><th>finds</th></tr>
 *   <tr><td>{@value #NEGATIVE_BALANCE}</td><td>ERROR</td><td>total below zero</td></tr>
 *   <tr><td>{@value #NEGATIVE_FREE_BALANCE}</td><td>WARNING</td><td>available below zero</td></tr>
 *   <tr><td>{@value #HOLD_EXCEEDS_BALANCE}</td><td>ERROR</td><td>held above total</td></tr>
 *   <tr><td>{@value #SOURCE_INCONSISTENCY}</td><td>WARNING</td><td>another source's total differs beyond a tolerance</td></tr>
 *   <tr><td>{@value #UNREALISTIC_BALANCE}</td><td>WARNING</td><td>total above a ceiling set for the asset</td></tr>
 *   <tr><td>{@value #STALE_DATA}</td><td>WARNING</td><td>observed longer than a maximum age ago</td></tr>
 *   <tr><td>{@value #PRECISION_OVERFLOW}</td><td>ERROR</td><td>more decimals than the asset's scale</td></tr>
 * </table>
 *
 * <p>Every rule returned is immutable and thread-safe, and never throws for bad data.
 */
public final class BalanceRules {

  public static final String NEGATIVE_BALANCE = "negative_balance";
  public static final String NEGATIVE_FREE_BALANCE = "negative_free_balance";
  public static final String HOLD_EXCEEDS_BALANCE = "hold_exceeds_balance";
  public static final String SOURCE_INCONSISTENCY = "source_inconsistency";
  public static final String UNREALISTIC_BALANCE = "unrealistic_balance";
  public static final String STALE_DATA = "stale_data";
  public static final String PRECISION_OVERFLOW = "precision_overflow";

  /** The maximum age of {@link #defaults()}' {@code stale_data}. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  private static final BalanceRule NEGATIVE =
      BalanceRule.of(
          NEGATIVE_BALANCE,
          Severity.ERROR,
          (b, ctx) ->
              b.total().signum() < 0
                  ? Optional.of(
                      Violation.of(
                          "total " + b.asset().format(b.total()) + " is negative",
                          Map.of("total", b.total())))
                  : Optional.empty());

  private static final BalanceRule NEGATIVE_FREE =
      BalanceRule.of(
          NEGATIVE_FREE_BALANCE,
          Severity.WARNING,
          (b, ctx) ->
              b.available().isPresent() && b.available().get().signum() < 0
                  ? Optional.of(
                      Violation.of(
                          "available " + b.asset().format(b.available().get()) + " is negative",
                          Map.of("available", b.available().get(), "total", b.total())))
                  : Optional.empty());

  private static final BalanceRule HOLD_EXCEEDS =
      BalanceRule.of(
          HOLD_EXCEEDS_BALANCE,
          Severity.ERROR,
          (b, ctx) ->
              b.held().isPresent() && b.held().get().compareTo(b.total()) > 0
                  ? Optional.of(
                      Violation.of(
                          "held "
                              + b.asset().format(b.held().get())
                              + " is above the total "
                              + b.asset().format(b.total()),
                          Map.of("held", b.held().get(), "total", b.total())))
                  : Optional.empty());

  private BalanceRules() {}

  /**
   * The seven built-in rules in the order above, with an exact source tolerance, no ceilings and a
   * maximum age of {@link #DEFAULT_MAX_AGE}.
   */
  public static List<BalanceRule> defaults() {
    return List.of(
        NEGATIVE,
        NEGATIVE_FREE,
        HOLD_EXCEEDS,
        sourceInconsistency(Tolerance.exact()),
        unrealisticBalance(Map.of()),
        staleData(DEFAULT_MAX_AGE),
        PrecisionOverflowRule.INSTANCE);
  }

  /** {@value #NEGATIVE_BALANCE} (ERROR): the total is below zero. */
  public static BalanceRule negativeBalance() {
    return NEGATIVE;
  }

  /**
   * {@value #NEGATIVE_FREE_BALANCE} (WARNING): the available amount is below zero; unknown passes.
   */
  public static BalanceRule negativeFreeBalance() {
    return NEGATIVE_FREE;
  }

  /** {@value #HOLD_EXCEEDS_BALANCE} (ERROR): the held amount is above the total; unknown passes. */
  public static BalanceRule holdExceedsBalance() {
    return HOLD_EXCEEDS;
  }

  /**
   * {@value #SOURCE_INCONSISTENCY} (WARNING): a view in {@link ValidationContext#others()} (for
   * example the REST snapshot of a reconciliation) holds a total that differs beyond {@code
   * tolerance}; the largest difference is reported. A complete view that does not list the asset
   * says zero; a partial one says nothing.
   *
   * @throws IllegalArgumentException if {@code tolerance} is null
   */
  public static BalanceRule sourceInconsistency(Tolerance tolerance) {
    if (tolerance == null) {
      throw new IllegalArgumentException("tolerance must not be null");
    }
    return BalanceRule.of(
        SOURCE_INCONSISTENCY,
        Severity.WARNING,
        (b, ctx) -> {
          List<AccountBalances> others = ctx.others();
          Balance worst = null;
          BigDecimal worstDifference = null;
          for (int i = 0; i < others.size(); i++) { // indexed: no iterator on the common empty list
            Optional<Balance> other = others.get(i).get(b.asset());
            if (other.isPresent() && tolerance.exceeded(b.total(), other.get().total())) {
              BigDecimal difference = b.total().subtract(other.get().total()).abs();
              if (worstDifference == null || difference.compareTo(worstDifference) > 0) {
                worst = other.get();
                worstDifference = difference;
              }
            }
          }
          if (worst == null || worstDifference == null) { // set together
            return Optional.empty();
          }
          Asset asset = b.asset();
          return Optional.of(
              Violation.of(
                  "source '"
                      + b.source()
                      + "' says "
                      + asset.format(b.total())
                      + " but '"
                      + worst.source()
                      + "' says "
                      + asset.format(worst.total())
                      + " (difference "
                      + asset.format(worstDifference)
                      + ")",
                  Map.of(
                      "current",
                      b.total(),
                      "other",
                      worst.total(),
                      "otherSource",
                      worst.source(),
                      "difference",
                      worstDifference)));
        });
  }

  /**
   * {@value #UNREALISTIC_BALANCE} (WARNING): the total is above the ceiling set for its asset code;
   * assets without a ceiling pass.
   *
   * @param ceilingByAssetCode for example {@code Map.of("BTC", new BigDecimal("21000000"))}
   * @throws IllegalArgumentException if the map is null or holds a null or negative ceiling
   */
  public static BalanceRule unrealisticBalance(Map<String, BigDecimal> ceilingByAssetCode) {
    if (ceilingByAssetCode == null) {
      throw new IllegalArgumentException("ceilingByAssetCode must not be null");
    }
    Map<String, BigDecimal> ceilings = new HashMap<>();
    ceilingByAssetCode.forEach(
        (code, ceiling) -> {
          if (code == null || ceiling == null || ceiling.signum() < 0) {
            throw new IllegalArgumentException(
                "ceiling of " + code + " must be zero or positive, but was " + ceiling);
          }
          ceilings.put(code, ceiling);
        });
    Map<String, BigDecimal> fixed = Map.copyOf(ceilings);
    return BalanceRule.of(
        UNREALISTIC_BALANCE,
        Severity.WARNING,
        (b, ctx) -> {
          BigDecimal ceiling = fixed.get(b.asset().code());
          return ceiling != null && b.total().compareTo(ceiling) > 0
              ? Optional.of(
                  Violation.of(
                      "total "
                          + b.asset().format(b.total())
                          + " is above the realistic ceiling of "
                          + b.asset().format(ceiling),
                      Map.of("total", b.total(), "ceiling", ceiling)))
              : Optional.empty();
        });
  }

  /**
   * {@value #STALE_DATA} (WARNING): the balance was observed more than {@code maxAge} before {@link
   * ValidationContext#now()}. Exactly {@code maxAge} passes; a future observation (clock skew)
   * counts as age zero.
   *
   * @throws IllegalArgumentException if {@code maxAge} is null, zero or negative
   */
  public static BalanceRule staleData(Duration maxAge) {
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, but was " + maxAge);
    }
    long maxSeconds = maxAge.getSeconds();
    int maxNanos = maxAge.getNano();
    return BalanceRule.of(
        STALE_DATA,
        Severity.WARNING,
        (b, ctx) -> {
          Instant now = ctx.now();
          Instant observed = b.observedAt();
          // Seconds and nanos, not Duration or millis: no allocation, and no overflow at
          // Instant.MIN/MAX.
          long seconds = now.getEpochSecond() - observed.getEpochSecond();
          int nanos = now.getNano() - observed.getNano();
          if (nanos < 0) {
            seconds--;
            nanos += 1_000_000_000;
          }
          if (seconds < maxSeconds || (seconds == maxSeconds && nanos <= maxNanos)) {
            return Optional.empty();
          }
          Duration age = Duration.ofSeconds(seconds, nanos);
          return Optional.of(
              Violation.of(
                  "balance is "
                      + age
                      + " old (observed "
                      + observed
                      + "), above the maximum age of "
                      + maxAge,
                  Map.of(
                      "age",
                      age,
                      "maxAge",
                      maxAge,
                      "observedAt",
                      observed,
                      "receivedAt",
                      b.receivedAt())));
        });
  }

  /**
   * {@value #PRECISION_OVERFLOW} (ERROR), which can also check raw amounts of incoming messages.
   */
  public static PrecisionOverflowRule precisionOverflow() {
    return PrecisionOverflowRule.INSTANCE;
  }
}
