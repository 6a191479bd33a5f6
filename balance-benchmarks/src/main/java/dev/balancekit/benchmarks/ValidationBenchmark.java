package dev.balancekit.benchmarks;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.ValidationReport;
import dev.balancekit.spi.ValidationContext;
import dev.balancekit.validation.Validator;
import dev.balancekit.validation.Validators;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The full default rule set ({@code Validators.defaults()}, seven rules) on one valid balance, on
 * one thread, against a baseline hand-written if-chain doing the same checks. Goals: at least
 * 2,000,000 validations per second, and no allocation for a valid balance (run with {@code -prof
 * gc}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class ValidationBenchmark {
  static final Asset BTC = Asset.of("BTC", 8);
  static final Instant OBSERVED = Instant.parse("2025-03-01T12:00:00Z");
  static final Duration MAX_AGE = Duration.ofMinutes(5);

  Validator validator;
  Balance balance;
  AccountBalances view;
  ValidationContext context;

  @Setup(Level.Trial)
  public void setUp() {
    AccountRef account = AccountRef.of("kraken", "acct-1");
    validator = Validators.defaults();
    balance =
        Balance.builder(account, BTC)
            .total(new BigDecimal("1.50000000"))
            .available(new BigDecimal("1.20000000"))
            .held(new BigDecimal("0.30000000"))
            .source("stream")
            .observedAt(OBSERVED)
            .build();
    view = AccountBalances.snapshot(account, List.of(balance), OBSERVED);
    context = new ValidationContext(null, List.of(), OBSERVED.plusSeconds(1));
  }

  /** The seven default rules on one balance. */
  @Benchmark
  public ValidationReport validatorOneBalance() {
    return validator.validate(balance, context);
  }

  /** The same through the manager's entry point: an account view holding that one balance. */
  @Benchmark
  public ValidationReport validatorAccountView() {
    return validator.validate(view, context);
  }

  /**
   * The same seven checks as a hand-written if-chain, returning the shared empty report when valid
   * (and null, building no report, when not).
   */
  @Benchmark
  public @Nullable ValidationReport baselineIfChain() {
    return ifChain(balance, context);
  }

  static @Nullable ValidationReport ifChain(Balance b, ValidationContext ctx) {
    boolean bad =
        b.total().signum() < 0
            || (b.available().isPresent() && b.available().get().signum() < 0)
            || (b.held().isPresent() && b.held().get().compareTo(b.total()) > 0)
            || !ctx.others()
                .isEmpty() // no other source in this benchmark; a disagreement would be checked
            // here
            || b.total().scale() > b.asset().scale()
            || ctx.now().getEpochSecond() - b.observedAt().getEpochSecond() > MAX_AGE.toSeconds();
    // unrealistic_balance: no ceiling configured, as in the defaults.
    return bad ? null : ValidationReport.empty();
  }
}
