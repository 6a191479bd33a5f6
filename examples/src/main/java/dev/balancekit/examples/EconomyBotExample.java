package dev.balancekit.examples;

import dev.balancekit.BalanceKitException;
import dev.balancekit.economy.BalanceView;
import dev.balancekit.economy.ClaimResult;
import dev.balancekit.economy.Economy;
import dev.balancekit.economy.LeaderboardEntry;
import dev.balancekit.economy.Member;
import dev.balancekit.economy.SendResult;
import java.math.BigDecimal;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A chat bot's economy commands as plain handlers, without a chat library: wire {@link #handle} to
 * your bot's message event. {@code !balance}, {@code !daily}, {@code !send <user> <amount>
 * [reason]}, {@code !confirm <id>}, {@code !cancel <id>}, {@code !top}. Every refusal becomes a
 * reply the user can act on; nothing is lost on bad input. Thread-safe as {@link Economy} is.
 */
public final class EconomyBotExample {
  private final Economy economy;
  private final Map<String, Member> members;

  /**
   * @param members the server's members by id, as the chat platform would resolve a mention
   */
  public EconomyBotExample(Economy economy, Map<String, Member> members) {
    this.economy = economy;
    this.members = Map.copyOf(members);
  }

  /** The bot's reply to {@code text} sent by {@code author} in {@code server}. */
  public String handle(String server, Member author, String text) {
    String[] words = text.strip().split("\\s+", 4);
    try {
      switch (words[0]) {
        case "!balance" -> {
          BalanceView v = economy.balance(server, author.id());
          return author.displayName()
              + " has "
              + v.balance().toPlainString()
              + " "
              + economy.asset().code();
        }
        case "!daily" -> {
          ClaimResult c = economy.claimDaily(server, author);
          return "+"
              + c.amount().toPlainString()
              + " (streak "
              + c.streak()
              + "), balance "
              + c.balance().toPlainString();
        }
        case "!send" -> {
          if (words.length < 3) {
            return "usage: !send <user> <amount> [reason]";
          }
          Member to = members.get(words[1]);
          if (to == null) {
            return "no member " + words[1] + " on this server";
          }
          BigDecimal amount;
          try {
            amount = new BigDecimal(words[2]);
          } catch (NumberFormatException e) {
            return "'" + words[2] + "' is not an amount";
          }
          SendResult r = economy.send(server, author, to, amount, words.length > 3 ? words[3] : "");
          return r.needsConfirmation()
              ? "sending "
                  + amount.toPlainString()
                  + " to "
                  + to.displayName()
                  + " needs confirmation: !confirm "
                  + r.id()
                  + " (or !cancel "
                  + r.id()
                  + ")"
              : "sent "
                  + r.amount().toPlainString()
                  + " to "
                  + to.displayName()
                  + ", you have "
                  + r.senderBalance().toPlainString();
        }
        case "!confirm", "!cancel" -> {
          if (words.length < 2) {
            return "usage: " + words[0] + " <id>";
          }
          SendResult r =
              words[0].equals("!confirm")
                  ? economy.confirm(server, words[1], author.id())
                  : economy.cancel(server, words[1], author.id());
          return r.status().toString().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + r.amount().toPlainString();
        }
        case "!top" -> {
          StringJoiner board = new StringJoiner("\n");
          for (LeaderboardEntry e : economy.leaderboard(server, 5)) {
            board.add("#" + e.rank() + " " + e.displayName() + " " + e.balance().toPlainString());
          }
          return board.length() == 0 ? "nobody has anything yet" : board.toString();
        }
        default -> {
          return "commands: !balance !daily !send !confirm !cancel !top";
        }
      }
    } catch (BalanceKitException | IllegalArgumentException e) {
      return "refused: " + e.getMessage();
    }
  }
}
