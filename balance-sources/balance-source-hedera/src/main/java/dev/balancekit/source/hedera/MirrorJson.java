package dev.balancekit.source.hedera;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.Asset;
import java.math.BigInteger;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the Mirror Node's JSON fields exactly. Every method throws {@link IllegalArgumentException}
 * naming the field (never quoting the body) when a value is missing or of the wrong shape; inside a
 * {@link dev.balancekit.source.http.VenueClient} reader that becomes a {@code MALFORMED_RESPONSE}.
 * Stateless and thread-safe.
 */
final class MirrorJson {
  private static final Pattern UNITS = Pattern.compile("-?\\d{1,40}");
  private static final Pattern DECIMALS = Pattern.compile("\\d{1,9}");
  private static final Pattern TIMESTAMP = Pattern.compile("(\\d{1,19})(?:\\.(\\d{1,9}))?");

  private MirrorJson() {}

  /** The object or array {@code field} of {@code node}. */
  static JsonNode child(@Nullable JsonNode node, String field) {
    JsonNode child = node == null ? null : node.get(field);
    if (child == null || child.isNull() || !(child.isObject() || child.isArray())) {
      throw new IllegalArgumentException("'" + field + "' is missing or not an object or array");
    }
    return child;
  }

  /** The array {@code field} of {@code node}. */
  static JsonNode array(@Nullable JsonNode node, String field) {
    JsonNode child = child(node, field);
    if (!child.isArray()) {
      throw new IllegalArgumentException("'" + field + "' is not an array");
    }
    return child;
  }

  /**
   * An integer number of base units (tinybars, token units): a JSON integer or a string of digits.
   */
  static BigInteger units(@Nullable JsonNode node, String field) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isTextual() && UNITS.matcher(node.textValue()).matches()) {
      return new BigInteger(node.textValue());
    }
    throw new IllegalArgumentException(
        field
            + " must be a whole number of base units, but was "
            + (node.isNumber() ? "a fraction" : "a JSON " + node.getNodeType()));
  }

  /**
   * Token decimals: an integer in token relationships, a string in {@code /tokens/{id}}; both are
   * accepted in both places. Values beyond {@link Asset#MAX_SCALE} are returned as they are (the
   * caller decides); negative values and non-integers are refused.
   */
  static int decimals(@Nullable JsonNode node, String field) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    if (node.isIntegralNumber() && node.canConvertToInt() && node.intValue() >= 0) {
      return node.intValue();
    }
    if (node.isTextual() && DECIMALS.matcher(node.textValue()).matches()) {
      return Integer.parseInt(node.textValue());
    }
    throw new IllegalArgumentException(
        field + " must be a non-negative whole number (or a string of one)");
  }

  /** An entity id such as {@code 0.0.1234} in {@code field}. */
  static EntityId entityId(@Nullable JsonNode node, String field) {
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return EntityId.plain(field, node.textValue());
  }

  /**
   * A consensus timestamp {@code seconds.nanoseconds}, or null when the field is absent or JSON
   * null.
   */
  static @Nullable Instant timestamp(@Nullable JsonNode node, String field) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    Matcher m = node.isTextual() ? TIMESTAMP.matcher(node.textValue()) : null;
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(field + " must be a timestamp seconds.nanoseconds");
    }
    String fraction = m.group(2) == null ? "0" : (m.group(2) + "00000000").substring(0, 9);
    try {
      return Instant.ofEpochSecond(Long.parseLong(m.group(1)), Long.parseLong(fraction));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(field + " is out of range");
    }
  }

  /**
   * Refuses a body whose {@code field} names another entity than {@code expected}; an absent field
   * is accepted (the URL named the entity).
   *
   * @throws IllegalArgumentException if the field holds another id or is not an id
   */
  static void sameId(JsonNode body, String field, EntityId expected) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return;
    }
    if (!entityId(node, field).equals(expected)) {
      throw new IllegalArgumentException("'" + field + "' names another entity than " + expected);
    }
  }
}
