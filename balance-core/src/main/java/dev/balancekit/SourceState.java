package dev.balancekit;

/** The connection state of a streaming source. */
public enum SourceState {
  /** Opening the connection or authenticating. */
  CONNECTING,
  /** Connected, waiting for or applying the first snapshot; the view is not yet complete. */
  SYNCING,
  /** Connected and synced: the view answers reads. */
  LIVE,
  /** Connection lost or sequence gap; reconnecting or resyncing. Reads go to fallbacks. */
  DEGRADED,
  /** Closed for good. */
  CLOSED
}
