package dev.balancekit.source.http;

import dev.balancekit.BalanceManagerConfig;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link VenueClient} needs to talk to one venue: timeouts (from a {@link
 * BalanceManagerConfig}), circuit breaker, retry, rate limit and the limits on what a response may
 * contain. Build with {@link #custom()}; every setter checks its argument at once.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>managerConfig</td><td>{@link BalanceManagerConfig#defaults()}: restTimeout for calls, websocketTimeout for WebSocket connect and ping</td></tr>
 *   <tr><td>failureRateThreshold</td><td>50 % of the last {@code breakerWindow} calls</td></tr>
 *   <tr><td>slowCall</td><td>calls over 5 s are slow; 80 % slow calls open the breaker</td></tr>
 *   <tr><td>breakerWindow</td><td>10 calls (also the minimum before the rate is judged)</td></tr>
 *   <tr><td>breakerOpenFor</td><td>30 s, then one trial call</td></tr>
 *   <tr><td>retryAttempts</td><td>3 attempts in all, within restTimeout</td></tr>
 *   <tr><td>retryBackoff</td><td>200 ms doubling up to 5 s, each +-50 % jitter; Retry-After wins</td></tr>
 *   <tr><td>rateLimit</td><td>20 calls per second, queued (without blocking) up to restTimeout</td></tr>
 *   <tr><td>maxResponseBytes</td><td>4 MiB</td></tr>
 *   <tr><td>maxNumberLength</td><td>100 characters</td></tr>
 *   <tr><td>maxNestingDepth</td><td>64</td></tr>
 * </table>
 *
 * <p>Immutable and thread-safe.
 */
public final class VenueConfig {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.:\\-]{0,63}");

  private final String name;
  private final BalanceManagerConfig managerConfig;
  private final float failureRateThreshold;
  private final Duration slowCallDuration;
  private final float slowCallRateThreshold;
  private final int breakerWindow;
  private final Duration breakerOpenFor;
  private final int retryAttempts;
  private final Duration retryInitialBackoff;
  private final Duration retryMaxBackoff;
  private final int rateLimitPermits;
  private final Duration rateLimitPeriod;
  private final long maxResponseBytes;
  private final int maxNumberLength;
  private final int maxNestingDepth;

  private VenueConfig(Builder b, String name) {
    this.name = name;
    this.managerConfig = b.managerConfig;
    this.failureRateThreshold = b.failureRateThreshold;
    this.slowCallDuration = b.slowCallDuration;
    this.slowCallRateThreshold = b.slowCallRateThreshold;
    this.breakerWindow = b.breakerWindow;
    this.breakerOpenFor = b.breakerOpenFor;
    this.retryAttempts = b.retryAttempts;
    this.retryInitialBackoff = b.retryInitialBackoff;
    this.retryMaxBackoff = b.retryMaxBackoff;
    this.rateLimitPermits = b.rateLimitPermits;
    this.rateLimitPeriod = b.rateLimitPeriod;
    this.maxResponseBytes = b.maxResponseBytes;
    this.maxNumberLength = b.maxNumberLength;
    this.maxNestingDepth = b.maxNestingDepth;
  }

  /** A builder with the defaults; {@link Builder#name} is required. */
  public static Builder custom() {
    return new Builder();
  }

  /** The venue's name, used in source names, exceptions and logs. */
  public String name() {
    return name;
  }

  /** Timeout of one call, its retries included. */
  public Duration restTimeout() {
    return managerConfig.restTimeout();
  }

  /** Timeout of a WebSocket connect and of a ping's pong. */
  public Duration websocketTimeout() {
    return managerConfig.websocketTimeout();
  }

  public float failureRateThreshold() {
    return failureRateThreshold;
  }

  public Duration slowCallDuration() {
    return slowCallDuration;
  }

  public float slowCallRateThreshold() {
    return slowCallRateThreshold;
  }

  public int breakerWindow() {
    return breakerWindow;
  }

  public Duration breakerOpenFor() {
    return breakerOpenFor;
  }

  public int retryAttempts() {
    return retryAttempts;
  }

  public Duration retryInitialBackoff() {
    return retryInitialBackoff;
  }

  public Duration retryMaxBackoff() {
    return retryMaxBackoff;
  }

  public int rateLimitPermits() {
    return rateLimitPermits;
  }

  public Duration rateLimitPeriod() {
    return rateLimitPeriod;
  }

  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  public int maxNumberLength() {
    return maxNumberLength;
  }

  public int maxNestingDepth() {
    return maxNestingDepth;
  }

  @Override
  public String toString() {
    return "VenueConfig{name="
        + name
        + ", restTimeout="
        + restTimeout()
        + ", websocketTimeout="
        + websocketTimeout()
        + ", failureRateThreshold="
        + failureRateThreshold
        + ", slowCall="
        + slowCallDuration
        + "@"
        + slowCallRateThreshold
        + "%, breakerWindow="
        + breakerWindow
        + ", breakerOpenFor="
        + breakerOpenFor
        + ", retryAttempts="
        + retryAttempts
        + ", retryBackoff="
        + retryInitialBackoff
        + ".."
        + retryMaxBackoff
        + ", rateLimit="
        + rateLimitPermits
        + "/"
        + rateLimitPeriod
        + ", maxResponseBytes="
        + maxResponseBytes
        + ", maxNumberLength="
        + maxNumberLength
        + ", maxNestingDepth="
        + maxNestingDepth
        + '}';
  }

  /** Builds a {@link VenueConfig}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private BalanceManagerConfig managerConfig = BalanceManagerConfig.defaults();
    private float failureRateThreshold = 50;
    private Duration slowCallDuration = Duration.ofSeconds(5);
    private float slowCallRateThreshold = 80;
    private int breakerWindow = 10;
    private Duration breakerOpenFor = Duration.ofSeconds(30);
    private int retryAttempts = 3;
    private Duration retryInitialBackoff = Duration.ofMillis(200);
    private Duration retryMaxBackoff = Duration.ofSeconds(5);
    private int rateLimitPermits = 20;
    private Duration rateLimitPeriod = Duration.ofSeconds(1);
    private long maxResponseBytes = 4L << 20;
    private int maxNumberLength = 100;
    private int maxNestingDepth = 64;

    private Builder() {}

    /**
     * The venue's name: lower-case letters, digits, {@code _ . : -}, at most 64 characters.
     *
     * @throws IllegalArgumentException if null or malformed
     */
    public Builder name(String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "name must be 1-64 lower-case letters, digits, '_', '.', ':' or '-', but was "
                + Checks.quote(value));
      }
      this.name = value;
      return this;
    }

    /**
     * Where {@code restTimeout} and {@code websocketTimeout} come from.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder managerConfig(BalanceManagerConfig value) {
      this.managerConfig = Checks.notNull("managerConfig", value);
      return this;
    }

    /**
     * The percentage of failed calls in the window that opens the breaker.
     *
     * @throws IllegalArgumentException unless in {@code (0, 100]}
     */
    public Builder failureRateThreshold(float percent) {
      this.failureRateThreshold = Checks.percent("failureRateThreshold", percent);
      return this;
    }

    /**
     * Calls slower than {@code duration} are slow; {@code ratePercent} slow calls in the window
     * open the breaker.
     *
     * @throws IllegalArgumentException if {@code duration} is null or not positive, or {@code
     *     ratePercent} is not in {@code (0, 100]}
     */
    public Builder slowCall(Duration duration, float ratePercent) {
      this.slowCallDuration = Checks.positive("slowCall duration", duration);
      this.slowCallRateThreshold = Checks.percent("slowCall ratePercent", ratePercent);
      return this;
    }

    /**
     * How many recent calls the breaker judges, and how many it needs before judging.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder breakerWindow(int calls) {
      this.breakerWindow = Checks.atLeast("breakerWindow", calls, 1);
      return this;
    }

    /**
     * How long an open breaker refuses calls before letting one trial call through.
     *
     * @throws IllegalArgumentException if null or not positive
     */
    public Builder breakerOpenFor(Duration value) {
      this.breakerOpenFor = Checks.positive("breakerOpenFor", value);
      return this;
    }

    /**
     * How many attempts one call may make in all (1 turns retry off).
     *
     * @throws IllegalArgumentException unless in {@code 1..10}
     */
    public Builder retryAttempts(int attempts) {
      this.retryAttempts = (int) Checks.between("retryAttempts", attempts, 1, 10);
      return this;
    }

    /**
     * The first retry waits about {@code initial}; each further one twice as long, at most {@code
     * max}.
     *
     * @throws IllegalArgumentException if either is null or not positive, or {@code max} is below
     *     {@code initial}
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      Checks.positive("retryBackoff initial", initial);
      Checks.positive("retryBackoff max", max);
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "retryBackoff max must be at least initial (" + initial + "), but was " + max);
      }
      this.retryInitialBackoff = initial;
      this.retryMaxBackoff = max;
      return this;
    }

    /**
     * At most {@code permits} calls start per {@code period}.
     *
     * @throws IllegalArgumentException if {@code permits} is below 1 or {@code period} is null or
     *     under 1 ms
     */
    public Builder rateLimit(int permits, Duration period) {
      Checks.atLeast("rateLimit permits", permits, 1);
      if (period == null || period.toMillis() < 1) {
        throw new IllegalArgumentException(
            "rateLimit period must be at least 1 ms, but was " + period);
      }
      this.rateLimitPermits = permits;
      this.rateLimitPeriod = period;
      return this;
    }

    /**
     * Larger response bodies (and JSON documents) are rejected as malformed.
     *
     * @throws IllegalArgumentException unless in {@code 1 KiB..1 GiB}
     */
    public Builder maxResponseBytes(long bytes) {
      this.maxResponseBytes = Checks.between("maxResponseBytes", bytes, 1024, 1L << 30);
      return this;
    }

    /**
     * Longer JSON numbers are rejected before they are parsed.
     *
     * @throws IllegalArgumentException unless in {@code 20..1000}
     */
    public Builder maxNumberLength(int characters) {
      this.maxNumberLength = (int) Checks.between("maxNumberLength", characters, 20, 1000);
      return this;
    }

    /**
     * Deeper JSON nesting is rejected.
     *
     * @throws IllegalArgumentException unless in {@code 4..1000}
     */
    public Builder maxNestingDepth(int depth) {
      this.maxNestingDepth = (int) Checks.between("maxNestingDepth", depth, 4, 1000);
      return this;
    }

    /**
     * Returns the configuration.
     *
     * @throws IllegalStateException if no name was set
     */
    public VenueConfig build() {
      if (name == null) {
        throw new IllegalStateException("a VenueConfig needs a name");
      }
      return new VenueConfig(this, name);
    }
  }
}
