package dev.balancekit.source.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.SourceState;
import dev.balancekit.spi.SourceSink;
import dev.balancekit.spi.StreamingBalanceSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StreamingBalanceSource} configured without code for a stream that carries one account's
 * balances: send a subscribe message (with an optional {@code {token}} placeholder filled from a
 * token provider on every connect), tell snapshots from updates by the value at a JSON pointer,
 * read balances with a {@link JsonBalanceLayout}, and check an optional sequence for gaps.
 * Snapshots become complete views ({@link AccountBalances#snapshot}), updates partial ones ({@link
 * AccountBalances#partial}). Messages of any other type (acks, heartbeats) are ignored.
 *
 * <p>Connection handling (reconnect, re-authentication, resync, states) is that of {@link
 * ManagedWebSocket}, configured through {@link Builder#connection}.
 *
 * <p>Thread-safe.
 */
public final class WebSocketBalanceSource implements StreamingBalanceSource {

  private final ManagedWebSocket stream;
  private final LongAdder skippedUnknownAssets;

  private WebSocketBalanceSource(ManagedWebSocket stream, LongAdder skippedUnknownAssets) {
    this.stream = stream;
    this.skippedUnknownAssets = skippedUnknownAssets;
  }

  /** A builder; connection, account, subscribeMessage, layout and messageType are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return stream.name();
  }

  @Override
  public boolean supports(AccountRef account) {
    return stream.supports(account);
  }

  /** See {@link ManagedWebSocket#fetch}. */
  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef account) {
    return stream.fetch(account);
  }

  /** See {@link ManagedWebSocket#attach}. */
  @Override
  public void attach(SourceSink sink) {
    stream.attach(sink);
  }

  @Override
  public SourceState state() {
    return stream.state();
  }

  @Override
  public void track(AccountRef account) {
    stream.track(account);
  }

  @Override
  public Optional<AccountBalances> view(AccountRef account) {
    return stream.view(account);
  }

  /** Messages that could not be read and were skipped. */
  public long malformedMessages() {
    return stream.malformedMessages();
  }

  /** Balances of unconfigured assets skipped. */
  public long skippedUnknownAssets() {
    return skippedUnknownAssets.sum();
  }

  /** Resyncs from the snapshot source started. */
  public long resyncs() {
    return stream.resyncs();
  }

  ManagedWebSocket stream() {
    return stream;
  }

  @Override
  public void close() {
    stream.close();
  }

  @Override
  public String toString() {
    return "WebSocketBalanceSource{" + stream + '}';
  }

  /** The {@link StreamProtocol} the configuration describes. */
  private static final class JsonStreamProtocol implements StreamProtocol {
    private final String name;
    private final AccountRef account;
    private final String subscribeTemplate;
    private final @Nullable Supplier<? extends CompletionStage<Secret>> tokens;
    private final JsonBalanceLayout layout;
    private final JsonPointer typePointer;
    private final String snapshotType;
    private final String updateType;
    private final @Nullable JsonPointer sequencePointer;
    private final Clock clock;
    private final JsonCodec json;
    private final LongAdder skipped;

    JsonStreamProtocol(Builder b, String name, LongAdder skipped) {
      this.name = name;
      this.account = required(b.account);
      this.subscribeTemplate = required(b.subscribeMessage);
      this.tokens = b.tokens;
      this.layout = required(b.layout);
      this.typePointer = required(b.typePointer);
      this.snapshotType = required(b.snapshotType);
      this.updateType = required(b.updateType);
      this.sequencePointer = b.sequencePointer;
      this.clock = b.clock;
      this.json = required(b.client).json();
      this.skipped = skipped;
    }

    /** {@code setting}, which {@link Builder#build()} checked is set before making this. */
    private static <T> T required(@Nullable T setting) {
      return Objects.requireNonNull(setting, "checked by build()");
    }

    @Override
    public CompletionStage<Optional<Secret>> authenticate() {
      if (tokens == null) {
        return StreamProtocol.super.authenticate();
      }
      CompletionStage<Secret> token = tokens.get();
      if (token == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("the token provider of '" + name + "' returned null"));
      }
      return token.thenApply(Optional::of);
    }

    @Override
    public List<String> subscribeMessages(Optional<Secret> credential) {
      if (!subscribeTemplate.contains(Builder.TOKEN)) {
        return List.of(subscribeTemplate);
      }
      Secret token =
          credential.orElseThrow(
              () -> new IllegalStateException("no token for the subscribe message"));
      return List.of(subscribeTemplate.replace(Builder.TOKEN, json.escape(token.reveal())));
    }

    @Override
    public StreamMessage read(String text) {
      JsonNode message = json.read(text);
      JsonNode type = message.at(typePointer);
      boolean snapshot = type.isTextual() && type.textValue().equals(snapshotType);
      boolean update = type.isTextual() && type.textValue().equals(updateType);
      if (!snapshot && !update) {
        return StreamMessage.ignored();
      }
      OptionalLong sequence = OptionalLong.empty();
      if (sequencePointer != null) {
        JsonNode seq = message.at(sequencePointer);
        if (!seq.isMissingNode()) {
          if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
            throw new IllegalArgumentException(
                "sequence at '" + sequencePointer + "' is not a non-negative integer");
          }
          sequence = OptionalLong.of(seq.longValue());
        }
      }
      Instant at = clock.instant();
      AccountBalances view = layout.read(message, account, name, at, sequence, snapshot, skipped);
      return snapshot
          ? StreamMessage.snapshot(view, sequence)
          : StreamMessage.delta(view, sequence);
    }
  }

  /**
   * Builds a {@link WebSocketBalanceSource}; every setter checks its argument at once. Not
   * thread-safe.
   */
  public static final class Builder {
    static final String TOKEN = "{token}";

    private ManagedWebSocket.@Nullable Builder connection;
    private @Nullable VenueClient client;
    private @Nullable AccountRef account;
    private @Nullable String subscribeMessage;
    private @Nullable Supplier<? extends CompletionStage<Secret>> tokens;
    private @Nullable JsonBalanceLayout layout;
    private @Nullable JsonPointer typePointer;
    private @Nullable String snapshotType;
    private @Nullable String updateType;
    private @Nullable JsonPointer sequencePointer;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The connection settings: name, url, snapshot source, backoff. Its protocol is set by {@link
     * #build()}.
     *
     * @param client the venue client, also given to {@code connection}
     * @throws IllegalArgumentException if either is null
     */
    public Builder connection(VenueClient client, ManagedWebSocket.Builder connection) {
      this.client = Checks.notNull("client", client);
      this.connection = Checks.notNull("connection", connection).client(client);
      return this;
    }

    /**
     * The account whose balances the stream carries (the authenticated user's).
     *
     * @throws IllegalArgumentException if null
     */
    public Builder account(AccountRef value) {
      this.account = Checks.notNull("account", value);
      return this;
    }

    /**
     * The message sent after every connect; {@code {token}} in it is replaced by the token
     * provider's token, escaped for a JSON string.
     *
     * @throws IllegalArgumentException if null or blank
     */
    public Builder subscribeMessage(String message) {
      this.subscribeMessage = Checks.notBlank("subscribeMessage", message);
      return this;
    }

    /**
     * Fetches a new token on every connect (for example over REST); required when the subscribe
     * message has {@code {token}}.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder tokenProvider(Supplier<? extends CompletionStage<Secret>> provider) {
      this.tokens = Checks.notNull("tokenProvider", provider);
      return this;
    }

    /**
     * Where the balances are in a snapshot or update message, and which assets to read.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder layout(JsonBalanceLayout value) {
      this.layout = Checks.notNull("layout", value);
      return this;
    }

    /**
     * How to tell messages apart: the text at {@code pointer} is {@code snapshotValue} for a
     * snapshot, {@code updateValue} for an update; anything else is ignored.
     *
     * @throws IllegalArgumentException if the pointer is not a JSON pointer, a value is blank, or
     *     both are equal
     */
    public Builder messageType(String pointer, String snapshotValue, String updateValue) {
      JsonPointer compiled = Checks.pointer("messageType pointer", pointer);
      Checks.notBlank("messageType snapshotValue", snapshotValue);
      Checks.notBlank("messageType updateValue", updateValue);
      if (snapshotValue.equals(updateValue)) {
        throw new IllegalArgumentException(
            "messageType snapshotValue and updateValue must differ, but both were '"
                + snapshotValue
                + "'");
      }
      this.typePointer = compiled;
      this.snapshotType = snapshotValue;
      this.updateType = updateValue;
      return this;
    }

    /**
     * Where a message's sequence number is; gaps between updates trigger a resync.
     *
     * @throws IllegalArgumentException if not a JSON pointer
     */
    public Builder sequence(String pointer) {
      this.sequencePointer = Checks.pointer("sequence", pointer);
      return this;
    }

    /**
     * The clock stamping balances; the UTC system clock by default.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock value) {
      this.clock = Checks.notNull("clock", value);
      return this;
    }

    /**
     * Returns the source, not yet connected.
     *
     * @throws IllegalStateException if a required setting is missing, the subscribe message has
     *     {@code {token}} but no token provider is set, or the connection lacks name or url
     */
    public WebSocketBalanceSource build() {
      if (connection == null
          || account == null
          || subscribeMessage == null
          || layout == null
          || typePointer == null) {
        throw new IllegalStateException(
            "a WebSocketBalanceSource needs connection, account, subscribeMessage, "
                + "layout and messageType");
      }
      if (subscribeMessage.contains(TOKEN) && tokens == null) {
        throw new IllegalStateException(
            "the subscribe message has " + TOKEN + " but no tokenProvider is set");
      }
      LongAdder skipped = new LongAdder();
      String streamName = connection.name();
      if (streamName == null) {
        throw new IllegalStateException("the connection of a WebSocketBalanceSource needs a name");
      }
      ManagedWebSocket stream =
          connection.protocol(new JsonStreamProtocol(this, streamName, skipped)).build();
      return new WebSocketBalanceSource(stream, skipped);
    }
  }
}
