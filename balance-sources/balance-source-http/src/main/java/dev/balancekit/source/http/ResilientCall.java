package dev.balancekit.source.http;

import dev.balancekit.BalanceKitException;
import dev.balancekit.SourceUnavailableException;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical call: rate limiter, then per attempt circuit breaker and an enqueued OkHttp call,
 * then the retry policy's verdict, all within one deadline. Every wait is scheduled, never slept.
 * Thread-safe: callbacks arrive on OkHttp and scheduler threads.
 */
final class ResilientCall<T> {
  private static final Logger log = LoggerFactory.getLogger(ResilientCall.class);

  /** Longest Retry-After honoured; a longer one is reported but cut to this. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private final VenueClient venue;
  private final Supplier<Request> requests;
  private final Function<VenueResponse, T> reader;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final Retry.AsyncContext<Object> retry;
  private final long deadlineNanos;
  private volatile @Nullable Attempt current;
  private volatile @Nullable ScheduledFuture<?> pending;

  ResilientCall(VenueClient venue, Supplier<Request> requests, Function<VenueResponse, T> reader) {
    this.venue = venue;
    this.requests = requests;
    this.reader = reader;
    this.retry = venue.retry().asyncContext();
    this.deadlineNanos = System.nanoTime() + venue.config().restTimeout().toNanos();
  }

  CompletableFuture<T> result() {
    return result;
  }

  void start() {
    // Only stops the work in flight; result's outcome goes to the caller.
    var unused = result.whenComplete((value, error) -> stopInFlight());
    Duration timeout = venue.config().restTimeout();
    if (!schedule(() -> timedOut(timeout), timeout.toNanos())) {
      return;
    }
    attempt();
  }

  private void attempt() {
    if (result.isDone()) {
      return;
    }
    var paused = venue.venueState().pausedFor();
    if (paused.isPresent()) {
      long waitNanos = paused.get().toNanos();
      if (System.nanoTime() + waitNanos - deadlineNanos < 0) {
        schedule(
            this::attempt, waitNanos); // the pause ends within this call's deadline: wait it out
      } else {
        result.completeExceptionally(
            SourceUnavailableException.retryAfter(
                venue.name(),
                "the venue asked us to back off; not calling before then",
                paused.get()));
      }
      return;
    }
    long waitNanos = venue.limiter().reservePermission();
    if (waitNanos < 0) {
      Duration period = venue.config().rateLimitPeriod();
      String why =
          "local rate limit of "
              + venue.config().rateLimitPermits()
              + " calls per "
              + period.toMillis()
              + " ms reached";
      venue.venueState().rateLimitedFor(period, why);
      result.completeExceptionally(
          SourceUnavailableException.retryAfter(venue.name(), why, period));
    } else if (waitNanos > 0) {
      schedule(this::send, waitNanos);
    } else {
      send();
    }
  }

  private void send() {
    if (result.isDone()) {
      return;
    }
    if (!venue.breaker().tryAcquirePermission()) {
      result.completeExceptionally(
          SourceUnavailableException.retryAfter(
              venue.name(),
              "circuit breaker open after repeated failures",
              venue.config().breakerOpenFor()));
      return;
    }
    Request request;
    try {
      request = requests.get();
      if (request == null) {
        throw new IllegalStateException(
            "the request supplier of '" + venue.name() + "' returned null");
      }
    } catch (RuntimeException e) {
      venue.breaker().releasePermission();
      result.completeExceptionally(e);
      return;
    }
    Attempt attempt = new Attempt(venue.http().newCall(request), System.nanoTime());
    current = attempt;
    if (result.isDone()) {
      attempt.cancel();
      return;
    }
    attempt.call.enqueue(attempt);
  }

  private void timedOut(Duration timeout) {
    if (result.isDone()) {
      return;
    }
    Attempt attempt = current;
    if (attempt != null && attempt.settle()) {
      // A call cut off by the deadline is a slow failure as far as the breaker is concerned.
      venue
          .breaker()
          .onError(
              System.nanoTime() - attempt.startNanos,
              TimeUnit.NANOSECONDS,
              HttpSourceException.connectionFailed(
                  venue.name(),
                  attempt.call.request().url(),
                  new InterruptedIOException("deadline of " + timeout.toMillis() + " ms passed")));
    }
    result.completeExceptionally(
        SourceUnavailableException.of(
            venue.name(), "no answer within " + timeout.toMillis() + " ms (retries included)"));
  }

  private void stopInFlight() {
    ScheduledFuture<?> next = pending;
    if (next != null) {
      next.cancel(false);
    }
    Attempt attempt = current;
    if (attempt != null) {
      attempt.cancel();
    }
  }

  private void succeeded(Attempt attempt, T value) {
    venue.breaker().onSuccess(System.nanoTime() - attempt.startNanos, TimeUnit.NANOSECONDS);
    retry.onComplete();
    result.complete(value);
  }

  private void failed(Attempt attempt, RuntimeException error) {
    venue.breaker().onError(System.nanoTime() - attempt.startNanos, TimeUnit.NANOSECONDS, error);
    if (error instanceof HttpSourceException http) {
      if (http.kind() == HttpSourceException.Kind.RATE_LIMITED) {
        String why =
            "venue rate limited the calls"
                + (http.status().isPresent() ? " (HTTP " + http.status().getAsInt() + ")" : "");
        // A stated Retry-After is a request to stay away: every call fails fast until it has
        // passed.
        http.retryAfter()
            .ifPresentOrElse(
                wait -> venue.venueState().pauseFor(wait, why),
                () -> venue.venueState().rateLimitedFor(venue.config().rateLimitPeriod(), why));
      }
    }
    long delayMillis = retry.onError(error);
    if (delayMillis < 0 || result.isDone()) {
      result.completeExceptionally(error);
      return;
    }
    if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis) - deadlineNanos >= 0) {
      log.debug("'{}' gives up: waiting {} ms would pass the deadline", venue.name(), delayMillis);
      result.completeExceptionally(error);
      return;
    }
    log.debug("'{}' retries in {} ms after: {}", venue.name(), delayMillis, error.getMessage());
    schedule(this::attempt, TimeUnit.MILLISECONDS.toNanos(delayMillis));
  }

  private boolean schedule(Runnable task, long delayNanos) {
    try {
      pending = venue.scheduler().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException closing) {
      result.completeExceptionally(
          new IllegalStateException("venue client '" + venue.name() + "' is closed"));
      return false;
    }
  }

  /** Interprets one HTTP answer; throws what the attempt failed with. */
  private T interpret(Response response) throws IOException {
    HttpUrl url = response.request().url();
    int status = response.code();
    byte[] body;
    try {
      body = readBounded(response.body());
    } catch (IllegalArgumentException e) {
      throw HttpSourceException.malformedResponse(
          venue.name(), url, status, HttpSourceException.problem(e));
    }
    T value;
    try {
      value =
          reader.apply(
              new VenueResponse(venue.name(), url, status, response.headers(), body, venue.json()));
    } catch (BalanceKitException e) {
      throw e;
    } catch (RuntimeException e) {
      throw HttpSourceException.malformedResponse(
          venue.name(), url, status, HttpSourceException.problem(e));
    }
    if (value == null) {
      throw HttpSourceException.malformedResponse(
          venue.name(), url, status, "nothing could be read from it");
    }
    return value;
  }

