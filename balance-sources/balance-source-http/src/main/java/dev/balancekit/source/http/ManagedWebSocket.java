package dev.balancekit.source.http;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Balance;
import dev.balancekit.SourceState;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.SourceSink;
import dev.balancekit.spi.StreamingBalanceSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A balance stream over one OkHttp WebSocket that keeps itself connected and in sync, driven by a
 * {@link StreamProtocol}. Reusable by venue adapters; {@link WebSocketBalanceSource} is one built
 * from configuration.
 *
 * <p>States, reported to the {@link SourceSink} given to {@link #attach}: {@code CONNECTING} until
 * the first subscription, {@code SYNCING} until a snapshot is in (the stream's own, or a REST
 * snapshot from the {@linkplain Builder#snapshotSource snapshot source}), {@code LIVE}, then {@code
 * DEGRADED} when the connection drops or a sequence gap is seen, and {@code CLOSED}.
 *
 * <ul>
 *   <li>Every connect authenticates again ({@link StreamProtocol#authenticate()}, for example a new
 *       token over REST) before it resubscribes and resyncs.
 *   <li>The connection is pinged every {@code websocketTimeout}; a missing pong drops it. A dropped
 *       connection is retried with exponential, jittered backoff, a bounded number of times.
 *   <li>A sequence gap triggers one resync from the snapshot source (or, without one, a reconnect).
 *       Messages arriving during a resync are buffered and applied on top of the snapshot, unless a
 *       sequence shows the snapshot already holds them.
 *   <li>On disconnect the last view stays; only the state changes.
 *   <li>A malformed message is logged without its content, counted and skipped.
 * </ul>
 *
 * <p>Thread-safe. It owns a scheduler thread until {@link #close()}; the {@link VenueClient} is
 * shared and stays open.
 */
public final class ManagedWebSocket implements StreamingBalanceSource {
  private static final Logger log = LoggerFactory.getLogger(ManagedWebSocket.class);
  private static final int NORMAL_CLOSURE = 1000;

  private final String name;
  private final VenueClient client;
  private final HttpUrl url;
  private final StreamProtocol protocol;
  private final @Nullable BalanceSource snapshotSource;
  private final @Nullable String venue;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int maxReconnectAttempts;
  private final int maxBufferedMessages;
  private final ScheduledThreadPoolExecutor scheduler;

  private final Map<AccountRef, AccountBalances> views = new ConcurrentHashMap<>();
  private final Set<AccountRef> tracked = ConcurrentHashMap.newKeySet();
  private final LongAdder malformedMessages = new LongAdder();
  private final LongAdder sequenceGaps = new LongAdder();
  private final LongAdder resyncs = new LongAdder();
  private final LongAdder reconnects = new LongAdder();

  private final Object lock = new Object();
  private volatile SourceState state = SourceState.CONNECTING;
  // Guarded by lock; null until attached.
  private @Nullable SourceSink sink;
  // Written under the lock; readable without it so a frame of a superseded connection can be
  // dropped before reading.
  private volatile boolean closed;
  private final AtomicInteger generation = new AtomicInteger();
  // Null while no connection is open.
  private @Nullable WebSocket socket;
  private boolean subscribed;
  private boolean synced;
  private boolean resyncing;
  private @Nullable Long lastSequence;
  private int failedConnects;
  private final Deque<StreamMessage> buffer = new ArrayDeque<>();

  private ManagedWebSocket(
      Builder b, String name, VenueClient client, HttpUrl url, StreamProtocol protocol) {
    this.name = name;
    this.client = client;
    this.url = url;
    this.protocol = protocol;
    this.snapshotSource = b.snapshotSource;
    this.venue = b.venue;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxReconnectAttempts = b.maxReconnectAttempts;
    this.maxBufferedMessages = b.maxBufferedMessages;
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1, VenueClient.daemonThreads("balancekit-" + name + "-stream"));
    scheduler.setRemoveOnCancelPolicy(true);
  }

  /** A builder; name, client, url and protocol are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** Whether {@code account} is on the configured venue (any venue if none was configured). */
  @Override
  public boolean supports(AccountRef account) {
    return venue == null || (account != null && venue.equals(account.venue()));
  }

  /**
   * Connects and starts streaming to {@code sink}.
   *
   * @throws IllegalArgumentException if {@code sink} is null
   * @throws IllegalStateException if already attached or closed
   */
  @Override
  public void attach(SourceSink sink) {
    Checks.notNull("sink", sink);
    synchronized (lock) {
      if (this.sink != null || closed) {
        throw new IllegalStateException("stream '" + name + "' was already attached or is closed");
      }
      this.sink = sink;
      connect();
    }
  }

  /** The connection state. */
  @Override
  public SourceState state() {
    return state;
  }

  /**
   * Follows {@code account}: it is included in every resync from the snapshot source.
   *
   * @throws IllegalArgumentException if {@code account} is null
   */
  @Override
  public void track(AccountRef account) {
    tracked.add(Checks.notNull("account", account));
  }

  /** The last view of {@code account}, kept across disconnects; empty until its first snapshot. */
  @Override
  public Optional<AccountBalances> view(AccountRef account) {
    return account == null ? Optional.empty() : Optional.ofNullable(views.get(account));
  }

  /**
   * The view while LIVE; otherwise a fetch from the snapshot source.
   *
   * @return a future failing with {@link SourceUnavailableException} when not LIVE and there is no
   *     snapshot source
   * @throws IllegalArgumentException if {@code account} is null
   */
  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef account) {
    Checks.notNull("account", account);
    AccountBalances view = views.get(account);
    if (state == SourceState.LIVE && view != null) {
      return CompletableFuture.completedFuture(view);
    }
    if (snapshotSource != null) {
      return snapshotSource.fetch(account);
    }
    return CompletableFuture.failedFuture(
        SourceUnavailableException.of(name, "stream is " + state + " and has no snapshot source"));
  }

  /** Messages that could not be read and were skipped. */
  public long malformedMessages() {
    return malformedMessages.sum();
  }

  /** Sequence gaps seen. */
  public long sequenceGaps() {
    return sequenceGaps.sum();
  }

  /** Resyncs from the snapshot source started (after each connect and each gap). */
  public long resyncs() {
    return resyncs.sum();
  }

  /** Reconnects scheduled after the connection was lost or refused. */
  public long reconnects() {
    return reconnects.sum();
  }

  /** Messages held back by a resync under way; for tests. */
  int bufferedMessages() {
    synchronized (lock) {
      return buffer.size();
    }
  }

  /** Closes the connection and stops reconnecting; the state becomes CLOSED. Idempotent. */
  @Override
  public void close() {
    WebSocket open;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      generation.incrementAndGet();
      open = socket;
      socket = null;
      move(SourceState.CLOSED, "closed");
    }
    if (open != null) {
      open.close(NORMAL_CLOSURE, "client closing");
    }
    scheduler.shutdownNow();
  }

  @Override
  public String toString() {
    return "ManagedWebSocket{"
        + name
        + ", "
        + Redaction.url(url)
        + ", "
        + state
        + ", accounts="
        + views.size()
        + '}';
  }

  // ---------------------------------------------------------------- connection (all under lock)

  private void connect() {
    if (closed) {
      return;
    }
    int connection = generation.incrementAndGet();
    subscribed = false;
    synced = false;
    resyncing = false;
    buffer.clear();
    lastSequence = null;
    socket =
        client
            .webSocketHttp()
            .newWebSocket(new Request.Builder().url(url).build(), new Listener(connection));
    Duration timeout = client.config().websocketTimeout();
    schedule(
        timeout,
        () -> {
          synchronized (lock) {
            if (isCurrent(connection) && !subscribed) {
              dropAndReconnect(connection, "not subscribed within " + timeout.toMillis() + " ms");
            }
          }
        });
  }

  private boolean isCurrent(int connection) {
    return !closed && connection == generation.get();
  }

  private void onOpened(int connection) {
    CompletionStage<Optional<Secret>> credential;
    try {
      credential = protocol.authenticate();
    } catch (RuntimeException e) {
      credential = CompletableFuture.failedFuture(e);
    }
    // A failed authentication is logged and reconnects in onAuthenticated.
    var unused =
        credential.whenComplete(
            (secret, error) ->
                onAuthenticated(connection, secret == null ? Optional.empty() : secret, error));
  }

  private void onAuthenticated(
      int connection, Optional<Secret> credential, @Nullable Throwable error) {
    synchronized (lock) {
      if (!isCurrent(connection)) {
        return;
      }
      if (error != null) {
        log.warn("stream '{}' could not authenticate: {}", name, describe(Futures.unwrap(error)));
        dropAndReconnect(connection, "authentication failed");
        return;
      }
      List<String> messages;
      try {
        messages = protocol.subscribeMessages(credential);
      } catch (RuntimeException e) {
        log.warn("stream '{}' could not build its subscription: {}", name, describe(e));
        dropAndReconnect(connection, "subscription failed");
        return;
      }
      WebSocket open = socket;
      for (String message : messages) {
        if (open == null || !open.send(message)) {
          dropAndReconnect(connection, "could not send the subscription");
          return;
        }
      }
      subscribed = true;
      move(SourceState.SYNCING, "authenticated and subscribed");
      if (snapshotSource != null) {
        startResync(
            connection, snapshotSource, "fetching snapshots from '" + snapshotSource.name() + "'");
      }
    }
  }

  private void onText(int connection, String text) {
    if (!isCurrent(connection)) {
      return; // reading it would move the protocol's state (sequence, wallets) for a connection
      // that is gone
    }
    StreamMessage message;
    try {
      message = protocol.read(text);
      if (message == null) {
        throw new IllegalArgumentException("the protocol read nothing from it");
      }
    } catch (RuntimeException e) {
      malformedMessages.increment();
      // Never the text itself: frames can carry tokens.
      log.warn(
          "stream '{}' skipped a malformed message of {} characters: {}",
          name,
          text.length(),
          describe(e));
      return;
    }
    if (message.type() == StreamMessage.Type.IGNORED) {
      return;
    }
    synchronized (lock) {
      if (isCurrent(connection)) {
        handle(connection, message);
      }
    }
  }

  private void handle(int connection, StreamMessage message) {
    if (resyncing) {
      message.sequence().ifPresent(seq -> lastSequence = seq);
      bufferDuringResync(connection, message);
      return;
    }
    if (message.sequence().isPresent()) {
      long seq = message.sequence().getAsLong();
      Long previous = lastSequence;
      lastSequence = seq;
      if (message.type() == StreamMessage.Type.DELTA
          && previous != null
          && protocol.isGap(previous, seq)) {
        sequenceGaps.increment();
        String why = "sequence gap: " + previous + " then " + seq;
        if (snapshotSource == null) {
          dropAndReconnect(connection, why + "; reconnecting for a fresh snapshot");
        } else {
          bufferDuringResync(connection, message);
          startResync(connection, snapshotSource, why);
        }
        return;
      }
    }
    apply(message, true);
    if (message.type() == StreamMessage.Type.SNAPSHOT && snapshotSource == null) {
      synced = true;
      moveLiveIfSynced("snapshot received");
    }
  }

  private void bufferDuringResync(int connection, StreamMessage message) {
    if (buffer.size() >= maxBufferedMessages) {
      dropAndReconnect(
          connection, "more than " + maxBufferedMessages + " messages arrived during a resync");
      return;
    }
    buffer.addLast(message);
  }

  private void startResync(int connection, BalanceSource snapshots, String reason) {
    resyncing = true;
    resyncs.increment();
    if (state == SourceState.LIVE) {
      move(SourceState.DEGRADED, reason);
    }
    Set<AccountRef> accounts = new LinkedHashSet<>(tracked);
    accounts.addAll(views.keySet());
    // Fetching off the lock: a source may complete synchronously, re-entering onResynced.
    scheduler.execute(() -> fetchSnapshots(connection, snapshots, accounts));
  }

  private void fetchSnapshots(int connection, BalanceSource snapshots, Set<AccountRef> accounts) {
    Map<AccountRef, CompletableFuture<AccountBalances>> fetches = new LinkedHashMap<>();
    for (AccountRef account : accounts) {
      CompletableFuture<AccountBalances> f;
      try {
        f = snapshots.fetch(account);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      fetches.put(account, f);
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(fetches.values().toArray(new CompletableFuture<?>[0]));
    Duration timeout = client.config().restTimeout();
    schedule(
        timeout,
        () -> {
          if (all.completeExceptionally(
              SourceUnavailableException.of(
                  snapshots.name(), "no snapshot within " + timeout.toMillis() + " ms"))) {
            fetches.values().forEach(f -> f.cancel(true));
          }
        });
    // A failed resync is logged and reconnects in onResynced.
    var unused =
        all.whenComplete(
            (ignored, error) -> {
              Map<AccountRef, AccountBalances> fetched = new LinkedHashMap<>();
              if (error == null) {
                fetches.forEach((account, f) -> fetched.put(account, f.join()));
              }
              onResynced(connection, fetched, error);
            });
  }

  private void onResynced(
      int connection, Map<AccountRef, AccountBalances> snapshots, @Nullable Throwable error) {
    synchronized (lock) {
      if (!isCurrent(connection) || !resyncing) {
        return;
      }
      if (error != null) {
        log.warn("stream '{}' could not resync: {}", name, describe(Futures.unwrap(error)));
        dropAndReconnect(connection, "resync failed");
        return;
      }
      views.putAll(snapshots);
      Set<AccountRef> touched = new LinkedHashSet<>(snapshots.keySet());
      List<StreamMessage> arrivedMeanwhile = new ArrayList<>(buffer);
      buffer.clear();
      resyncing = false;
      List<AccountBalances> withoutView = new ArrayList<>();
      for (StreamMessage message : arrivedMeanwhile) {
        AccountRef account = message.balances().orElseThrow().account();
        if (views.containsKey(account) || message.type() == StreamMessage.Type.SNAPSHOT) {
          apply(message, false);
          touched.add(account);
        } else {
          withoutView.add(message.balances().orElseThrow());
        }
      }
      synced = true;
      moveLiveIfSynced(
          "resynced "
              + snapshots.size()
              + " account(s) and "
              + arrivedMeanwhile.size()
              + " buffered message(s)");
      touched.forEach(account -> deliver(views.get(account)));
      withoutView.forEach(
          delta ->
              deliver(
                  AccountBalances.partial(delta.account(), delta.balances(), delta.receivedAt())));
    }
  }

  /** Puts {@code message} into the view and, if {@code push}, tells the sink. */
  private void apply(StreamMessage message, boolean push) {
    AccountBalances balances = message.balances().orElseThrow();
    AccountRef account = balances.account();
    if (message.type() == StreamMessage.Type.SNAPSHOT) {
      views.put(account, balances);
      if (push) {
        deliver(balances);
      }
      return;
    }
    AccountBalances delta =
        AccountBalances.partial(account, balances.balances(), balances.receivedAt());
    AccountBalances view = views.get(account);
    if (view != null) {
      views.put(account, overlay(view, delta));
    }
    if (push) {
      deliver(delta);
    }
  }

  /**
   * {@code view} with the delta's balances replacing its own, except where a sequence of the same
   * source shows the view already holds something as new.
   */
  private static AccountBalances overlay(AccountBalances view, AccountBalances delta) {
    Map<String, Balance> byCode = new TreeMap<>();
    view.balances().forEach(b -> byCode.put(b.asset().code(), b));
    for (Balance incoming : delta.balances()) {
      Balance held = byCode.get(incoming.asset().code());
      boolean alreadyHeld =
          held != null
              && held.source().equals(incoming.source())
              && held.sequence().isPresent()
              && incoming.sequence().isPresent()
              && held.sequence().getAsLong() >= incoming.sequence().getAsLong();
      if (!alreadyHeld) {
        byCode.put(incoming.asset().code(), incoming);
      }
    }
    Instant at =
        delta.receivedAt().isAfter(view.receivedAt()) ? delta.receivedAt() : view.receivedAt();
    return AccountBalances.of(view.account(), byCode.values(), view.isComplete(), at);
  }

  private void moveLiveIfSynced(String reason) {
    if (subscribed && synced && !resyncing) {
      failedConnects = 0;
      move(SourceState.LIVE, reason);
    }
  }

  private void lost(int connection, String reason) {
    if (!isCurrent(connection)) {
      return;
    }
    generation.incrementAndGet();
    socket = null;
    subscribed = false;
    synced = false;
    resyncing = false;
    buffer.clear();
    lastSequence = null;
    if (state != SourceState.CONNECTING) {
      move(SourceState.DEGRADED, reason);
    }
    failedConnects++;
    if (failedConnects > maxReconnectAttempts) {
      log.warn(
          "stream '{}' gives up after {} failed connects: {}", name, maxReconnectAttempts, reason);
      closed = true;
      move(
          SourceState.CLOSED,
          "gave up after " + maxReconnectAttempts + " reconnect attempts: " + reason);
      scheduler.shutdown();
      return;
    }
    long base =
        Math.min(
            maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(20, failedConnects - 1));
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    log.info("stream '{}' lost its connection ({}); reconnecting in {} ms", name, reason, delay);
    reconnects.increment();
    schedule(
        Duration.ofMillis(delay),
        () -> {
          synchronized (lock) {
            connect();
          }
        });
  }

  private void dropAndReconnect(int connection, String reason) {
    WebSocket open = socket;
    lost(connection, reason);
    if (open != null) {
      open.cancel();
    }
  }

  private void move(SourceState to, String reason) {
    SourceState from = state;
    if (from == to || from == SourceState.CLOSED) {
      return;
    }
    state = to;
    if (sink != null) {
      try {
        sink.onStateChange(from, to, reason);
      } catch (RuntimeException e) {
        log.warn("sink of stream '{}' failed on a state change", name, e);
      }
    }
  }

  /** Tells the sink of {@code update}; nothing before attach or without an update. */
  private void deliver(@Nullable AccountBalances update) {
    if (sink != null && update != null) {
      try {
        sink.onUpdate(update);
      } catch (RuntimeException e) {
        log.warn("sink of stream '{}' failed on an update of {}", name, update.account(), e);
      }
    }
  }

  private void schedule(Duration delay, Runnable task) {
    Runnable logged =
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("stream '{}' failed in a scheduled task: {}", name, describe(e));
          }
        };
    try {
      // Not kept: close() stops the scheduler, and a failure is logged above, not left in it.
      var unused = scheduler.schedule(logged, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      log.debug("stream '{}' is closed; task dropped", name);
    }
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** OkHttp's callbacks for one connection; callbacks of a replaced connection are ignored. */
  private final class Listener extends WebSocketListener {
    private final int connection;

    Listener(int connection) {
      this.connection = connection;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      onOpened(connection);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
      onText(connection, text);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(NORMAL_CLOSURE, null);
      synchronized (lock) {
        lost(connection, "the venue closed the connection (code " + code + ")");
      }
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
      synchronized (lock) {
        lost(connection, "connection failed (" + t.getClass().getSimpleName() + ")");
      }
    }
  }

  /**
   * Builds a {@link ManagedWebSocket}; every setter checks its argument at once. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable VenueClient client;
    private @Nullable HttpUrl url;
    private @Nullable StreamProtocol protocol;
    private @Nullable BalanceSource snapshotSource;
    private @Nullable String venue;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private int maxReconnectAttempts = 1000;
    private int maxBufferedMessages = 10_000;

    private Builder() {}

    /**
     * The stream's name, for status and {@code Balance.source()}.
     *
     * @throws IllegalArgumentException if null or blank
     */
    public Builder name(String value) {
      this.name = Checks.notBlank("name", value);
      return this;
    }

    /**
     * The venue client whose OkHttp client, JSON limits and timeouts the stream uses (shared, not
     * closed).
     *
     * @throws IllegalArgumentException if null
     */
    public Builder client(VenueClient value) {
      this.client = Checks.notNull("client", value);
      return this;
    }

    /**
     * The {@code ws://} or {@code wss://} URL.
     *
     * @throws IllegalArgumentException if null or not a ws, wss, http or https URL (the message
     *     masks query values)
     */
    public Builder url(String value) {
      String text = value == null ? null : value.strip();
      HttpUrl parsed =
          text == null
              ? null
              : HttpUrl.parse(
                  text.replaceFirst("(?i)^ws:", "http:").replaceFirst("(?i)^wss:", "https:"));
      if (parsed == null) {
        throw new IllegalArgumentException(
            "url must be a ws:// or wss:// URL, but was "
                + Checks.quote(
                    value == null ? null : Redaction.url(value.replaceFirst("(?i)^ws", "http"))));
      }
      this.url = parsed;
      return this;
    }

    /**
     * What the venue's stream says and expects.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder protocol(StreamProtocol value) {
      this.protocol = Checks.notNull("protocol", value);
      return this;
    }

    /**
     * Where resyncs fetch complete snapshots (usually the venue's REST source): after every connect
     * and every sequence gap. Without one, the stream's own snapshots sync it and a gap reconnects.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder snapshotSource(BalanceSource value) {
      this.snapshotSource = Checks.notNull("snapshotSource", value);
      return this;
    }

    /**
     * Serve only accounts of this venue; by default every account.
     *
     * @throws IllegalArgumentException if null or blank
     */
    public Builder venue(String value) {
      this.venue = Checks.notBlank("venue", value);
      return this;
    }

    /**
     * Reconnect delays start near {@code initial}, double per failed attempt up to {@code max}, and
     * are jittered to between half and all of that.
     *
     * @throws IllegalArgumentException if either is null or under 1 ms, or {@code max} is below
     *     {@code initial}
     */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      Checks.backoff("reconnectBackoff", initial, max);
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * How many failed connects in a row are retried before the stream gives up and closes.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxReconnectAttempts(int attempts) {
      this.maxReconnectAttempts = Checks.atLeast("maxReconnectAttempts", attempts, 1);
      return this;
    }

    /**
     * How many messages a resync may buffer before the stream reconnects instead.
     *
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxBufferedMessages(int messages) {
      this.maxBufferedMessages = Checks.atLeast("maxBufferedMessages", messages, 1);
      return this;
    }

    /** The name set so far, or null if none was. */
    @Nullable String name() {
      return name;
    }

    /**
     * Returns the stream, not yet connected: it connects when attached to a manager.
     *
     * @throws IllegalStateException if name, client, url or protocol is missing
     */
    public ManagedWebSocket build() {
      if (name == null || client == null || url == null || protocol == null) {
        throw new IllegalStateException(
            "a ManagedWebSocket needs name, client, url and protocol (name="
                + name
                + ", client="
                + client
                + ", url="
                + (url == null ? null : Redaction.url(url))
                + ", protocol="
                + (protocol == null ? null : protocol.getClass().getSimpleName())
                + ")");
      }
      return new ManagedWebSocket(this, name, client, url, protocol);
    }
  }
}
