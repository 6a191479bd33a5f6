package dev.balancekit.source.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON the way money needs it: floats as {@code BigDecimal} (integers beyond {@code long}
 * become {@code BigInteger} nodes by themselves), duplicate keys and trailing garbage rejected, and
 * absurd documents (huge numbers, deep nesting, huge size) stopped by {@link StreamReadConstraints}
 * before they cost memory. Error messages describe the problem without quoting the input, which may
 * hold secrets. Thread-safe.
 */
final class JsonCodec {

  private final ObjectMapper mapper;

  JsonCodec(VenueConfig config) {
    StreamReadConstraints limits =
        StreamReadConstraints.builder()
            .maxNumberLength(config.maxNumberLength())
            .maxNestingDepth(config.maxNestingDepth())
            .maxDocumentLength(config.maxResponseBytes())
            .maxStringLength((int) Math.min(Integer.MAX_VALUE, config.maxResponseBytes()))
            .build();
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(limits)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    this.mapper =
        JsonMapper.builder(factory)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
  }

  /**
   * Parses one JSON document.
   *
   * @throws IllegalArgumentException if {@code bytes} are empty, not JSON, truncated or beyond a
   *     limit
   */
  JsonNode read(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("empty body");
    }
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException(describe(e));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(NUMBER_UNREADABLE);
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("empty body (whitespace only)");
    }
    return node;
  }

  /** Parses one JSON document from text; see {@link #read(byte[])}. */
  JsonNode read(String text) {
    return read(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Runs {@code reader} over a streaming parser; see {@link VenueClient#streamJson}. */
  <T> T stream(String text, VenueClient.JsonStreamReader<T> reader) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty body");
    }
    try (JsonParser parser = mapper.getFactory().createParser(text)) {
      T value = reader.read(parser);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("trailing content after the JSON value");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException(describe(e));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(NUMBER_UNREADABLE);
    }
  }

  /** Serialises {@code value} as a JSON string literal's content, without the quotes. */
  String escape(String value) {
    try {
      String quoted = mapper.writeValueAsString(value);
      return quoted.substring(1, quoted.length() - 1);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serialises", e);
    }
  }

  // Jackson's own messages may quote the offending token; only kinds and positions are reported.
  /** Jackson's own message quotes the number, and a venue may echo a credential as one. */
  private static final String NUMBER_UNREADABLE = "not valid JSON (a number that cannot be read)";

  private static String describe(IOException e) {
    if (e instanceof StreamConstraintsException limits) {
      return "JSON beyond limits: " + limits.getOriginalMessage();
    }
    String where = "";
    if (e instanceof JsonProcessingException processing) {
      JsonLocation at = processing.getLocation();
      if (at != null) {
        where = " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      }
    }
    if (e instanceof JsonEOFException) {
      return "truncated JSON: input ended" + where;
    }
    return "not valid JSON (" + e.getClass().getSimpleName() + ")" + where;
  }
}
