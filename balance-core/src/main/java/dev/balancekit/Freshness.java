package dev.balancekit;

/**
 * How current a value is at the moment it is served.
 *
 * <ul>
 *   <li>{@link #LIVE}: just fetched from a source, or the synced view of a live stream.
 *   <li>{@link #CACHED}: served from the cache within its time-to-live.
 *   <li>{@link #STALE}: the last known value, served because no source could answer; check its age.
 * </ul>
 */
public enum Freshness {
  LIVE,
  CACHED,
  STALE
}
