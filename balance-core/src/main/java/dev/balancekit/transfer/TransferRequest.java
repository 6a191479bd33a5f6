package dev.balancekit.transfer;

import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A request to move {@code amount} of {@code asset} from one account to another on the same venue.
 * Every request carries an idempotency key: retrying with the same key has exactly one effect.
 *
 * <p>Immutable and thread-safe. Construction rejects non-positive amounts, amounts with more
 * decimals than the asset allows, self-transfers, cross-venue transfers and malformed keys.
 */
public final class TransferRequest {

  /** Longest memo accepted; rails may allow less (a Hedera memo holds 100 bytes). */
  public static final int MAX_MEMO_LENGTH = 1000;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  private final AccountRef from;
  private final AccountRef to;
  private final Asset asset;
  private final BigDecimal amount;
  private final @Nullable String memo;
  private final String idempotencyKey;

  private TransferRequest(
      AccountRef from,
      AccountRef to,
      Asset asset,
      BigDecimal amount,
      @Nullable String memo,
      String idempotencyKey) {
    this.from = from;
    this.to = to;
    this.asset = asset;
    this.amount = amount;
    this.memo = memo;
    this.idempotencyKey = idempotencyKey;
  }

  /**
   * A request with a generated idempotency key and no memo.
   *
   * @throws IllegalArgumentException as {@link Builder#build()}
   */
  public static TransferRequest of(AccountRef from, AccountRef to, Asset asset, BigDecimal amount) {
    return builder().from(from).to(to).amount(asset, amount).build();
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  public AccountRef from() {
    return from;
  }

  public AccountRef to() {
    return to;
  }

  public Asset asset() {
    return asset;
  }

  /** The amount to credit the recipient, positive, at the asset's scale. Fees come on top. */
  public BigDecimal amount() {
    return amount;
  }

  public Optional<String> memo() {
    return Optional.ofNullable(memo);
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * Whether {@code other} asks for the same movement (everything but the idempotency key equal).
   */
  public boolean sameEffectAs(TransferRequest other) {
    return from.equals(other.from)
        && to.equals(other.to)
        && asset.equals(other.asset)
        && amount.compareTo(other.amount) == 0
        && Objects.equals(memo, other.memo);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransferRequest other
        && sameEffectAs(other)
        && idempotencyKey.equals(other.idempotencyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, asset, amount, memo, idempotencyKey);
  }

  @Override
  public String toString() {
    return "TransferRequest{"
        + asset.format(amount)
        + " "
        + from
        + " -> "
        + to
        + ", key="
        + idempotencyKey
        + '}';
  }

  /** Builds a {@link TransferRequest}; setters check their argument at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable AccountRef from;
    private @Nullable AccountRef to;
    private @Nullable Asset asset;
    private @Nullable BigDecimal amount;
    private @Nullable String memo;
    private @Nullable String idempotencyKey;

    private Builder() {}

    /**
     * Sets the account the amount leaves. Required.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder from(AccountRef account) {
      this.from = nonNull("from", account);
      return this;
    }

    /**
     * Sets the account the amount is credited to. Required.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder to(AccountRef account) {
      this.to = nonNull("to", account);
      return this;
    }

    /**
     * Sets what to move: {@code amount} of {@code asset}, credited to the recipient. Required.
     *
     * @throws IllegalArgumentException if either is null, the amount is not positive, or it has
     *     more decimals than the asset allows
     */
    public Builder amount(Asset asset, BigDecimal amount) {
      this.asset = nonNull("asset", asset);
      BigDecimal exact = asset.amount("amount", amount);
      if (exact.signum() <= 0) {
        throw new IllegalArgumentException(
            "amount must be positive, but was " + asset.format(exact));
      }
      this.amount = exact;
      return this;
    }

    /** Parses {@code amount} as a decimal string; see {@link #amount(Asset, BigDecimal)}. */
    public Builder amount(Asset asset, String amount) {
      nonNull("asset", asset);
      return amount(asset, asset.parse("amount", amount));
    }

    /**
     * Sets a memo for the venue, or none with {@code null}; none by default.
     *
     * @throws IllegalArgumentException if longer than {@link #MAX_MEMO_LENGTH} or holds control
     *     characters
     */
    public Builder memo(@Nullable String text) {
      if (text != null
          && (text.length() > MAX_MEMO_LENGTH || text.chars().anyMatch(Character::isISOControl))) {
        throw new IllegalArgumentException(
            "memo must be at most " + MAX_MEMO_LENGTH + " characters without control characters");
      }
      this.memo = text;
      return this;
    }

    /**
     * The idempotency key: 1-128 letters, digits, '.', '_', ':' or '-'. A random UUID when not set.
     *
     * @throws IllegalArgumentException if malformed
     */
    public Builder idempotencyKey(String key) {
      if (key == null || !KEY.matcher(key).matches()) {
        throw new IllegalArgumentException(
            "idempotencyKey must be 1-128 letters, digits, '.', '_', ':' or '-', but was "
                + (key == null ? "null" : "'" + key + "'"));
      }
      this.idempotencyKey = key;
      return this;
    }

    /**
     * Builds the request, with a random UUID as idempotency key when none was set.
     *
     * @throws IllegalArgumentException if from, to or amount is missing, the accounts are equal
     *     (self-transfer) or on different venues
     */
    public TransferRequest build() {
      // amount(...) sets asset and amount together.
      if (from == null || to == null || asset == null || amount == null) {
        throw new IllegalArgumentException(
            "transfer needs from, to and amount (from="
                + from
                + ", to="
                + to
                + ", amount="
                + amount
                + ")");
      }
      if (from.equals(to)) {
        throw new IllegalArgumentException("cannot transfer to the same account: " + from);
      }
      if (!from.venue().equals(to.venue())) {
        throw new IllegalArgumentException(
            "cannot transfer across venues: " + from.venue() + " -> " + to.venue());
      }
      return new TransferRequest(
          from,
          to,
          asset,
          amount,
          memo,
          idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString());
    }

    private static <T> T nonNull(String name, T value) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }
  }
}
