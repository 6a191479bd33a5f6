package dev.balancekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BalanceManagerConfigTest {
  @Test
  void defaultsAreTheOnesUsersOfTheReplacedSystemKnow() {
    BalanceManagerConfig c = BalanceManagerConfig.defaults();
    assertThat(c.cacheMaxSize()).isEqualTo(1000);
    assertThat(c.cacheDefaultTtl()).isEqualTo(Duration.ofSeconds(300));
    assertThat(c.historyMaxEntries()).isEqualTo(10_000);
    assertThat(c.historyRetention()).isEqualTo(Duration.ofHours(168));
    assertThat(c.enableValidation()).isTrue();
    assertThat(c.websocketTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.restTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.forceUpdateInterval()).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void eachSettingIsOverridableAndCopiedByFrom() {
    BalanceManagerConfig c =
        BalanceManagerConfig.custom()
            .cacheMaxSize(5)
            .cacheDefaultTtl(Duration.ofSeconds(1))
            .historyMaxEntries(7)
            .historyRetention(Duration.ofHours(1))
            .enableValidation(false)
            .websocketTimeout(Duration.ofSeconds(2))
            .restTimeout(Duration.ofSeconds(3))
            .forceUpdateInterval(Duration.ZERO)
            .build();
    assertThat(BalanceManagerConfig.from(c).build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.toString())
        .contains("cacheMaxSize=5", "forceUpdateInterval=PT0S", "enableValidation=false");
    assertThat(c).isNotEqualTo(BalanceManagerConfig.defaults());
  }

  @Test
  void eachSettingIsValidatedWithItsNameAndValue() {
    var b = BalanceManagerConfig.custom();
    assertThatThrownBy(() -> b.cacheMaxSize(0))
        .hasMessage("cacheMaxSize must be at least 1, but was 0");
    assertThatThrownBy(() -> b.cacheDefaultTtl(Duration.ofSeconds(-1)))
        .hasMessage("cacheDefaultTtl must be positive, but was PT-1S");
    assertThatThrownBy(() -> b.historyMaxEntries(-3))
        .hasMessage("historyMaxEntries must be at least 1, but was -3");
    assertThatThrownBy(() -> b.historyRetention(null))
        .hasMessage("historyRetention must be positive, but was null");
    assertThatThrownBy(() -> b.websocketTimeout(Duration.ZERO))
        .hasMessageStartingWith("websocketTimeout");
    assertThatThrownBy(() -> b.restTimeout(Duration.ZERO)).hasMessageStartingWith("restTimeout");
    assertThatThrownBy(() -> b.forceUpdateInterval(Duration.ofMillis(10)))
        .hasMessage("forceUpdateInterval must be zero (off) or at least 1 s, but was PT0.01S");
  }
}
