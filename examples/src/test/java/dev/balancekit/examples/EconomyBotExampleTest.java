package dev.balancekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balancekit.Asset;
import dev.balancekit.economy.Economy;
import dev.balancekit.economy.Member;
import dev.balancekit.ledger.Ledger;
import dev.balancekit.source.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EconomyBotExampleTest {
  @TempDir Path dir;

  @Test
  void handlesTheCommandsAChatBotWouldWireUp() {
    ManualClock clock = ManualClock.at("2026-11-30T10:00:00Z");
    Member alice = Member.of("1", "alice");
    Member bob = Member.of("2", "bob");
    try (Ledger ledger = Ledger.builder().sqlite(dir.resolve("bot.db")).clock(clock).build()) {
      Economy economy =
          Economy.builder().ledger(ledger).asset(Asset.of("COIN", 0)).clock(clock).build();
      EconomyBotExample bot = new EconomyBotExample(economy, Map.of("@alice", alice, "@bob", bob));
      String guild = "guild-1";

      assertThat(bot.handle(guild, alice, "!balance")).isEqualTo("alice has 100 COIN");
      assertThat(bot.handle(guild, alice, "!daily")).isEqualTo("+50 (streak 1), balance 150");
      assertThat(bot.handle(guild, alice, "!daily"))
          .startsWith("refused: Daily reward already claimed");
      assertThat(bot.handle(guild, alice, "!send @bob 20 coffee"))
          .isEqualTo("sent 20 to bob, you have 130");
      clock.advance(Duration.ofMinutes(5));
      String pending = bot.handle(guild, alice, "!send @bob 120 rent");
      assertThat(pending).startsWith("sending 120 to bob needs confirmation: !confirm ");
      String id = pending.substring(pending.indexOf("!confirm ") + 9, pending.indexOf(" (or"));
      assertThat(bot.handle(guild, bob, "!confirm " + id)).startsWith("refused:");
      assertThat(bot.handle(guild, alice, "!confirm " + id)).isEqualTo("completed: 120");
      assertThat(bot.handle(guild, alice, "!send @bob 10"))
          .startsWith("refused:"); // cooldown or funds
      assertThat(bot.handle(guild, alice, "!send @carol 1"))
          .isEqualTo("no member @carol on this server");
      assertThat(bot.handle(guild, alice, "!send @bob lots")).isEqualTo("'lots' is not an amount");
      assertThat(bot.handle(guild, alice, "!send @alice 1")).startsWith("refused:");
      assertThat(bot.handle(guild, bob, "!send @alice -5")).startsWith("refused:");
      assertThat(bot.handle(guild, alice, "!top")).isEqualTo("#1 bob 240\n#2 alice 10");
      assertThat(bot.handle(guild, alice, "!dance")).startsWith("commands:");
      assertThat(ledger.verifyIntegrity().isSound()).isTrue();
    }
  }
}
