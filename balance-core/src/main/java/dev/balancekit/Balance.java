package dev.balancekit;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * What one account holds of one asset, as one source reported it at one moment.
 *
 * <p>{@code available} and {@code held} are empty when the source does not say: unknown is not
 * zero. Amounts are at exactly the asset's scale. Negative amounts and holds above the total are
 * accepted, because sources do report them; validation rules flag them.
 *
 * <p>Immutable and thread-safe. Build with {@link #of} or {@link #builder}.
 */
public final class Balance {

  private final AccountRef account;
  private final Asset asset;
  private final BigDecimal total;
  private final @Nullable BigDecimal available;
  private final @Nullable BigDecimal held;
  private final Map<String, BigDecimal> wallets;
  private final String source;
  private final Instant observedAt;
  private final Instant receivedAt;
  private final long sequence;
  private final boolean hasSequence;
  private final Freshness freshness;

  /**
   * The required values come checked by {@link Builder#build()}; the rest is read from {@code b}.
   */
  private Balance(
      Builder b, BigDecimal total, String source, Instant observedAt, Instant receivedAt) {
    this.account = b.account;
    this.asset = b.asset;
    this.total = total;
    this.available = b.available;
    this.held = b.held;
    this.wallets = b.wallets;
    this.source = source;
    this.observedAt = observedAt;
    this.receivedAt = receivedAt;
    this.sequence = b.sequence;
    this.hasSequence = b.hasSequence;
    this.freshness = b.freshness;
  }

  /**
   * Returns a balance with only a total, observed and received at {@code at}.
   *
   * @throws IllegalArgumentException if any argument is null or {@code total} does not fit the
   *     asset
   */
  public static Balance of(
      AccountRef account, Asset asset, BigDecimal total, String source, Instant at) {
    return builder(account, asset)
        .total(total)
        .source(source)
        .observedAt(at)
        .receivedAt(at)
        .build();
  }

  /** Starts a builder for the balance of {@code asset} in {@code account}. */
  public static Builder builder(AccountRef account, Asset asset) {
    return new Builder(account, asset);
  }

  /** A builder initialised with this balance's fields. */
  public Builder toBuilder() {
    Builder b = new Builder(account, asset);
    b.total = total;
    b.available = available;
    b.held = held;
    b.wallets = wallets;
    b.source = source;
    b.observedAt = observedAt;
    b.receivedAt = receivedAt;
    b.sequence = sequence;
    b.hasSequence = hasSequence;
    b.freshness = freshness;
    return b;
  }

  public AccountRef account() {
    return account;
  }

  public Asset asset() {
    return asset;
  }

  /** Everything the account holds of the asset, including held amounts. */
  public BigDecimal total() {
    return total;
  }

  /** What can be spent now, if the source says. */
  public Optional<BigDecimal> available() {
    return Optional.ofNullable(available);
  }

  /** What is reserved (open orders, pending transfers), if the source says. */
  public Optional<BigDecimal> held() {
    return Optional.ofNullable(held);
  }

  /** Per-wallet totals (for example {@code spot}, {@code earn}); empty when the source has none. */
  public Map<String, BigDecimal> wallets() {
    return wallets;
  }

  /** Name of the source that reported this balance. */
  public String source() {
    return source;
  }

  /** When the source says the balance was true. */
  public Instant observedAt() {
    return observedAt;
  }

  /** When BalanceKit received it. */
  public Instant receivedAt() {
    return receivedAt;
  }

  /** The source's sequence number for this update, where the source has one. */
  public OptionalLong sequence() {
    return hasSequence ? OptionalLong.of(sequence) : OptionalLong.empty();
  }

  /** How current this value was when it was served. */
  public Freshness freshness() {
    return freshness;
  }

  /** Time since BalanceKit received the value, never negative. */
  public Duration ageAt(Instant now) {
    Duration age = Duration.between(receivedAt, now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /** This balance marked with another freshness. */
  public Balance withFreshness(Freshness newFreshness) {
    Objects.requireNonNull(newFreshness, "freshness");
    return newFreshness == freshness ? this : toBuilder().freshness(newFreshness).build();
  }

  /** This balance as received at {@code at}. */
  public Balance receivedAt(Instant at) {
    Objects.requireNonNull(at, "at");
    return at.equals(receivedAt) ? this : toBuilder().receivedAt(at).build();
  }

  /**
   * Whether this value is strictly newer than {@code other}: by sequence when both come from the
   * same source and carry one (sequences of different sources are not comparable), else by
   * observation time, else by receipt time.
   */
  public boolean isNewerThan(Balance other) {
    if (hasSequence && other.hasSequence && source.equals(other.source)) {
      return sequence > other.sequence;
    }
    int byObserved = observedAt.compareTo(other.observedAt);
    return byObserved != 0 ? byObserved > 0 : receivedAt.isAfter(other.receivedAt);
  }

  /**
   * Whether the amounts (total, available, held, wallets) are numerically equal to {@code other}'s.
   */
  public boolean sameAmounts(Balance other) {
    return total.compareTo(other.total) == 0
        && sameAmount(available, other.available)
        && sameAmount(held, other.held)
        && sameWallets(other.wallets);
  }

  private boolean sameWallets(Map<String, BigDecimal> others) {
    if (wallets.size() != others.size()) {
      return false;
    }
    for (Map.Entry<String, BigDecimal> wallet : wallets.entrySet()) {
      if (!sameAmount(wallet.getValue(), others.get(wallet.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Numeric equality; an unknown amount equals only another unknown one. */
  private static boolean sameAmount(@Nullable BigDecimal a, @Nullable BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Balance other
        && account.equals(other.account)
        && asset.equals(other.asset)
        && sameAmounts(other)
        && source.equals(other.source)
        && observedAt.equals(other.observedAt)
        && receivedAt.equals(other.receivedAt)
        && hasSequence == other.hasSequence
        && sequence == other.sequence
        && freshness == other.freshness;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        account, asset, total, available, held, source, observedAt, sequence, freshness);
  }

  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("Balance{").append(account).append(' ').append(asset.format(total));
    if (available != null) {
      s.append(", available=").append(available.toPlainString());
    }
    if (held != null) {
      s.append(", held=").append(held.toPlainString());
    }
    if (!wallets.isEmpty()) {
      s.append(", wallets=").append(wallets);
    }
    s.append(", source=").append(source).append(", observedAt=").append(observedAt);
    if (hasSequence) {
      s.append(", seq=").append(sequence);
    }
    return s.append(", ").append(freshness).append('}').toString();
  }

  /** Builds a {@link Balance}; every setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final AccountRef account;
    private final Asset asset;
    private @Nullable BigDecimal total;
    private @Nullable BigDecimal available;
    private @Nullable BigDecimal held;
    private Map<String, BigDecimal> wallets = Map.of();
    private @Nullable String source;
    private @Nullable Instant observedAt;
    private @Nullable Instant receivedAt;
    private long sequence;
    private boolean hasSequence;
    private Freshness freshness = Freshness.LIVE;

    private Builder(AccountRef account, Asset asset) {
      if (account == null) {
        throw new IllegalArgumentException("account must not be null");
      }
      if (asset == null) {
        throw new IllegalArgumentException("asset must not be null");
      }
      this.account = account;
      this.asset = asset;
    }

    /**
     * Sets everything the account holds of the asset, including held amounts. Required.
     *
     * @throws IllegalArgumentException if null or not a valid amount of the asset
     */
    public Builder total(BigDecimal value) {
      this.total = asset.amount("total", value);
      return this;
    }

    /**
     * Sets what can be spent now; null means unknown.
     *
     * @throws IllegalArgumentException if not a valid amount of the asset
     */
    public Builder available(@Nullable BigDecimal value) {
      this.available = value == null ? null : asset.amount("available", value);
      return this;
    }

    /**
     * Sets what is reserved (open orders, pending transfers); null means unknown.
     *
     * @throws IllegalArgumentException if not a valid amount of the asset
     */
    public Builder held(@Nullable BigDecimal value) {
      this.held = value == null ? null : asset.amount("held", value);
      return this;
    }

    /**
     * Sets the per-wallet totals, replacing earlier ones; none by default.
     *
     * @throws IllegalArgumentException if a wallet name is blank or an amount is invalid
     */
    public Builder wallets(Map<String, BigDecimal> byWallet) {
      if (byWallet == null) {
        throw new IllegalArgumentException("wallets must not be null (use an empty map)");
      }
      Map<String, BigDecimal> copy = new LinkedHashMap<>();
      byWallet.forEach(
          (name, amount) -> {
            if (name == null || name.isBlank()) {
              throw new IllegalArgumentException(
                  "wallet name must not be blank, but was " + Asset.quote(name));
            }
            // The field name is only built for the error: this runs for every streamed message.
            copy.put(
                name,
                amount != null && asset.isExact(amount)
                    ? amount
                    : asset.amount("wallet " + name, amount));
          });
      this.wallets = Collections.unmodifiableMap(copy);
      return this;
    }

    /**
     * Sets the name of the source that reported the balance. Required.
     *
     * @throws IllegalArgumentException if null or blank
     */
    public Builder source(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(
            "source must not be null or blank, but was " + Asset.quote(name));
      }
      this.source = name;
      return this;
    }

    /**
     * Sets when the source says the balance was true. Required.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder observedAt(Instant at) {
      this.observedAt = requireInstant("observedAt", at);
      return this;
    }

    /**
     * Sets when BalanceKit received the balance; {@code observedAt} when not set.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder receivedAt(Instant at) {
      this.receivedAt = requireInstant("receivedAt", at);
      return this;
    }

    /**
     * Sets the source's sequence number for this update; none by default.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder sequence(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("sequence must not be negative, but was " + value);
      }
      this.sequence = value;
      this.hasSequence = true;
      return this;
    }

    /**
     * Sets how current the value is; {@link Freshness#LIVE} by default.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder freshness(Freshness value) {
      if (value == null) {
        throw new IllegalArgumentException("freshness must not be null");
      }
      this.freshness = value;
      return this;
    }

    /**
     * Returns the balance. {@code receivedAt} defaults to {@code observedAt}.
     *
     * @throws IllegalStateException if total, source or observedAt is missing
     */
    public Balance build() {
      if (total == null || source == null || observedAt == null) {
        throw new IllegalStateException(
            "balance of "
                + asset.code()
                + " in "
                + account
                + " needs total, source and observedAt"
                + " (total="
                + total
                + ", source="
                + source
                + ", observedAt="
                + observedAt
                + ")");
      }
      return new Balance(
          this, total, source, observedAt, receivedAt != null ? receivedAt : observedAt);
    }

    private static Instant requireInstant(String field, Instant at) {
      if (at == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      return at;
    }
  }
}
