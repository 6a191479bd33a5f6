package dev.balancekit.source.hedera;

import com.hedera.hashgraph.sdk.AccountId;
import com.hedera.hashgraph.sdk.Client;
import com.hedera.hashgraph.sdk.Hbar;
import com.hedera.hashgraph.sdk.PrivateKey;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.http.Checks;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.VenueClient;
import dev.balancekit.source.http.VenueConfig;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.StreamingBalanceSource;
import dev.balancekit.spi.TransferRail;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * HBAR and HTS token balances of any account of one Hedera network, from the Mirror Node REST API
 * (never the consensus-node balance query, which is being switched off), and transfers with the
 * Hedera SDK.
 *
 * <pre>{@code
 * HederaSource hedera = HederaSource.builder()
 *     .network(HederaNetwork.TESTNET)
 *     .tokenCode("0.0.429274", "USDC")                      // optional: codes for known tokens
 *     .operator(AccountRef.of("hedera:testnet", "0.0.1234"),  // optional: for transfers
 *         Secret.of(System.getenv("HEDERA_OPERATOR_KEY")))
 *     .build();
 * BalanceManager manager = BalanceManager.builder()
 *     .source(hedera.stream()).fallback(hedera.rest())
 *     .cache(CaffeineBalanceCache.builder().ttl(Duration.ofSeconds(30)).build())
 *     .transfers(hedera.rail())
 *     .build();
 * }</pre>
 *
 * <h2>Reads</h2>
 *
 * {@link #rest()} reads one account per fetch: {@code /api/v1/accounts/{id}} for HBAR (8 decimals)
 * and {@code /api/v1/accounts/{id}/tokens}, paged through {@code links.next}, for every token;
 * concurrent fetches of one account share one read. {@link #stream()} polls every tracked account
 * each {@linkplain Builder#pollInterval interval}, reading accounts with nearby numbers together
 * through {@code /api/v1/balances} ranges (100 accounts a call), and pushes an account when its
 * balances or its balance timestamp changed. Values read through {@code /api/v1/balances} carry
 * that answer's timestamp as {@code observedAt}, so their age shows and they never overwrite a
 * newer read. Caching (30 s is a good TTL for wallets) is the manager's; this source only joins
 * calls already in flight.
 *
 * <p>Token assets have the token id as venue id and, as code, the {@linkplain Builder#tokenCode
 * configured code} or else the token id (symbols are not unique on Hedera). Token decimals come
 * from the token relationship or {@code /api/v1/tokens/{id}}, fetched once per token.
 *
 * <p>Account ids are {@code shard.realm.num} with an optional HIP-15 checksum, which must match the
 * network. An account the mirror does not know fails with {@link
 * dev.balancekit.AccountNotFoundException}, never a zero balance. {@code links.next} is followed
 * only as a path on the configured mirror; an absolute or foreign link fails the read ({@code
 * MALFORMED_RESPONSE}). Calls are retried on 429 (after Retry-After) and 5xx with backoff, behind a
 * circuit breaker and a rate limit ({@link VenueConfig}).
 *
 * <h2>Transfers</h2>
 *
 * {@link #rail()} sends HBAR and tokens from the operator account; see {@link #rail()}.
 *
 * <p>Thread-safe. Owns an HTTP client, a polling thread and, with an operator, a Hedera SDK client
 * until {@link #close()}. Closing a manager that owns {@link #stream()} and {@link #rest()} frees
 * the HTTP client too, unless {@link #rail()} was taken: then close this source.
 */
public final class HederaSource implements AutoCloseable {

  private final String name;
  private final HederaNetwork network;
  private final VenueClient client;
  private final MirrorReader reader;
  private final HederaRestSource rest;
  private final HederaPollingStream stream;
  private final @Nullable HederaTransferRail rail;
  private final AtomicInteger openSources = new AtomicInteger(2);
  private final AtomicBoolean railTaken = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** What the rail is built from: the operator's id, its SDK client and the resolved settings. */
  private record RailSettings(
      EntityId operator, Client sdk, BigDecimal maxTransactionFee, Duration consensusTimeout) {}

  private HederaSource(
      Builder b,
      HederaNetwork network,
      VenueConfig venueConfig,
      @Nullable RailSettings railSettings) {
    this.name = b.name != null ? b.name : "hedera-" + network.shortName();
    this.network = network;
    this.client = VenueClient.create(venueConfig);
    Mirror mirror =
        new Mirror(
            client, b.mirrorUrl != null ? b.mirrorUrl : HttpUrl.get(network.defaultMirrorUrl()));
    this.reader = new MirrorReader(mirror, new TokenCatalog(mirror, b.tokenCodes), b.clock);
    this.rest = new HederaRestSource(name + "-mirror", network, reader, this::sourceClosed);
    this.stream =
        new HederaPollingStream(
            name + "-stream", network, reader, rest, b.pollInterval, this::sourceClosed);
    this.rail =
        railSettings == null
            ? null
            : new HederaTransferRail(
                name + "-rail",
                network,
                railSettings.operator(),
                railSettings.sdk(),
                reader,
                railSettings.maxTransactionFee(),
                railSettings.consensusTimeout(),
                b.clock);
  }

  /** A builder; {@code network} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The network this source reads and sends on. */
  public HederaNetwork network() {
    return network;
  }

  /**
   * The polling source, for {@code BalanceManager.Builder.source}: it starts polling when a manager
   * attaches it and follows each account the manager reads. Its {@code fetch} answers from the view
   * while LIVE, else from the Mirror Node.
   */
  public StreamingBalanceSource stream() {
    return stream;
  }

  /**
   * The request/response source, for {@code BalanceManager.Builder.fallback} (or alone as the
   * primary).
   */
  public BalanceSource rest() {
    return rest;
  }

  /**
   * The transfer rail: HBAR and HTS token transfers from the operator account, checked against the
   * Mirror Node before signing; see the builder's {@link Builder#operator operator}, {@link
   * Builder#maxTransactionFee maxTransactionFee} and {@link Builder#consensusTimeout
   * consensusTimeout}.
   *
   * <p>Refusals: {@link dev.balancekit.transfer.InsufficientFundsException} (amount plus maximum
   * fee not covered, or the network's {@code INSUFFICIENT_*_BALANCE}), {@link
   * dev.balancekit.transfer.RecipientNotOptedInException} (not associated, or the network's {@code
   * TOKEN_NOT_ASSOCIATED_TO_ACCOUNT}), {@link dev.balancekit.transfer.TransferRejectedException}
   * (another sender than the operator, memo over 100 bytes, unknown token or recipient, an amount
   * with more decimals than the token, an asset whose scale is not the token's decimals, or any
   * other network status, named in lower case as the rule). Quotes and receipts state the maximum
   * fee, in HBAR.
   *
   * @throws IllegalStateException if the source was built without an operator, or is closed
   */
  public TransferRail rail() {
    if (rail == null) {
      throw new IllegalStateException(
          "no transfer rail: build the HederaSource with operator(account, key)");
    }
    if (closed.get()) {
      throw new IllegalStateException("HederaSource '" + name + "' is closed");
    }
    railTaken.set(true);
    return rail;
  }

  /** The HTTP client goes when both sources have gone, unless the rail still needs it. */
  private void sourceClosed() {
    if (openSources.decrementAndGet() == 0 && !railTaken.get()) {
      client.close();
    }
  }

  /** Stops polling and closes the sources, the HTTP client and the SDK client. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stream.close();
    rest.close();
    client.close();
    if (rail != null) {
      rail.close();
    }
  }

  // for tests in this package
  MirrorReader reader() {
    return reader;
  }

  HederaPollingStream pollingStream() {
    return stream;
  }

  @Override
  public String toString() {
    return "HederaSource{"
        + name
        + ", "
        + network.venue()
        + ", "
        + reader.mirror()
        + ", stream="
        + stream.state()
        + ", rail="
        + (rail == null ? "none" : "operator set")
        + '}';
  }

  /**
   * Builds a {@link HederaSource}. Each setter checks its argument at once and throws {@link
   * IllegalArgumentException} naming it and its value (never a key's value); {@link #build()}
   * throws {@link IllegalStateException} for missing or conflicting settings. Not thread-safe.
   */
  public static final class Builder {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,40}");
    private static final Pattern NODE_ADDRESS = Pattern.compile("[A-Za-z0-9.\\-]{1,253}:\\d{1,5}");
    private static final Duration MIN_POLL = Duration.ofMillis(100);
    private static final Duration MAX_POLL = Duration.ofHours(1);

    // Null until set; build() requires network and applies the defaults of the others.
    private @Nullable String name;
    private @Nullable HederaNetwork network;
    private @Nullable HttpUrl mirrorUrl;
    private @Nullable VenueConfig venueConfig;
    private Duration pollInterval = Duration.ofSeconds(10);
    private final Map<String, String> tokenCodes = new LinkedHashMap<>();
    private @Nullable AccountRef operator;
    private @Nullable Secret operatorKey;
    private @Nullable BigDecimal maxTransactionFee;
    private @Nullable Map<String, AccountId> consensusNodes;
    private @Nullable Duration consensusTimeout;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The network. Required.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder network(HederaNetwork value) {
      this.network = Checks.notNull("network", value);
      return this;
    }

    /**
     * Prefix of the sources' names: {@code <name>-mirror}, {@code <name>-stream}, {@code
     * <name>-rail}. Default {@code hedera-<network>}.
     *
     * @throws IllegalArgumentException unless 1-41 lower-case letters, digits, {@code _ . -}
     */
    public Builder name(String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "name must be 1-41 lower-case letters, digits, '_', '.' or '-', but was "
                + Checks.quote(value));
      }
      this.name = value;
      return this;
    }

    /**
     * The Mirror Node base URL; {@code /api/v1/...} is appended to its path. Default: the network's
     * {@linkplain HederaNetwork#defaultMirrorUrl public mirror}.
     *
     * @throws IllegalArgumentException if not an http(s) URL, or it has a query or fragment
     */
    public Builder mirrorUrl(String value) {
      HttpUrl parsed = value == null ? null : HttpUrl.parse(value.strip());
      if (parsed == null || parsed.query() != null || parsed.fragment() != null) {
        throw new IllegalArgumentException(
            "mirrorUrl must be an http(s) URL without query or fragment, but was "
                + Checks.quote(value));
      }
      this.mirrorUrl = parsed;
      return this;
    }

    /**
     * Timeouts, breaker, retries, rate limit and JSON limits of the mirror calls. Default: name
     * {@code hedera-<network>}, 50 calls per second, the rest as {@link VenueConfig}'s defaults.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder venueConfig(VenueConfig value) {
      this.venueConfig = Checks.notNull("venueConfig", value);
      return this;
    }

    /**
     * How long the stream waits between the end of one polling round and the start of the next.
     * Default 10 s; the public mirrors throttle, so keep it at a few seconds or more there.
     *
     * @throws IllegalArgumentException if null or outside 100 ms .. 1 h
     */
    public Builder pollInterval(Duration value) {
      if (value == null || value.compareTo(MIN_POLL) < 0 || value.compareTo(MAX_POLL) > 0) {
        throw new IllegalArgumentException(
            "pollInterval must be between 100 ms and 1 h, but was " + value);
      }
      this.pollInterval = value;
      return this;
    }

    /**
     * The asset code to use for token {@code tokenId} (for example {@code USDC} for {@code
     * 0.0.456858}); tokens without one are coded by their id.
     *
     * @throws IllegalArgumentException if the token id is not {@code shard.realm.num}, the code is
     *     not a valid asset code or is {@code HBAR}, or another token already has the code
     */
    public Builder tokenCode(String tokenId, String code) {
      EntityId token = EntityId.plain("tokenId", tokenId);
      try {
        Asset.of(code, 0);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "tokenCode code for " + token + " is invalid: " + e.getMessage(), e);
      }
      if (code.equals(Holdings.HBAR.code())) {
        throw new IllegalArgumentException("tokenCode code for " + token + " must not be HBAR");
      }
      for (Map.Entry<String, String> e : tokenCodes.entrySet()) {
        if (e.getValue().equals(code) && !e.getKey().equals(token.toString())) {
          throw new IllegalArgumentException(
              "tokenCode " + Checks.quote(code) + " is already the code of token " + e.getKey());
        }
      }
      tokenCodes.put(token.toString(), code);
      return this;
    }

    /**
     * The account transfers are sent from and signed by, and its private key (DER or raw hex,
     * ED25519 or ECDSA). The key is parsed now and then held only by the SDK client in memory.
     * Required for {@link HederaSource#rail()}.
     *
     * @throws IllegalArgumentException if either is null, the account is not a {@code hedera}
     *     account, or the key is not a Hedera private key (the message never repeats it)
     */
    public Builder operator(AccountRef account, Secret privateKey) {
      if (account == null || !account.venueFamily().equals("hedera")) {
        throw new IllegalArgumentException(
            "operator account must be a hedera account (for example "
                + "hedera:testnet/0.0.1234), but was "
                + account);
      }
      Checks.notNull("operator privateKey", privateKey);
      parseKey(privateKey);
      this.operator = account;
      this.operatorKey = privateKey;
      return this;
    }

    /**
     * The most a transfer may be charged in fees, in HBAR; quotes and the funds check use it.
     * Default 1 HBAR.
     *
     * @throws IllegalArgumentException if null, not positive, with more than 8 decimals or above
     *     100 HBAR
     */
    public Builder maxTransactionFee(BigDecimal hbar) {
      if (hbar == null
          || hbar.signum() <= 0
          || hbar.compareTo(BigDecimal.valueOf(100)) > 0
          || hbar.stripTrailingZeros().scale() > 8) {
        throw new IllegalArgumentException(
            "maxTransactionFee must be a positive HBAR amount of at most 100 with"
                + " at most 8 decimals, but was "
                + (hbar == null ? null : hbar.toPlainString()));
      }
      this.maxTransactionFee = Holdings.HBAR.amount("maxTransactionFee", hbar);
      return this;
    }

    /**
     * The consensus nodes to send transfers to, {@code host:port} to node account id (for example
     * {@code "127.0.0.1:50211" -> "0.0.3"}), instead of the network's published address book: for
     * private networks and tests.
     *
     * @throws IllegalArgumentException if empty, an address is not {@code host:port}, or a node id
     *     is not {@code shard.realm.num}
     */
    public Builder consensusNodes(Map<String, String> nodes) {
      if (nodes == null || nodes.isEmpty()) {
        throw new IllegalArgumentException(
            "consensusNodes must name at least one node, but was " + nodes);
      }
      Map<String, AccountId> parsed = new LinkedHashMap<>();
      nodes.forEach(
          (address, node) -> {
            if (address == null || !NODE_ADDRESS.matcher(address).matches()) {
              throw new IllegalArgumentException(
                  "consensusNodes address must be host:port, but was " + Checks.quote(address));
            }
            EntityId id = EntityId.plain("consensusNodes node id of " + address, node);
            parsed.put(address, new AccountId(id.shard(), id.realm(), id.num()));
          });
      this.consensusNodes = parsed;
      return this;
    }

    /**
     * How long a transfer may wait for the network, submission and receipt each. Default 30 s.
     *
     * @throws IllegalArgumentException if null or outside 100 ms .. 10 min
     */
    public Builder consensusTimeout(Duration value) {
      if (value == null
          || value.compareTo(Duration.ofMillis(100)) < 0
          || value.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "consensusTimeout must be between 100 ms and 10 min, but was " + value);
      }
      this.consensusTimeout = value;
      return this;
    }

    /**
     * The clock stamping received balances and receipts. Default UTC system clock.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock value) {
      this.clock = Checks.notNull("clock", value);
      return this;
    }

    /**
     * Returns the source; the HTTP client's threads start now, polling when the stream is attached.
     *
     * @throws IllegalStateException if no network is set, the operator is of another network, or
     *     transfer settings are given without an operator
     */
    public HederaSource build() {
      if (network == null) {
        throw new IllegalStateException("a HederaSource needs network(HederaNetwork)");
      }
      List<String> transferSettings = new ArrayList<>();
      if (maxTransactionFee != null) {
        transferSettings.add("maxTransactionFee");
      }
      if (consensusNodes != null) {
        transferSettings.add("consensusNodes");
      }
      if (consensusTimeout != null) {
        transferSettings.add("consensusTimeout");
      }
      if (operator == null && !transferSettings.isEmpty()) {
        throw new IllegalStateException(
            transferSettings + " configure transfers, which need operator(account, key)");
      }
      if (operator != null) {
        if (!operator.venue().equals(network.venue())) {
          throw new IllegalStateException("operator " + operator + " is not on " + network.venue());
        }
        try {
          EntityId.account(operator, network);
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("operator: " + e.getMessage(), e);
        }
      }
      VenueConfig config =
          venueConfig != null
              ? venueConfig
              : VenueConfig.custom()
                  .name("hedera-" + network.shortName())
                  .rateLimit(50, Duration.ofSeconds(1))
                  .build();
      return new HederaSource(
          this, network, config, operator == null ? null : railSettings(network, operator));
    }

    /**
     * The rail's settings, defaults applied (the fields stay as set, so that the builder can build
     * again), and an SDK client signing for {@code operator}.
     */
    private RailSettings railSettings(HederaNetwork network, AccountRef operator) {
      BigDecimal fee =
          maxTransactionFee != null
              ? maxTransactionFee
              : Holdings.HBAR.amount("maxTransactionFee", BigDecimal.ONE);
      Duration timeout = consensusTimeout != null ? consensusTimeout : Duration.ofSeconds(30);
      Secret key = Objects.requireNonNull(operatorKey, "operator(account, key) sets both");
      Map<String, AccountId> nodes = consensusNodes;
      Client client =
          nodes != null ? Client.forNetwork(nodes) : Client.forName(network.shortName());
      EntityId id = EntityId.account(operator, network);
      client.setOperator(new AccountId(id.shard(), id.realm(), id.num()), parseKey(key));
      client.setDefaultMaxTransactionFee(
          Hbar.fromTinybars(Holdings.HBAR.toUnits(fee).longValueExact()));
      client.setRequestTimeout(timeout);
      client.setGrpcDeadline(timeout);
      client.setCloseTimeout(Duration.ofSeconds(5));
      if (nodes != null) {
        // A handful of known nodes: an unanswering one is tried again soon instead of benched for 8
        // s or more.
        client.setNodeMinBackoff(Duration.ofMillis(100));
        client.setNodeMaxBackoff(Duration.ofSeconds(2));
        client.setMinBackoff(Duration.ofMillis(50));
        client.setMaxBackoff(Duration.ofSeconds(1));
      }
      return new RailSettings(id, client, fee, timeout);
    }

    private static PrivateKey parseKey(Secret key) {
      try {
        return PrivateKey.fromString(key.reveal());
      } catch (RuntimeException e) {
        // The parser's message or cause may quote the key: neither is passed on.
        throw new IllegalArgumentException(
            "operator privateKey is not a Hedera private key (DER or raw hex)");
      }
    }
  }
}
