package dev.balancekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.BalanceManager;
import dev.balancekit.source.InMemoryBalanceSource;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RiskManagerExampleTest {
  static final AccountRef KRAKEN = AccountRef.of("kraken", "main");
  static final AccountRef HEDERA = AccountRef.of("hedera:mainnet", "0.0.1234");

  @Test
  void sumsPerAssetValuesSharesAndFlagsConcentrationWithoutValuingUnpricedAssetsAtZero() {
    InMemoryBalanceSource source = InMemoryBalanceSource.create("all");
    source.put(KRAKEN, Asset.of("BTC", 8), "1");
    source.put(KRAKEN, Asset.of("USDC", 6), "30000");
    source.put(HEDERA, Asset.of("USDC", 6, "0.0.456858"), "10000");
    source.put(HEDERA, Asset.of("HBAR", 8), "1000");
    try (BalanceManager manager = BalanceManager.builder().source(source.fetchOnly()).build()) {
      var exposure =
          RiskManagerExample.exposure(
              manager,
              List.of(KRAKEN, HEDERA),
              Map.of("BTC", new BigDecimal("60000"), "USDC", BigDecimal.ONE));

      assertThat(exposure.get("BTC").value()).isEqualByComparingTo("60000");
      assertThat(exposure.get("BTC").sharePercent()).isEqualByComparingTo("60.00");
      assertThat(exposure.get("USDC").total()).isEqualByComparingTo("40000");
      assertThat(exposure.get("USDC").sharePercent()).isEqualByComparingTo("40.00");
      assertThat(exposure.get("HBAR").value()).isNull();
      assertThat(exposure.get("HBAR").sharePercent()).isNull();
      assertThat(RiskManagerExample.concentrated(exposure, new BigDecimal("50")))
          .containsOnlyKeys("BTC");

      assertThatThrownBy(
              () ->
                  RiskManagerExample.exposure(
                      manager, List.of(AccountRef.of("kraken", "gone")), Map.of()))
          .isInstanceOf(AccountNotFoundException.class);
    }
  }
}
