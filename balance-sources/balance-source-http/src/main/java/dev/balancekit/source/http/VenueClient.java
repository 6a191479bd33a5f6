package dev.balancekit.source.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.SourceState;
import dev.balancekit.SourceStatus;
import dev.balancekit.Subscription;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * One venue's HTTP plumbing, shared by every source of that venue: one {@code OkHttpClient}
 * (connection pool, dispatcher), one JSON reader that keeps numbers exact, one circuit breaker, one
 * retry policy, one rate limiter and one scheduler, all from a {@link VenueConfig}. Calls never
 * block the caller: they are enqueued, and backoff waits are scheduled.
 *
 * <p>{@link #state()} is {@link SourceState#DEGRADED} while the breaker is not closed or the venue
 * (or the local limiter) rate limits calls, {@link SourceState#LIVE} otherwise and {@link
 * SourceState#CLOSED} after {@link #close()}; listeners hear every change.
 *
 * <p>Thread-safe. Close it when the last source using it is closed.
 */
public final class VenueClient implements AutoCloseable {

  /** Reads one value from a positioned streaming parser; see {@link #streamJson}. */
  @FunctionalInterface
  public interface JsonStreamReader<T> {
    /** Reads the value starting at the parser's next token. */
    T read(JsonParser parser) throws IOException;
  }

  /** Told when a venue's state changes. Must return quickly and not throw. */
  @FunctionalInterface
  public interface StateListener {
    /** The venue moved from {@code from} to {@code to}; {@code reason} holds no secrets. */
    void onStateChange(SourceState from, SourceState to, String reason);
  }

  private final VenueConfig config;
  private final OkHttpClient http;
  private final OkHttpClient webSocketHttp;
  private final ExecutorService dispatcherThreads;
  private final ScheduledThreadPoolExecutor scheduler;
  private final JsonCodec json;
  private final CircuitBreaker breaker;
  private final Retry retry;
  private final RateLimiter limiter;
  private final VenueState state;
  private final AtomicBoolean closed = new AtomicBoolean();

  private VenueClient(VenueConfig config) {
    this.config = config;
    String threads = "balancekit-" + config.name();
    this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads(threads + "-scheduler"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.dispatcherThreads =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            daemonThreads(threads + "-http"));
    Duration rest = config.restTimeout();
    this.http =
        new OkHttpClient.Builder()
            .dispatcher(new Dispatcher(dispatcherThreads))
            .connectionPool(new ConnectionPool())
            .connectTimeout(rest)
            // The call's own deadline (restTimeout, retries included) governs; these only stop a
            // dead socket.
            .readTimeout(rest.multipliedBy(2))
            .writeTimeout(rest.multipliedBy(2))
            // Our retry decides; a silent OkHttp retry would escape the attempt bound and the
            // breaker.
            .retryOnConnectionFailure(false)
            // A venue API does not redirect; following one could send credentials to another host.
            .followRedirects(false)
            .followSslRedirects(false)
            .build();
    Duration ws = config.websocketTimeout();
    this.webSocketHttp =
        http.newBuilder()
            .connectTimeout(ws)
            .readTimeout(ws)
            .callTimeout(Duration.ZERO)
            .pingInterval(ws)
            .build();
    this.json = new JsonCodec(config);
    this.state = new VenueState(config.name(), scheduler);
    this.breaker =
        CircuitBreaker.of(
            config.name(),
            CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRateThreshold())
                .slowCallDurationThreshold(config.slowCallDuration())
                .slowCallRateThreshold(config.slowCallRateThreshold())
                .slidingWindow(
                    config.breakerWindow(),
                    config.breakerWindow(),
                    CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(config.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(VenueClient::isVenueFault)
                .ignoreException(t -> !isVenueFault(t))
                .build());
    breaker
        .getEventPublisher()
        .onStateTransition(
            e ->
                state.breaker(
                    e.getStateTransition().getToState() != CircuitBreaker.State.CLOSED,
                    "circuit breaker "
                        + e.getStateTransition().getFromState()
                        + " -> "
                        + e.getStateTransition().getToState()));
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            config.retryInitialBackoff(), 2.0, 0.5, config.retryMaxBackoff());
    this.retry =
        Retry.of(
            config.name(),
            RetryConfig.custom()
                .maxAttempts(config.retryAttempts())
                .intervalBiFunction(
                    (attempt, outcome) -> {
                      Throwable error = outcome.isLeft() ? outcome.getLeft() : null;
                      if (error instanceof HttpSourceException http
                          && http.retryAfter().isPresent()) {
                        return http.retryAfter().get().toMillis();
                      }
                      return backoff.apply(attempt);
                    })
                .retryOnException(t -> t instanceof HttpSourceException http && http.isRetryable())
                .failAfterMaxAttempts(false)
                .build());
    this.limiter =
        RateLimiter.of(
            config.name(),
            RateLimiterConfig.custom()
                .limitForPeriod(config.rateLimitPermits())
                .limitRefreshPeriod(config.rateLimitPeriod())
                .timeoutDuration(rest)
                .build());
  }

  /**
   * Returns a client for {@code config}'s venue; it owns threads until {@link #close()}.
   *
   * @throws IllegalArgumentException if {@code config} is null
   */
  public static VenueClient create(VenueConfig config) {
    return new VenueClient(Checks.notNull("config", config));
  }

  /** The venue's name. */
  public String name() {
    return config.name();
  }

  /** The configuration this client was built with. */
  public VenueConfig config() {
    return config;
  }

  /**
   * Calls the venue and reads the JSON answer. The call goes through the rate limiter (waiting
   * without blocking), the circuit breaker and the retry policy, within {@link
   * VenueConfig#restTimeout()} overall. {@code request} is asked for a fresh request on every
   * attempt, so signatures and nonces can be renewed. Cancelling the returned future cancels the
   * HTTP call and any pending retry.
   *
   * @param request makes the request of one attempt; it may carry secrets, which are never logged
   * @param reader turns the parsed body of a 2xx answer into the result; an {@link
   *     IllegalArgumentException} (or other non-BalanceKit exception) it throws means the body has
   *     the wrong shape, a {@link dev.balancekit.BalanceKitException} is passed on as it is
   * @return a future completed with the reader's result, or exceptionally with {@link
   *     HttpSourceException} (the venue answered badly or could not be reached), {@link
   *     dev.balancekit.SourceUnavailableException} (circuit open, local rate limit exhausted,
   *     deadline passed; with {@code retryAfter} where known), or what the reader threw
   * @throws IllegalArgumentException if an argument is null
   * @throws IllegalStateException if this client is closed
   */
  public <T> CompletableFuture<T> call(Supplier<Request> request, Function<JsonNode, T> reader) {
    Checks.notNull("reader", reader);
    return exchange(
        request,
        response -> {
          if (!response.isSuccessful()) {
            throw response.statusError();
          }
          return reader.apply(response.json());
        });
  }

  /**
   * Like {@link #call}, but {@code reader} sees every answer — any status, its headers, its body —
   * so an adapter can read a venue's own error codes from a 4xx body or its rate-limit headers from
   * every answer. It throws {@link VenueResponse#statusError()} for statuses it has nothing to add
   * to. What it throws decides retries as for {@link #call}: retryable {@link HttpSourceException}s
   * are retried.
   *
   * @return a future completed as {@link #call}'s is
   * @throws IllegalArgumentException if an argument is null
   * @throws IllegalStateException if this client is closed
   */
  public <T> CompletableFuture<T> exchange(
      Supplier<Request> request, Function<VenueResponse, T> reader) {
    Checks.notNull("request", request);
    Checks.notNull("reader", reader);
    if (closed.get()) {
      throw new IllegalStateException("venue client '" + name() + "' is closed");
    }
    ResilientCall<T> call = new ResilientCall<>(this, request, reader);
    call.start();
    return call.result();
  }

  /**
   * Stops calls to this venue for {@code wait}, because the venue asked for it (a used-up request
   * weight, a {@code Retry-After} seen on another connection): meanwhile a call waits for the pause
   * to end if it ends within the call's deadline, and otherwise fails fast with {@link
   * dev.balancekit.SourceUnavailableException} carrying the time left; the state is DEGRADED. A
   * 429/418 answer with {@code Retry-After} pauses the client by itself. A shorter pause never cuts
   * a longer one, and a pause longer than 7 days is cut to 7 days.
   *
   * @param reason why, for the state-change listeners; must hold no secret
   * @throws IllegalArgumentException if {@code wait} is null or negative, or {@code reason} null
   */
  public void pauseFor(Duration wait, String reason) {
    Checks.notNull("wait", wait);
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative, but was " + wait);
    }
    Checks.notNull("reason", reason);
    state.pauseFor(wait, reason);
  }

  /** How much of a pause (see {@link #pauseFor}) is left, if one is on. */
  public Optional<Duration> pausedFor() {
    return state.pausedFor();
  }

  /** LIVE, DEGRADED (breaker not closed or rate limited) or CLOSED. */
  public SourceState state() {
    return state.current();
  }

  /**
   * The circuit breaker's state: CLOSED lets calls through, OPEN refuses them, HALF_OPEN lets a
   * trial through.
   */
  public SourceStatus.Circuit circuit() {
    return switch (breaker.getState()) {
      case OPEN, FORCED_OPEN -> SourceStatus.Circuit.OPEN;
      case HALF_OPEN -> SourceStatus.Circuit.HALF_OPEN;
      default -> SourceStatus.Circuit.CLOSED;
    };
  }

  /**
   * Registers {@code listener} for state changes until the returned subscription is closed.
   *
   * @throws IllegalArgumentException if {@code listener} is null
   */
  public Subscription onStateChange(StateListener listener) {
    return state.listen(Checks.notNull("listener", listener));
  }

  /** Cancels calls in flight, stops the scheduler and releases connections. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    state.close();
    http.dispatcher().cancelAll();
    scheduler.shutdownNow();
    dispatcherThreads.shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "VenueClient{" + name() + ", " + state() + ", circuit=" + circuit() + '}';
  }

  // ---------------------------------------------------------------- for the package

  OkHttpClient http() {
    return http;
  }

  /**
   * The shared client with WebSocket connect timeout and ping interval set to {@code
   * websocketTimeout}.
   */
  OkHttpClient webSocketHttp() {
    return webSocketHttp;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  JsonCodec json() {
    return json;
  }

  /**
   * Parses one JSON document under this venue's limits (number length, nesting, size; duplicate
   * keys and trailing tokens rejected; floats as {@code BigDecimal}).
   *
   * @throws IllegalArgumentException if {@code text} is empty, not JSON, truncated or beyond a
   *     limit; the message never quotes the input
   */
  public JsonNode readJson(String text) {
    return json.read(text);
  }

  /**
   * Runs {@code reader} over a streaming parser of {@code text} under the same limits as {@link
   * #readJson}, for hot paths that should not build a tree. The reader must consume exactly one
   * value; anything after it is rejected.
   *
   * @throws IllegalArgumentException if the JSON is malformed or beyond a limit, or the reader
   *     throws {@link IOException}; the message never quotes the input
   */
  public <T> T streamJson(String text, JsonStreamReader<T> reader) {
    return json.stream(text, reader);
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  Retry retry() {
    return retry;
  }

  RateLimiter limiter() {
    return limiter;
  }

  VenueState venueState() {
    return state;
  }

  private static boolean isVenueFault(Throwable t) {
    return t instanceof HttpSourceException http && http.kind().isVenueFault();
  }

  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
