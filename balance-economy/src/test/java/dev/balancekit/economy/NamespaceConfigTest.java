package dev.balancekit.economy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamespaceConfigTest {

  @Test
  void everySetterRefusesABadValueAtOnceNamingIt() {
    NamespaceConfig.Builder b = NamespaceConfig.custom();
    assertThatThrownBy(() -> b.startingBalance(new BigDecimal("-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("startingBalance must be zero or positive, but was -1");
    assertThatThrownBy(() -> b.dailyReward(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dailyReward must be zero or positive, but was null");
    assertThatThrownBy(() -> b.streakBonusCap(new BigDecimal("-0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("streakBonusCap must be zero or positive, but was -0.5");
    assertThatThrownBy(() -> b.streakGraceDays(31))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("streakGraceDays must be in 0..30, but was 31");
    assertThatThrownBy(() -> b.maxTransfer(BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTransfer must be positive (or null for none), but was 0");
    assertThatThrownBy(() -> b.dailyReceiveCap(new BigDecimal("-3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dailyReceiveCap must be positive (or null for none), but was -3");
    assertThatThrownBy(() -> b.sendCooldown(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sendCooldown must be between zero and one day, but was PT-1S");
    assertThatThrownBy(() -> b.taxPercent(new BigDecimal("100.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("taxPercent must be between 0 and 100 with at most 2 decimals, but was 100.5");
    assertThatThrownBy(() -> b.taxPercent(new BigDecimal("1.005")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("taxPercent must be between 0 and 100 with at most 2 decimals, but was 1.005");
    assertThatThrownBy(() -> b.dailyReward(new BigDecimal("1E+40")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "dailyReward must have at most 30 integer digits and 30 decimals, but was 1E+40");
    assertThatThrownBy(
            () ->
                b.maxTransfer(new BigDecimal("50"))
                    .confirmationThreshold(new BigDecimal("60"))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("confirmationThreshold 60 is above maxTransfer 50, so it could never apply");
  }

  @Test
  void theStoredFormReadsBackEqualAndChangesListOldToNew() {
    NamespaceConfig config =
        NamespaceConfig.custom()
            .startingBalance(new BigDecimal("250.00"))
            .maxTransfer(null)
            .sendCooldown(Duration.ofSeconds(90))
            .optOutAllowed(false)
            .build();
    assertThat(NamespaceConfig.decode(config.encode())).isEqualTo(config);
    assertThat(config.startingBalance()).isEqualByComparingTo("250");
    assertThat(NamespaceConfig.changes(NamespaceConfig.defaults(), config))
        .isEqualTo(
            "startingBalance: 100 → 250;"
                + " maxTransfer: 10000 → none; sendCooldown: PT1M → PT1M30S; optOutAllowed: true → false");
    assertThat(NamespaceConfig.changes(config, config)).isEmpty();
    assertThatThrownBy(() -> NamespaceConfig.decode("startingBalance=abc\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("stored namespace configuration is damaged");
  }

  @Test
  void theRewardAddsTheStreakBonusUpToItsCap() {
    NamespaceConfig config =
        NamespaceConfig.custom()
            .dailyReward(new BigDecimal("50"))
            .streakBonus(new BigDecimal("7"))
            .streakBonusCap(new BigDecimal("20"))
            .build();
    assertThat(config.rewardFor(1)).isEqualByComparingTo("50");
    assertThat(config.rewardFor(3)).isEqualByComparingTo("64");
    assertThat(config.rewardFor(4)).isEqualByComparingTo("70");
    assertThat(config.rewardFor(400)).isEqualByComparingTo("70");
    assertThatThrownBy(() -> config.rewardFor(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0}% of {1} at scale {2} is {3}")
  @CsvSource({
    "5, 0.01, 2, 0.00",
    "5, 0.19, 2, 0.00",
    "5, 0.20, 2, 0.01",
    "33.33, 0.03, 2, 0.00",
    "33.33, 3, 2, 0.99",
    "0.01, 99.99, 2, 0.00",
    "0.01, 100, 2, 0.01",
    "100, 5, 2, 5.00",
    "0, 1000, 2, 0.00",
    "5, 19, 0, 0",
    "5, 20, 0, 1",
    "2.5, 0.00000001, 8, 0.00000000",
    "2.5, 1.23456789, 8, 0.03086419",
    "1, 92233720368547758.07, 2, 922337203685477.58",
  })
  void theTaxIsRoundedDownAtTheAssetScale(String percent, String amount, int scale, String tax) {
    NamespaceConfig config = NamespaceConfig.custom().taxPercent(new BigDecimal(percent)).build();
    assertThat(config.taxOn(Asset.of("T", scale), new BigDecimal(amount)))
        .isEqualTo(new BigDecimal(tax));
  }
}
