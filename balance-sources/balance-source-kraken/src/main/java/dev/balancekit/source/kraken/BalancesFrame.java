package dev.balancekit.source.kraken;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.balancekit.source.http.JsonAmounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One frame of Kraken's WebSocket v2, as the streaming parser reads it: the envelope (channel,
 * type, sequence, or a method's answer) and the {@code data} entries. Amounts (JSON numbers and
 * decimal strings alike) become exact {@code BigDecimal}s straight from the parser's buffer, to be
 * checked against their asset's scale once the asset is known (fields come in any order); nothing
 * goes through {@code double}. Values that are usually one of a few words are matched against them
 * without making a string: this runs for every message.
 *
 * <p>Mutable; confined to the thread that reads it.
 */
final class BalancesFrame {
  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };
  private static final String[] CHANNELS = {"balances", "heartbeat", "status"};
  private static final String[] TYPES = {"update", "snapshot"};
  private static final String[] WALLET_TYPES = {"spot", "earn"};
  private static final String[] WALLET_IDS = {
    "main", "flex", "bonded", "flexible", "liquid", "locked", "closed"
  };

  /**
   * Field order of Kraken's updates: the parser matches an expected name by comparing characters,
   * not hashing.
   */
  private static final SerializedString[] FRAME_ORDER =
      names("channel", "type", "data", "sequence");

  private static final SerializedString[] ENTRY_ORDER =
      names(
          "ledger_id",
          "ref_id",
          "timestamp",
          "type",
          "asset",
          "asset_class",
          "category",
          "wallet_type",
          "wallet_id",
          "amount",
          "fee",
          "balance");

  // Each field is null (sequence -1, success false) when the frame lacks it or holds JSON null.
  @Nullable String channel;
  @Nullable String type;
  @Nullable String method;
  boolean success;
  @Nullable String error;
  @Nullable String resultChannel;
  long sequence = -1;
  @Nullable List<Entry> data;

  /**
   * One element of {@code data}: an asset of a snapshot, or a ledger entry of an update; each field
   * null when absent.
   */
  static final class Entry {
    @Nullable String asset;
    @Nullable BigDecimal balance;
    @Nullable List<Wallet> wallets;
    @Nullable String walletType;
    @Nullable String walletId;
    @Nullable BigDecimal amount;
    @Nullable BigDecimal fee;
    @Nullable Instant timestamp;
  }

  /** One element of a snapshot asset's {@code wallets}; each field null when absent. */
  static final class Wallet {
    @Nullable String type;
    @Nullable String id;
    @Nullable BigDecimal balance;
  }

  boolean hasSequence() {
    return sequence >= 0;
  }

  /**
   * Reads one frame from {@code p}, positioned before its first token.
   *
   * @throws IOException if the JSON is malformed
   * @throws IllegalArgumentException if a known field has the wrong JSON type
   */
  static BalancesFrame read(JsonParser p) throws IOException {
    // Jackson's duplicate detection costs a hash set per object; duplicates of the fields read here
    // are refused below instead, and those of fields skipped cannot change what is read.
    p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    expect(p.nextToken(), JsonToken.START_OBJECT, "a frame");
    BalancesFrame f = new BalancesFrame();
    int seen = 0;
    int position = 0;
    String field;
    while ((field = nextField(p, FRAME_ORDER, position++)) != null) {
      JsonToken t = p.nextToken();
      switch (field) {
        case "channel" -> {
          seen = once(seen, 1, field);
          f.channel = oneOf(p, t, field, CHANNELS);
        }
        case "type" -> {
          seen = once(seen, 1 << 1, field);
          f.type = oneOf(p, t, field, TYPES);
        }
        case "method" -> {
          seen = once(seen, 1 << 2, field);
          f.method = text(p, t, field);
        }
        case "success" -> {
          seen = once(seen, 1 << 3, field);
          if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw new IllegalArgumentException("success must be a boolean");
          }
          f.success = t == JsonToken.VALUE_TRUE;
        }
        case "error" -> {
          seen = once(seen, 1 << 4, field);
          f.error = t == JsonToken.VALUE_STRING ? p.getText() : KrakenErrors.UNRECOGNISED;
          p.skipChildren();
        }
        case "result" -> {
          seen = once(seen, 1 << 5, field);
          f.resultChannel = resultChannel(p, t);
        }
        case "sequence" -> {
          seen = once(seen, 1 << 6, field);
          if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
            throw new IllegalArgumentException("sequence must be a non-negative integer");
          }
          f.sequence = p.getLongValue();
        }
        case "data" -> {
          seen = once(seen, 1 << 7, field);
          f.data = data(p, t);
        }
        default -> p.skipChildren();
      }
    }
    return f;
  }

  private static @Nullable String resultChannel(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String channel = null;
    int seen = 0;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      if (field.equals("channel")) {
        seen = once(seen, 1, "result channel");
        channel = text(p, v, "result channel");
      } else {
        p.skipChildren();
      }
    }
    return channel;
  }

  private static List<Entry> data(JsonParser p, JsonToken t) throws IOException {
    expect(t, JsonToken.START_ARRAY, "data");
    List<Entry> entries = new ArrayList<>(4);
    JsonToken next;
    while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(next, JsonToken.START_OBJECT, "a data entry");
      entries.add(entry(p));
    }
    return entries;
  }

  private static Entry entry(JsonParser p) throws IOException {
    Entry e = new Entry();
    int seen = 0;
    int position = 0;
    String field;
    while ((field = nextField(p, ENTRY_ORDER, position++)) != null) {
      JsonToken t = p.nextToken();
      switch (field) {
        case "asset" -> {
          seen = once(seen, 1, field);
          e.asset = text(p, t, field);
        }
        case "balance" -> {
          seen = once(seen, 1 << 1, field);
          e.balance = decimal(p, t, field);
        }
        case "amount" -> {
          seen = once(seen, 1 << 2, field);
          e.amount = decimal(p, t, field);
        }
        case "fee" -> {
          seen = once(seen, 1 << 3, field);
          e.fee = decimal(p, t, field);
        }
        case "wallet_type" -> {
          seen = once(seen, 1 << 4, field);
          e.walletType = oneOf(p, t, field, WALLET_TYPES);
        }
        case "wallet_id" -> {
          seen = once(seen, 1 << 5, field);
          e.walletId = oneOf(p, t, field, WALLET_IDS);
        }
        case "timestamp" -> {
          seen = once(seen, 1 << 6, field);
          e.timestamp = instant(p, t, field);
        }
        case "wallets" -> {
          seen = once(seen, 1 << 7, field);
          e.wallets = wallets(p, t);
        }
        // ledger_id, ref_id, type, subtype, category, asset_class: not needed for the balance.
        default -> p.skipChildren();
      }
    }
    return e;
  }

  private static List<Wallet> wallets(JsonParser p, JsonToken t) throws IOException {
    expect(t, JsonToken.START_ARRAY, "wallets");
    List<Wallet> wallets = new ArrayList<>(2);
    JsonToken next;
    while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
      expect(next, JsonToken.START_OBJECT, "a wallet");
      Wallet w = new Wallet();
      int seen = 0;
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken v = p.nextToken();
        switch (field) {
          case "type" -> {
            seen = once(seen, 1, "wallet type");
            w.type = oneOf(p, v, "wallet type", WALLET_TYPES);
          }
          case "id" -> {
            seen = once(seen, 1 << 1, "wallet id");
            w.id = oneOf(p, v, "wallet id", WALLET_IDS);
          }
          case "balance" -> {
            seen = once(seen, 1 << 2, "wallet balance");
            w.balance = decimal(p, v, "wallet balance");
          }
          default -> p.skipChildren();
        }
      }
      wallets.add(w);
    }
    return wallets;
  }

  /**
   * The next field's name, or null at the object's end; {@code order[position]} is the likely one.
   */
  private static @Nullable String nextField(JsonParser p, SerializedString[] order, int position)
      throws IOException {
    if (position >= order.length) {
      return p.nextFieldName();
    }
    if (p.nextFieldName(order[position])) {
      return order[position].getValue();
    }
    return p.currentToken() == JsonToken.FIELD_NAME ? p.currentName() : null;
  }

  private static SerializedString[] names(String... names) {
    SerializedString[] serialized = new SerializedString[names.length];
    for (int i = 0; i < names.length; i++) {
      serialized[i] = new SerializedString(names[i]);
    }
    return serialized;
  }

  /**
   * {@code seen} with {@code bit} added; a field read twice is refused, as it could hide a second
   * value.
   */
  private static int once(int seen, int bit, String field) {
    if ((seen & bit) != 0) {
      throw new IllegalArgumentException(field + " appears twice");
    }
    return seen | bit;
  }

  private static void expect(JsonToken actual, JsonToken expected, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          what
              + " must be a JSON "
              + (expected == JsonToken.START_OBJECT ? "object" : "array")
              + ", but was "
              + actual);
    }
  }

  private static @Nullable String text(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(field + " must be a string, but was " + t);
    }
    return p.getText();
  }

  /** The string, as the matching element of {@code known} when it is one; null for JSON null. */
  private static @Nullable String oneOf(JsonParser p, JsonToken t, String field, String[] known)
      throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      return text(p, t, field);
    }
    char[] buffer = p.getTextCharacters();
    int offset = p.getTextOffset();
    int length = p.getTextLength();
    for (String candidate : known) {
      if (candidate.length() == length && equal(candidate, buffer, offset)) {
        return candidate;
      }
    }
    return new String(buffer, offset, length);
  }

  private static boolean equal(String s, char[] buffer, int offset) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != buffer[offset + i]) {
        return false;
      }
    }
    return true;
  }

  /** The exact value of a JSON number or decimal string; null for JSON null. */
  private static @Nullable BigDecimal decimal(JsonParser p, JsonToken t, String field)
      throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT
        || t == JsonToken.VALUE_NUMBER_FLOAT
        || t == JsonToken.VALUE_STRING) {
      return JsonAmounts.decimal(
          field, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw new IllegalArgumentException(
        field + " must be a number or a decimal string, but was " + t);
  }

  private static @Nullable Instant instant(JsonParser p, JsonToken t, String field)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(field + " must be a string, but was " + t);
    }
    return instant(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
  }

  /** {@link #instant(char[], int, int)} of {@code text}. */
  static Instant instant(String text) {
    return instant(text.toCharArray(), 0, text.length());
  }

  /**
   * Parses an RFC 3339 instant. The shape Kraken sends ({@code 2023-09-22T10:23:42.925034Z}) is
   * read by hand, as {@link Instant#parse} costs more than the rest of a message; any other shape
   * goes to {@code Instant.parse}.
   *
   * @throws IllegalArgumentException if the text is not an instant
   */
  static Instant instant(char[] buffer, int offset, int n) {
    if (n >= 20
        && n <= 30
        && buffer[offset + n - 1] == 'Z'
        && buffer[offset + 4] == '-'
        && buffer[offset + 7] == '-'
        && buffer[offset + 10] == 'T'
        && buffer[offset + 13] == ':'
        && buffer[offset + 16] == ':'
        && (n == 20 || (buffer[offset + 19] == '.' && n >= 22))) {
      int year = digits(buffer, offset, 4);
      int month = digits(buffer, offset + 5, 2);
      int day = digits(buffer, offset + 8, 2);
      int hour = digits(buffer, offset + 11, 2);
      int minute = digits(buffer, offset + 14, 2);
      int second = digits(buffer, offset + 17, 2);
      int fraction = n == 20 ? 0 : digits(buffer, offset + 20, n - 21);
      if (year >= 0
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= daysInMonth(year, month)
          && hour >= 0
          && hour < 24
          && minute >= 0
          && minute < 60
          && second >= 0
          && second < 60
          && fraction >= 0) {
        int nanos = n == 20 ? 0 : fraction * POWERS_OF_TEN[9 - (n - 21)];
        return Instant.ofEpochSecond(
            epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
      }
    }
    // Not quoted: a venue may echo anything. The longest instant Instant.parse reads has 40.
    if (n <= 40) {
      try {
        return Instant.parse(new String(buffer, offset, n));
      } catch (DateTimeParseException e) {
        // refused below
      }
    }
    throw new IllegalArgumentException(
        "timestamp is not an RFC 3339 instant (" + n + " characters)");
  }

  private static int daysInMonth(int year, int month) {
    if (month == 2) {
      return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /**
   * Days since 1970-01-01 of a valid proleptic Gregorian date (years 0-9999), without a LocalDate.
   */
  static long epochDay(int year, int month, int day) {
    // Counted from 1 March, so that the leap day ends the year.
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  /**
   * The value of {@code count} (at most 9) decimal digits at {@code from}, or -1 if one is not a
   * digit.
   */
  private static int digits(char[] buffer, int from, int count) {
    if (count < 1 || count > 9) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = buffer[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
