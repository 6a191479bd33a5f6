package dev.balancekit.history;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a series query, oldest first.
 *
 * <p>Immutable and thread-safe.
 *
 * @param entries the entries of this page, oldest first
 * @param nextCursor pass to {@link BalanceHistory#series(dev.balancekit.AccountRef,
 *     dev.balancekit.Asset, java.time.Instant, java.time.Instant, int, String)} for the next page;
 *     {@code null} on the last page
 */
public record SeriesPage(List<HistoryEntry> entries, @Nullable String nextCursor) {
  /**
   * @throws NullPointerException if {@code entries} is null
   */
  public SeriesPage {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
  }

  /** The cursor of the next page, empty on the last page. */
  public Optional<String> next() {
    return Optional.ofNullable(nextCursor);
  }
}
