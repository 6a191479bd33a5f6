package dev.balancekit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.ValidationReport;
import org.junit.jupiter.api.Test;

/**
 * Runs each benchmark body once, so a broken benchmark fails the build instead of a night's run.
 */
class ValidationBenchmarkTest {
  @Test
  void everyBenchmarkValidatesTheValidBalanceToTheSharedEmptyReport() {
    ValidationBenchmark b = new ValidationBenchmark();
    b.setUp();
    assertThat(b.validatorOneBalance()).isSameAs(ValidationReport.empty());
    assertThat(b.validatorAccountView()).isSameAs(ValidationReport.empty());
    assertThat(b.baselineIfChain()).isSameAs(ValidationReport.empty());
  }
}
