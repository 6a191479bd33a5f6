package dev.balancekit;

import java.util.List;
import java.util.Objects;

/**
 * What a manager is doing now: each source's state, the cache's counters and how many accounts it
 * tracks. Immutable and thread-safe.
 *
 * @param sources the primary first, then the fallbacks in order
 * @param cache the cache's counters
 * @param trackedAccounts accounts read or streamed since the manager started
 * @param closed whether {@code close()} was called
 */
public record ManagerStatus(
    List<SourceStatus> sources, CacheStats cache, int trackedAccounts, boolean closed) {

  /**
   * @throws NullPointerException if sources or cache is null
   */
  public ManagerStatus {
    sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
    Objects.requireNonNull(cache, "cache");
  }

  /** Whether the primary is a stream in state {@link SourceState#LIVE}. */
  public boolean primaryLive() {
    return !sources.isEmpty() && sources.get(0).state() == SourceState.LIVE;
  }
}
