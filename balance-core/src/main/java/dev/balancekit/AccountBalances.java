package dev.balancekit;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every known asset balance of one account at one moment, keyed by asset code.
 *
 * <p>{@link #isComplete()} says whether the source reported the account's whole holdings: then an
 * asset that is absent is held at zero, unless the source listed it but could not read it ({@link
 * #unread()}, for example an asset it was not configured for). In a partial view (a stream delta, a
 * single-asset query) an absent asset is unknown.
 *
 * <p>Immutable and thread-safe.
 */
public final class AccountBalances {

  private final AccountRef account;
  private final Map<String, Balance> byCode;
  private final boolean complete;

  /** Codes the source listed but could not read: unknown even in a complete view. */
  private final Set<String> unread;

  private final Instant receivedAt;
  private final Freshness freshness;

  /** Whether every balance is marked {@link #freshness}, so re-marking with it is free. */
  private final boolean uniform;

  private AccountBalances(
      AccountRef account,
      Map<String, Balance> byCode,
      boolean complete,
      Set<String> unread,
      Instant receivedAt,
      Freshness freshness) {
    this.account = account;
    this.byCode = byCode;
    this.complete = complete;
    this.unread = unread;
    this.receivedAt = receivedAt;
    this.freshness = freshness;
    this.uniform = allMarked(byCode, freshness);
  }

  // A loop, not a stream: this runs for every message a stream applies.
  private static boolean allMarked(Map<String, Balance> byCode, Freshness freshness) {
    for (Balance b : byCode.values()) {
      if (b.freshness() != freshness) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the balances of {@code account}.
   *
   * @param complete whether {@code balances} are the account's whole holdings
   * @param receivedAt when this view was received
   * @throws IllegalArgumentException if an argument is null, a balance belongs to another account,
   *     or two balances share an asset code
   */
  public static AccountBalances of(
      AccountRef account, Collection<Balance> balances, boolean complete, Instant receivedAt) {
    if (account == null) {
      throw new IllegalArgumentException("account must not be null");
    }
    if (balances == null) {
      throw new IllegalArgumentException("balances of " + account + " must not be null");
    }
    if (receivedAt == null) {
      throw new IllegalArgumentException("receivedAt of " + account + " must not be null");
    }
    Map<String, Balance> byCode = new TreeMap<>();
    Freshness worst = Freshness.LIVE;
    for (Balance b : balances) {
      if (b == null || !b.account().equals(account)) {
        throw new IllegalArgumentException("balance " + b + " does not belong to " + account);
      }
      if (byCode.put(b.asset().code(), b) != null) {
        throw new IllegalArgumentException(
            "two balances of " + b.asset().code() + " for " + account);
      }
      worst = worst(worst, b.freshness());
    }
    return new AccountBalances(
        account, Collections.unmodifiableMap(byCode), complete, Set.of(), receivedAt, worst);
  }

  /** The whole holdings of {@code account} as one source saw them. */
  public static AccountBalances snapshot(
      AccountRef account, Collection<Balance> balances, Instant receivedAt) {
    return of(account, balances, true, receivedAt);
  }

  /** Some of the holdings of {@code account}, for example a stream delta. */
  public static AccountBalances partial(
      AccountRef account, Collection<Balance> balances, Instant receivedAt) {
    return of(account, balances, false, receivedAt);
  }

  public AccountRef account() {
    return account;
  }

  /** The balances, ordered by asset code. */
  public Collection<Balance> balances() {
    return byCode.values();
  }

  /** The balance of the asset with {@code code}, if known. */
  public Optional<Balance> find(String code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /**
   * The balance of {@code asset}: the reported one, a zero balance when this view is complete and
   * does not list the asset, or empty when unknown (a partial view, or a code in {@link
   * #unread()}).
   */
  public Optional<Balance> get(Asset asset) {
    Balance b = byCode.get(asset.code());
    if (b != null) {
      return Optional.of(b);
    }
    if (!complete || unread.contains(asset.code())) {
      return Optional.empty();
    }
    String source =
        byCode.isEmpty() ? "complete-snapshot" : byCode.values().iterator().next().source();
    return Optional.of(
        Balance.builder(account, asset)
            .total(asset.zero())
            .source(source)
            .observedAt(receivedAt)
            .receivedAt(receivedAt)
            .freshness(freshness)
            .build());
  }

  /**
   * This view, noting that the source listed {@code codes} but could not read them (an asset it was
   * not configured for, an unknown code), so they read as unknown rather than zero. Codes that have
   * a balance in this view are ignored.
   *
   * @throws IllegalArgumentException if {@code codes} is null or holds null
   */
  public AccountBalances withUnread(Collection<String> codes) {
    if (codes == null
        || codes.stream().anyMatch(java.util.Objects::isNull)) { // List.of().contains(null) throws
      throw new IllegalArgumentException(
          "unread codes of " + account + " must not be or hold null");
    }
    if (codes.isEmpty()) {
      return this; // the common case: a source that read everything it saw
    }
    Set<String> all = new TreeSet<>(unread);
    all.addAll(codes);
    all.removeAll(byCode.keySet());
    return all.equals(unread)
        ? this
        : new AccountBalances(
            account, byCode, complete, Collections.unmodifiableSet(all), receivedAt, freshness);
  }

  /** Asset codes the source listed but could not read; empty for most views. */
  public Set<String> unread() {
    return unread;
  }

  /** Whether this view lists the account's whole holdings. */
  public boolean isComplete() {
    return complete;
  }

  /** When this view was received. */
  public Instant receivedAt() {
    return receivedAt;
  }

  /** The least current freshness of the balances in this view. */
  public Freshness freshness() {
    return freshness;
  }

  /** Time since this view was received, never negative. */
  public Duration ageAt(Instant now) {
    Duration age = Duration.between(receivedAt, now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /** This view, and every balance in it, as received at {@code at}. */
  public AccountBalances receivedAt(Instant at) {
    Map<String, Balance> stamped = new TreeMap<>();
    byCode.forEach((code, b) -> stamped.put(code, b.receivedAt(at)));
    return new AccountBalances(
        account, Collections.unmodifiableMap(stamped), complete, unread, at, freshness);
  }

  /** This view with every balance marked {@code newFreshness}. */
  public AccountBalances withFreshness(Freshness newFreshness) {
    if (newFreshness == freshness && uniform) {
      return this;
    }
    Map<String, Balance> marked = new TreeMap<>();
    byCode.forEach((code, b) -> marked.put(code, b.withFreshness(newFreshness)));
    return new AccountBalances(
        account, Collections.unmodifiableMap(marked), complete, unread, receivedAt, newFreshness);
  }

  /**
   * Merges a newer report into this view. Per asset the incoming balance wins unless the held one
   * is strictly newer ({@link Balance#isNewerThan}), so a late, older report never overwrites a
   * newer value. A complete {@code incoming} view drops assets it does not list, unless this view
   * received them later.
   *
   * @throws IllegalArgumentException if {@code incoming} is of another account
   */
  public AccountBalances merge(AccountBalances incoming) {
    if (!incoming.account.equals(account)) {
      throw new IllegalArgumentException("cannot merge " + incoming.account + " into " + account);
    }
    Map<String, Balance> merged = new TreeMap<>();
    for (Balance mine : byCode.values()) {
      Balance theirs = incoming.byCode.get(mine.asset().code());
      boolean keep =
          theirs == null
              ? !incoming.complete || !mine.receivedAt().isBefore(incoming.receivedAt)
              : mine.isNewerThan(theirs);
      if (keep) {
        merged.put(mine.asset().code(), mine);
      }
    }
    incoming.byCode.forEach(merged::putIfAbsent);
    Instant newest = incoming.receivedAt.isAfter(receivedAt) ? incoming.receivedAt : receivedAt;
    Freshness worst = Freshness.LIVE;
    for (Balance b : merged.values()) {
      worst = worst(worst, b.freshness());
    }
    // What a complete report could not read replaces the old list; a partial one adds to it. A code
    // that now has a balance is read.
    Set<String> stillUnread = Set.of();
    if (!incoming.unread.isEmpty()
        || (!incoming.complete && !unread.isEmpty())) { // rare: no set on the hot path
      Set<String> codes = new TreeSet<>(incoming.complete ? Set.of() : unread);
      codes.addAll(incoming.unread);
      codes.removeAll(merged.keySet());
      stillUnread = codes.isEmpty() ? Set.of() : Collections.unmodifiableSet(codes);
    }
    return new AccountBalances(
        account,
        Collections.unmodifiableMap(merged),
        complete || incoming.complete,
        stillUnread,
        newest,
        worst);
  }

  private static Freshness worst(Freshness a, Freshness b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccountBalances other
        && account.equals(other.account)
        && byCode.equals(other.byCode)
        && complete == other.complete
        && unread.equals(other.unread)
        && receivedAt.equals(other.receivedAt)
        && freshness == other.freshness;
  }

  @Override
  public int hashCode() {
    return account.hashCode() * 31 + byCode.hashCode();
  }

  @Override
  public String toString() {
    return "AccountBalances{"
        + account
        + (complete ? " complete" : " partial")
        + ", "
        + freshness
        + ", "
        + byCode.values()
        // Counted, not listed: the codes are the venue's text, which may echo anything.
        + (unread.isEmpty() ? "" : ", unread=" + unread.size())
        + '}';
  }
}
