package dev.balancekit.source.binance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One text frame of the WebSocket API, read with a streaming parser: either an answer to a request
 * ({@code id}, {@code status}, {@code result.subscriptionId}, {@code error.code}, {@code
 * error.data.retryAfter}) or a user data event ({@code event}). Only the fields balances need are
 * kept, as raw text and numbers in any field order; which of them an event must have, and whether
 * an amount fits its asset, is for the caller to judge once the event type is known. Not
 * thread-safe; one per frame.
 */
final class UserDataFrame {
  /** A number field that was absent. */
  static final long MISSING = -1;

  /** A number field that was present but not a non-negative integer. */
  static final long INVALID = -2;

  /**
   * A text field that was present but not a string (or, for amounts, not a string or number).
   * Compared by identity ({@link #isInvalid}): a distinct instance, so no frame's text can equal
   * it.
   */
  static final String INVALID_TEXT = new String("<invalid>");

  /** One element of an {@code outboundAccountPosition}'s {@code B} array; null where absent. */
  record RawPosition(@Nullable String asset, @Nullable String free, @Nullable String locked) {}

  /** The fields of a user data event that balances need; text fields null where absent. */
  static final class Event {
    @Nullable String type;
    long eventTime = MISSING;
    long updateTime = MISSING;
    long clearTime = MISSING;
    @Nullable String asset;
    @Nullable String delta;
    @Nullable List<RawPosition> positions;
    boolean positionsInvalid;
  }

  @Nullable String id;
  long status = MISSING;
  long subscriptionId = MISSING;
  long errorCode;
  long retryAfterEpochMillis = MISSING;
  @Nullable Event event;

  /** Whether {@code text} is {@link #INVALID_TEXT}, the very instance. */
  // The sentinel is told by identity, so that no text a frame carries can be mistaken for it.
  @SuppressWarnings("ReferenceEquality")
  static boolean isInvalid(@Nullable String text) {
    return text == INVALID_TEXT;
  }

  /** Whether this frame answers a request rather than carrying an event. */
  boolean isResponse() {
    return event == null && (status != MISSING || id != null);
  }

  /** Reads one frame from {@code p}, positioned before its first token. */
  static UserDataFrame read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("a frame must be a JSON object");
    }
    UserDataFrame frame = new UserDataFrame();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "event" -> frame.event = readEvent(p, value);
        case "id" -> {
          // Any scalar but null is an id; an object or array is skipped and is none.
          frame.id = value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : null;
          p.skipChildren();
        }
        case "status" -> frame.status = number(p, value);
        case "result" -> frame.readResult(p, value);
        case "error" -> frame.readError(p, value);
        default -> p.skipChildren();
      }
    }
    return frame;
  }

  private void readResult(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("subscriptionId")) {
        subscriptionId = number(p, value);
      } else {
        p.skipChildren();
      }
    }
  }

  private void readError(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      boolean intValue =
          value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT;
      if (field.equals("code") && intValue) {
        errorCode = p.getIntValue();
      } else if (field.equals("data") && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String dataField = p.currentName();
          JsonToken dataValue = p.nextToken();
          if (dataField.equals("retryAfter")) {
            retryAfterEpochMillis = number(p, dataValue);
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private static Event readEvent(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("'event' must be a JSON object");
    }
    Event e = new Event();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "e" -> e.type = text(p, value);
        case "E" -> e.eventTime = number(p, value);
        case "u" -> e.updateTime = number(p, value);
        case "T" -> e.clearTime = number(p, value);
        case "a" -> e.asset = text(p, value);
        case "d" -> e.delta = amount(p, value);
        case "B" -> {
          if (value == JsonToken.START_ARRAY) {
            e.positions = readPositions(p);
          } else {
            e.positionsInvalid = true;
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return e;
  }

  private static List<RawPosition> readPositions(JsonParser p) throws IOException {
    List<RawPosition> positions = new ArrayList<>(4);
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
      if (element != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("an element of 'B' is not a JSON object");
      }
      String asset = null;
      String free = null;
      String locked = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "a" -> asset = text(p, value);
          case "f" -> free = amount(p, value);
          case "l" -> locked = amount(p, value);
          default -> p.skipChildren();
        }
      }
      positions.add(new RawPosition(asset, free, locked));
    }
    return positions;
  }

  /** A non-negative integer that fits a long, or {@link #INVALID}. */
  private static long number(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      JsonParser.NumberType type = p.getNumberType();
      if ((type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG)
          && p.getLongValue() >= 0) {
        return p.getLongValue();
      }
      return INVALID;
    }
    p.skipChildren();
    return INVALID;
  }

  private static String text(JsonParser p, JsonToken value) throws IOException {
    return value == JsonToken.VALUE_STRING ? p.getText() : skip(p, INVALID_TEXT);
  }

  /**
   * An amount's literal text, string or number alike, so that it is parsed exactly once, by the
   * asset.
   */
  private static String amount(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING || value.isNumeric()) {
      return p.getText();
    }
    return skip(p, INVALID_TEXT);
  }

  private static String skip(JsonParser p, String result) throws IOException {
    p.skipChildren();
    return result;
  }
}
