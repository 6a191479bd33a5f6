package dev.balancekit.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where balances sit in a venue's JSON, as JSON pointers (RFC 6901), and which assets to read: the
 * node holding the balances (an array of elements, or an object whose field names are the asset
 * codes), and per element the asset code, the total and optionally the available and held amounts.
 * Amounts may be JSON numbers or decimal strings and are read exactly ({@link JsonAmounts}).
 *
 * <p>Only configured assets are read, at their configured scale; an element with an unknown asset
 * code is skipped and counted, never invented. An amount the layout names but the element lacks is
 * unknown (empty), not zero; a missing total, a bad amount or a node of the wrong type makes the
 * whole document unreadable, so a malformed answer never yields a partial result.
 *
 * <p>Build with {@link #custom()}; every setter checks its argument at once. Immutable and
 * thread-safe.
 */
public final class JsonBalanceLayout {
  private static final Logger log = LoggerFactory.getLogger(JsonBalanceLayout.class);

  private final JsonPointer balances;
  private final JsonPointer assetCode;
  private final boolean codeFromFieldName;
  private final JsonPointer total;
  private final @Nullable JsonPointer available;
  private final @Nullable JsonPointer held;
  private final Map<String, Asset> assets;

  private JsonBalanceLayout(Builder b) {
    this.balances = b.balances;
    this.assetCode = b.assetCode;
    this.codeFromFieldName = b.codeFromFieldName;
    this.total = b.total;
    this.available = b.available;
    this.held = b.held;
    this.assets = Collections.unmodifiableMap(new LinkedHashMap<>(b.assets));
  }

  /**
   * A builder: balances at the root, code at {@code /asset}, total at {@code /total}, no assets
   * yet.
   */
  public static Builder custom() {
    return new Builder();
  }

  /** The configured assets by the code the venue uses for them. */
  public Map<String, Asset> assets() {
    return assets;
  }

  /**
   * Reads the balances in {@code root} as a complete or partial view; elements of unknown assets
   * are skipped, counted in {@code skipped}, and in a complete view read as unknown rather than
   * zero.
   *
   * @throws IllegalArgumentException if the document does not have this layout or holds a bad
   *     amount
   */
  AccountBalances read(
      JsonNode root,
      AccountRef account,
      String source,
      Instant at,
      OptionalLong sequence,
      boolean complete,
      LongAdder skipped) {
    List<String> unread = new ArrayList<>();
    List<Balance> read = readBalances(root, account, source, at, sequence, unread);
    skipped.add(unread.size());
    return complete
        ? AccountBalances.snapshot(account, read, at).withUnread(unread)
        : AccountBalances.partial(account, read, at);
  }

  private List<Balance> readBalances(
      JsonNode root,
      AccountRef account,
      String source,
      Instant at,
      OptionalLong sequence,
      List<String> skipped) {
    JsonNode container = root.at(balances);
    List<Balance> out = new ArrayList<>();
    if (container.isArray()) {
      if (codeFromFieldName) {
        throw new IllegalArgumentException(
            "expected an object of balances at '" + balances + "' but found an array");
      }
      for (JsonNode element : container) {
        requireObject(element);
        JsonNode code = element.at(assetCode);
        if (!code.isTextual()) {
          throw new IllegalArgumentException(
              "asset code at '" + assetCode + "' is missing or not a string");
        }
        readOne(code.textValue(), element, account, source, at, sequence, skipped, out);
      }
    } else if (container.isObject() && codeFromFieldName) {
      for (Iterator<Map.Entry<String, JsonNode>> it = container.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        requireObject(field.getValue());
        readOne(field.getKey(), field.getValue(), account, source, at, sequence, skipped, out);
      }
    } else {
      throw new IllegalArgumentException(
          "no balances "
              + (codeFromFieldName ? "object" : "array")
              + " at '"
              + balances
              + "' (found "
              + (container.isMissingNode() ? "nothing" : "a JSON " + container.getNodeType())
              + ")");
    }
    return out;
  }

  private void readOne(
      String code,
      JsonNode element,
      AccountRef account,
      String source,
      Instant at,
      OptionalLong sequence,
      List<String> skipped,
      List<Balance> out) {
    Asset asset = assets.get(code);
    if (asset == null) {
      skipped.add(code);
      log.debug(
          "source '{}' skipped a balance of unconfigured asset code {}",
          source,
          Checks.excerpt(code));
      return;
    }
    Balance.Builder b =
        Balance.builder(account, asset)
            .total(JsonAmounts.read(asset, "total", element.at(total)))
            .source(source)
            .observedAt(at)
            .receivedAt(at);
    // An amount the element does not state stays unknown.
    BigDecimal availableAmount = optional(asset, "available", element, available);
    if (availableAmount != null) {
      b.available(availableAmount);
    }
    BigDecimal heldAmount = optional(asset, "held", element, held);
    if (heldAmount != null) {
      b.held(heldAmount);
    }
    if (sequence.isPresent()) {
      b.sequence(sequence.getAsLong());
    }
    out.add(b.build());
  }

  private static @Nullable BigDecimal optional(
      Asset asset, String field, JsonNode element, @Nullable JsonPointer pointer) {
    if (pointer == null) {
      return null;
    }
    JsonNode node = element.at(pointer);
    return node.isMissingNode() || node.isNull() ? null : JsonAmounts.read(asset, field, node);
  }

  private static void requireObject(JsonNode element) {
    if (!element.isObject()) {
      throw new IllegalArgumentException(
          "a balance must be a JSON object, but was a JSON " + element.getNodeType());
    }
  }

  @Override
  public String toString() {
    return "JsonBalanceLayout{balances='"
        + balances
        + "', code="
        + (codeFromFieldName ? "<field name>" : "'" + assetCode + "'")
        + ", total='"
        + total
        + "', available="
        + (available == null ? "-" : "'" + available + "'")
        + ", held="
        + (held == null ? "-" : "'" + held + "'")
        + ", assets="
        + assets
        + '}';
  }

  /** Builds a {@link JsonBalanceLayout}. Not thread-safe. */
  public static final class Builder {
    private JsonPointer balances = JsonPointer.empty();
    private JsonPointer assetCode = JsonPointer.compile("/asset");
    private boolean codeFromFieldName;
    private JsonPointer total = JsonPointer.compile("/total");
    private @Nullable JsonPointer available;
    private @Nullable JsonPointer held;
    private final Map<String, Asset> assets = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Where the balances are: an array of balance objects, or (with {@link
     * #assetCodeFromFieldName()}) an object keyed by asset code. {@code ""} is the whole document.
     *
     * @throws IllegalArgumentException if not a JSON pointer
     */
    public Builder balances(String pointer) {
      this.balances = Checks.pointer("balances", pointer);
      return this;
    }

    /**
     * Where, within one balance, the venue's asset code is.
     *
     * @throws IllegalArgumentException if not a JSON pointer or empty
     */
    public Builder assetCode(String pointer) {
      this.assetCode = nonEmpty("assetCode", pointer);
      this.codeFromFieldName = false;
      return this;
    }

    /**
     * The balances node is an object and each field name is an asset code (for example Kraken's
     * BalanceEx).
     */
    public Builder assetCodeFromFieldName() {
      this.codeFromFieldName = true;
      return this;
    }

    /**
     * Where, within one balance, the total is.
     *
     * @throws IllegalArgumentException if not a JSON pointer or empty
     */
    public Builder total(String pointer) {
      this.total = nonEmpty("total", pointer);
      return this;
    }

    /**
     * Where, within one balance, the available amount is; without it, available is unknown.
     *
     * @throws IllegalArgumentException if not a JSON pointer or empty
     */
    public Builder available(String pointer) {
      this.available = nonEmpty("available", pointer);
      return this;
    }

    /**
     * Where, within one balance, the held amount is; without it, held is unknown.
     *
     * @throws IllegalArgumentException if not a JSON pointer or empty
     */
    public Builder held(String pointer) {
      this.held = nonEmpty("held", pointer);
      return this;
    }

    /**
     * Reads balances the venue labels {@code venueCode} as {@code asset} (for example Kraken's
     * {@code XXBT} as {@code BTC} with 10 decimals).
     *
     * @throws IllegalArgumentException if either is null, {@code venueCode} is blank, or it is
     *     already mapped
     */
    public Builder asset(String venueCode, Asset asset) {
      Checks.notBlank("venueCode", venueCode);
      Checks.notNull("asset", asset);
      Asset earlier = assets.putIfAbsent(venueCode, asset);
      if (earlier != null) {
        throw new IllegalArgumentException(
            "venueCode '"
                + venueCode
                + "' is already mapped to "
                + earlier
                + ", cannot map it to "
                + asset);
      }
      return this;
    }

    /**
     * Reads balances the venue labels with {@code asset}'s own code.
     *
     * @throws IllegalArgumentException if null or already mapped
     */
    public Builder asset(Asset asset) {
      return asset(Checks.notNull("asset", asset).code(), asset);
    }

    /**
     * Returns the layout.
     *
     * @throws IllegalStateException if no asset was configured
     */
    public JsonBalanceLayout build() {
      if (assets.isEmpty()) {
        throw new IllegalStateException("a JsonBalanceLayout needs at least one asset");
      }
      return new JsonBalanceLayout(this);
    }

    private static JsonPointer nonEmpty(String parameter, String expression) {
      JsonPointer pointer = Checks.pointer(parameter, expression);
      if (pointer.matches()) {
        throw new IllegalArgumentException(
            parameter + " must point inside a balance, such as '/free', but was ''");
      }
      return pointer;
    }
  }
}
