package dev.balancekit;

import java.time.Duration;
import java.util.Objects;

/**
 * The tunables of a manager and its modules, with the defaults users of the system BalanceKit
 * replaces already know. Build with {@link #custom()}; every setter checks its value at once.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>used by</th></tr>
 *   <tr><td>cacheMaxSize</td><td>1000 accounts</td><td>the Caffeine cache</td></tr>
 *   <tr><td>cacheDefaultTtl</td><td>300 s</td><td>caches</td></tr>
 *   <tr><td>historyMaxEntries</td><td>10,000 per asset</td><td>history</td></tr>
 *   <tr><td>historyRetention</td><td>168 h</td><td>history</td></tr>
 *   <tr><td>enableValidation</td><td>true</td><td>validation on every update</td></tr>
 *   <tr><td>websocketTimeout</td><td>10 s</td><td>WebSocket connect and heartbeat</td></tr>
 *   <tr><td>restTimeout</td><td>15 s</td><td>one source fetch</td></tr>
 *   <tr><td>forceUpdateInterval</td><td>600 s</td><td>REST reconciliation while a stream is LIVE; zero turns it off</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class BalanceManagerConfig {

  private static final BalanceManagerConfig DEFAULTS = custom().build();

  private final long cacheMaxSize;
  private final Duration cacheDefaultTtl;
  private final int historyMaxEntries;
  private final Duration historyRetention;
  private final boolean enableValidation;
  private final Duration websocketTimeout;
  private final Duration restTimeout;
  private final Duration forceUpdateInterval;

  private BalanceManagerConfig(Builder b) {
    this.cacheMaxSize = b.cacheMaxSize;
    this.cacheDefaultTtl = b.cacheDefaultTtl;
    this.historyMaxEntries = b.historyMaxEntries;
    this.historyRetention = b.historyRetention;
    this.enableValidation = b.enableValidation;
    this.websocketTimeout = b.websocketTimeout;
    this.restTimeout = b.restTimeout;
    this.forceUpdateInterval = b.forceUpdateInterval;
  }

  /** Every setting at its default. */
  public static BalanceManagerConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from {@code base}. */
  public static Builder from(BalanceManagerConfig base) {
    Builder b = new Builder();
    b.cacheMaxSize = base.cacheMaxSize;
    b.cacheDefaultTtl = base.cacheDefaultTtl;
    b.historyMaxEntries = base.historyMaxEntries;
    b.historyRetention = base.historyRetention;
    b.enableValidation = base.enableValidation;
    b.websocketTimeout = base.websocketTimeout;
    b.restTimeout = base.restTimeout;
    b.forceUpdateInterval = base.forceUpdateInterval;
    return b;
  }

  public long cacheMaxSize() {
    return cacheMaxSize;
  }

  public Duration cacheDefaultTtl() {
    return cacheDefaultTtl;
  }

  public int historyMaxEntries() {
    return historyMaxEntries;
  }

  public Duration historyRetention() {
    return historyRetention;
  }

  public boolean enableValidation() {
    return enableValidation;
  }

  public Duration websocketTimeout() {
    return websocketTimeout;
  }

  public Duration restTimeout() {
    return restTimeout;
  }

  /** Zero when periodic reconciliation is off. */
  public Duration forceUpdateInterval() {
    return forceUpdateInterval;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BalanceManagerConfig c
        && cacheMaxSize == c.cacheMaxSize
        && cacheDefaultTtl.equals(c.cacheDefaultTtl)
        && historyMaxEntries == c.historyMaxEntries
        && historyRetention.equals(c.historyRetention)
        && enableValidation == c.enableValidation
        && websocketTimeout.equals(c.websocketTimeout)
        && restTimeout.equals(c.restTimeout)
        && forceUpdateInterval.equals(c.forceUpdateInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        cacheMaxSize,
        cacheDefaultTtl,
        historyMaxEntries,
        historyRetention,
        enableValidation,
        websocketTimeout,
        restTimeout,
        forceUpdateInterval);
  }

  @Override
  public String toString() {
    return "BalanceManagerConfig{cacheMaxSize="
        + cacheMaxSize
        + ", cacheDefaultTtl="
        + cacheDefaultTtl
        + ", historyMaxEntries="
        + historyMaxEntries
        + ", historyRetention="
        + historyRetention
        + ", enableValidation="
        + enableValidation
        + ", websocketTimeout="
        + websocketTimeout
        + ", restTimeout="
        + restTimeout
        + ", forceUpdateInterval="
        + forceUpdateInterval
        + '}';
  }

  /** Builds a {@link BalanceManagerConfig}. Not thread-safe. */
  public static final class Builder {
    private long cacheMaxSize = 1000;
    private Duration cacheDefaultTtl = Duration.ofMinutes(5);
    private int historyMaxEntries = 10_000;
    private Duration historyRetention = Duration.ofDays(7);
    private boolean enableValidation = true;
    private Duration websocketTimeout = Duration.ofSeconds(10);
    private Duration restTimeout = Duration.ofSeconds(15);
    private Duration forceUpdateInterval = Duration.ofMinutes(10);

    private Builder() {}

    /**
     * How many accounts the Caffeine cache holds at most; 1000 by default.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder cacheMaxSize(long accounts) {
      if (accounts < 1) {
        throw new IllegalArgumentException("cacheMaxSize must be at least 1, but was " + accounts);
      }
      this.cacheMaxSize = accounts;
      return this;
    }

    /**
     * How long caches serve a value without asking a source; 300 s by default.
     *
     * @throws IllegalArgumentException if null or not positive
     */
    public Builder cacheDefaultTtl(Duration ttl) {
      this.cacheDefaultTtl = positive("cacheDefaultTtl", ttl);
      return this;
    }

    /**
     * How many entries history keeps per asset; 10,000 by default.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder historyMaxEntries(int entries) {
      if (entries < 1) {
        throw new IllegalArgumentException(
            "historyMaxEntries must be at least 1, but was " + entries);
      }
      this.historyMaxEntries = entries;
      return this;
    }

    /**
     * How long history keeps entries; 168 h by default.
     *
     * @throws IllegalArgumentException if null or not positive
     */
    public Builder historyRetention(Duration retention) {
      this.historyRetention = positive("historyRetention", retention);
      return this;
    }

    public Builder enableValidation(boolean enabled) {
      this.enableValidation = enabled;
      return this;
    }

    /**
     * The WebSocket connect and heartbeat timeout; 10 s by default.
     *
     * @throws IllegalArgumentException if null or not positive
     */
    public Builder websocketTimeout(Duration timeout) {
      this.websocketTimeout = positive("websocketTimeout", timeout);
      return this;
    }

    /**
     * How long one source fetch may take; 15 s by default.
     *
     * @throws IllegalArgumentException if null or not positive
     */
    public Builder restTimeout(Duration timeout) {
      this.restTimeout = positive("restTimeout", timeout);
      return this;
    }

    /**
     * How often a REST snapshot is compared with a LIVE stream; {@link Duration#ZERO} turns it off.
     *
     * @throws IllegalArgumentException if null, negative, or positive but under one second
     */
    public Builder forceUpdateInterval(Duration interval) {
      if (interval == null
          || interval.isNegative()
          || (!interval.isZero() && interval.toMillis() < 1000)) {
        throw new IllegalArgumentException(
            "forceUpdateInterval must be zero (off) or at least 1 s, but was " + interval);
      }
      this.forceUpdateInterval = interval;
      return this;
    }

    public BalanceManagerConfig build() {
      return new BalanceManagerConfig(this);
    }

    private static Duration positive(String name, Duration value) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, but was " + value);
      }
      return value;
    }
  }
}
