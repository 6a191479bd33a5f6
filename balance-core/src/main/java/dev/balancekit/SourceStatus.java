package dev.balancekit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The health of one source at one moment. Immutable and thread-safe.
 *
 * @param name the source's name
 * @param role whether it is the primary or a fallback
 * @param state the source's state: a stream's connection state; LIVE or DEGRADED for a
 *     request/response source
 * @param circuit the state of the circuit breaker guarding the source's fetches
 * @param lastError the last failure's message, or {@code null}
 * @param lastSuccessAt when the source last answered, or {@code null}
 */
public record SourceStatus(
    String name,
    Role role,
    SourceState state,
    Circuit circuit,
    @Nullable String lastError,
    @Nullable Instant lastSuccessAt) {

  /** The part a source plays in the manager. */
  public enum Role {
    PRIMARY,
    FALLBACK
  }

  /**
   * Circuit breaker state: CLOSED lets calls through, OPEN skips the source, HALF_OPEN lets a trial
   * call through.
   */
  public enum Circuit {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /**
   * @throws NullPointerException if name, role, state or circuit is null
   */
  public SourceStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(circuit, "circuit");
  }
}