  private byte[] readBounded(@Nullable ResponseBody body) throws IOException {
    if (body == null) {
      return new byte[0];
    }
    long max = venue.config().maxResponseBytes();
    if (body.contentLength() > max) {
      throw new IllegalArgumentException(
          "body of " + body.contentLength() + " bytes exceeds the limit of " + max);
    }
    BufferedSource source = body.source();
    if (source.request(max + 1)) {
      throw new IllegalArgumentException("body exceeds the limit of " + max + " bytes");
    }
    return source.readByteArray();
  }

  /**
   * The wait a {@code Retry-After} header asks for (seconds or an HTTP date), or null if absent or
   * unreadable.
   */
  static @Nullable Duration retryAfter(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.strip();
    Duration wait;
    if (value.chars().allMatch(Character::isDigit)) {
      wait = value.length() > 7 ? MAX_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(value));
    } else {
      try {
        wait =
            Duration.between(
                Instant.now(),
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return wait.isNegative()
        ? Duration.ZERO
        : wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait;
  }

  /** One HTTP attempt; settles (counts in the breaker) exactly once. */
  private final class Attempt implements Callback {
    final Call call;
    final long startNanos;
    private final AtomicBoolean settled = new AtomicBoolean();

    Attempt(Call call, long startNanos) {
      this.call = call;
      this.startNanos = startNanos;
    }

    boolean settle() {
      return settled.compareAndSet(false, true);
    }

    /** Cancels the HTTP call; an attempt cancelled before it settled counts neither way. */
    void cancel() {
      call.cancel();
      if (settle()) {
        venue.breaker().releasePermission();
      }
    }

    @Override
    public void onResponse(Call call, Response response) {
      T value;
      try (response) {
        value = interpret(response);
      } catch (IOException e) {
        onFailure(call, e);
        return;
      } catch (RuntimeException e) {
        if (settle()) {
          failed(this, e);
        }
        return;
      }
      if (settle()) {
        succeeded(this, value);
      }
    }

    @Override
    public void onFailure(Call call, IOException e) {
      if (settle()) {
        failed(this, HttpSourceException.connectionFailed(venue.name(), call.request().url(), e));
      }
    }
  }
}
