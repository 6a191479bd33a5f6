package dev.balancekit.source.algorand;

import com.algorand.algosdk.crypto.Address;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.SourceUnavailableException;
import dev.balancekit.source.http.Checks;
import dev.balancekit.source.http.Secret;
import dev.balancekit.spi.BalanceSource;
import dev.balancekit.spi.TransferRail;
import dev.balancekit.transfer.TransferRequest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Algorand through an algod node (algosdk's {@code AlgodClient}): balances of ALGO and ASAs, send
 * checks that say exactly what is wrong, and a {@linkplain #rail() transfer rail} for payments, ASA
 * transfers and atomic groups.
 *
 * <pre>{@code
 * AlgorandSource algorand = AlgorandSource.builder()
 *     .network("testnet")                                   // accounts on venue algorand:testnet
 *     .algodUrl("https://testnet-api.algonode.cloud")
 *     .signer(Secret.of(System.getenv("ALGORAND_MNEMONIC"))) // only needed to send
 *     .build();
 * SendCheck check = algorand.checkSend(TransferRequest.of(from, to, AlgorandSource.algo(), new BigDecimal("5")));
 * BalanceManager manager = BalanceManager.builder().source(algorand).transfers(algorand.rail()).build();
 * }</pre>
 *
 * <h2>Balances</h2>
 *
 * From {@code /v2/accounts/{address}}, as a complete snapshot: every asset the account has opted
 * into, and ALGO. ALGO: {@code total} = {@code amount}; {@code held} = the part locked by the
 * account's minimum balance ({@code min-balance}: 0.1 ALGO plus 0.1 per opted-in asset or app);
 * {@code available} = total - held, the spendable ALGO. ASAs: decimals and unit name (the code;
 * {@code ASA-<id>} when the unit name is not a usable code) from {@code /v2/assets/{id}}, cached;
 * the asset id is the {@linkplain Asset#venueId() venue id}; amounts are exact up to 2^64-1 base
 * units; a frozen holding is all held. {@link dev.balancekit.Balance#sequence()} is algod's round.
 *
 * <p>algod answers an address that never received anything with amount 0: that is a real zero on
 * chain, reported as such. {@link dev.balancekit.AccountNotFoundException} comes only when algod
 * answers 404. A failing or undecodable answer (malformed JSON, no {@code Content-Type}, a number
 * out of range) fails the fetch with {@link dev.balancekit.source.http.HttpSourceException}; a
 * closed source with {@link SourceUnavailableException}. Never a null, never an invented zero.
 *
 * <h2>Send checks</h2>
 *
 * {@link #checkSend} and {@link #checkGroup} verify a send as algod would, without signing; see
 * {@link SendCheck} for the order of checks. Fee per transaction = max(fee-per-byte x estimated
 * size, min-fee) from {@code /v2/transactions/params}. With {@link Builder#simulate(boolean)} a
 * send that passes is also run through algod's {@code /v2/transactions/simulate} (skipped when the
 * node answers 404).
 *
 * <p>Secrets (the algod API token and signing mnemonics) stay in memory and never appear in {@code
 * toString()}, logs or exception messages.
 *
 * <p>Thread-safe. Owns a small thread pool for {@link #fetch} until {@link #close()}.
 */
public final class AlgorandSource implements BalanceSource {

  /** The header algod reads its API token from. */
  public static final String DEFAULT_TOKEN_HEADER = "X-Algo-API-Token";

  private final String name;
  private final String venue;
  private final HttpUrl algodUrl;
  private final Algod algod;
  private final AssetDirectory assets;
  private final SendPlanner planner;
  private final AlgorandRail rail;
  private final ExecutorService executor;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AlgorandSource(Builder b, String network, HttpUrl algodUrl) {
    this.name = b.name;
    this.venue = "algorand:" + network;
    this.algodUrl = algodUrl;
    this.clock = b.clock;
    this.algod = new Algod(name, algodUrl, b.apiToken, b.tokenHeader, b.requestTimeout);
    this.assets = new AssetDirectory(algod);
    this.planner = new SendPlanner(venue, algod, assets, b.simulate);
    this.rail =
        new AlgorandRail(
            name,
            venue,
            algod,
            planner,
            b.signers.isEmpty() ? Signers.none() : Signers.of(b.signers),
            b.confirmationTimeout,
            b.pollInterval,
            clock);
    this.executor = Executors.newFixedThreadPool(b.threads, daemonThreads(name));
  }

  /** A builder; {@code network} and {@code algodUrl} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** ALGO: code {@code ALGO}, 6 decimals (microAlgos), no venue id. */
  public static Asset algo() {
    return AssetDirectory.ALGO;
  }

  @Override
  public String name() {
    return name;
  }

  /** The venue of the accounts this source serves, for example {@code algorand:testnet}. */
  public String venue() {
    return venue;
  }

  /**
   * Whether {@code account} is on this source's venue (its address checksum was checked by {@link
   * AccountRef}).
   */
  @Override
  public boolean supports(AccountRef account) {
    return account != null && account.venue().equals(venue);
  }

  /**
   * Reads every balance of {@code account} from algod, on this source's threads. Cancelling the
   * future abandons the read.
   *
   * @return a future failed with {@link IllegalArgumentException} for an account of another venue,
   *     {@link dev.balancekit.AccountNotFoundException} if algod answers 404, {@link
   *     dev.balancekit.source.http.HttpSourceException} if algod fails or answers badly, {@link
   *     SourceUnavailableException} once closed
   */
  @Override
  public CompletableFuture<AccountBalances> fetch(AccountRef account) {
    if (!supports(account)) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "source '" + name + "' serves " + venue + " accounts, not " + account));
    }
    CompletableFuture<AccountBalances> result = new CompletableFuture<>();
    Future<?> task;
    try {
      task =
          executor.submit(
              () -> {
                try {
                  result.complete(
                      ChainAccount.read(algod, account, address(account))
                          .balances(assets, name, clock.instant()));
                } catch (RuntimeException e) {
                  result.completeExceptionally(e);
                }
              });
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(SourceUnavailableException.of(name, "closed"));
    }
    // Only a cancellation matters here; the caller holds result and sees its outcome.
    var unused =
        result.whenComplete(
            (value, error) -> {
              if (result.isCancelled()) {
                task.cancel(true);
              }
            });
    return result;
  }

  /**
   * The ASA with {@code assetId} as BalanceKit names it (unit name as code, decimals, the id as
   * venue id), for building a {@link TransferRequest}. Blocks on algod unless cached.
   *
   * @return empty if algod does not know the asset
   * @throws dev.balancekit.source.http.HttpSourceException if algod fails or answers badly
   */
  public Optional<Asset> asset(long assetId) {
    return assets.asa(assetId).map(AssetDirectory.Asa::asset);
  }

  /**
   * Checks one transfer without signing anything. Blocks on algod.
   *
   * @throws NullPointerException if {@code request} is null
   * @throws dev.balancekit.source.http.HttpSourceException or {@link
   *     dev.balancekit.AccountNotFoundException} if algod cannot say what the check needs
   */
  public SendCheck checkSend(TransferRequest request) {
    Objects.requireNonNull(request, "request");
    return planner.plan(List.of(LegInput.of(request))).check();
  }

  /**
   * Checks one transfer given as a person typed it (a command line): every problem with the input
   * (a mistyped address, an unknown asset, too many decimals, zero) is a refusing finding, not an
   * exception. Blocks on algod.
   *
   * @param asset {@code ALGO} or an ASA id such as {@code 31566704}
   * @throws dev.balancekit.source.http.HttpSourceException or {@link
   *     dev.balancekit.AccountNotFoundException} if algod cannot say what the check needs
   */
  public SendCheck checkSend(String from, String to, String asset, String amount) {
    return planner.plan(List.of(LegInput.raw(from, to, asset, amount))).check();
  }

  /**
   * Checks {@code requests} as one atomic group, leg by leg in order, so a leg may spend what an
   * earlier leg paid in, and not what a later one will. At most 16 legs. Blocks on algod.
   *
   * @throws IllegalArgumentException if {@code requests} is null or holds null
   * @throws dev.balancekit.source.http.HttpSourceException or {@link
   *     dev.balancekit.AccountNotFoundException} if algod cannot say what the check needs
   */
  public SendCheck checkGroup(List<TransferRequest> requests) {
    if (requests == null || requests.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("requests must be a list without nulls");
    }
    return planner.plan(requests.stream().map(LegInput::of).toList()).check();
  }

  /**
   * The transfer rail: quote, submit and submitGroup on this node, each checked as {@link
   * #checkSend} before signing and refused with the check's typed exception ({@link
   * dev.balancekit.transfer.InsufficientFundsException}, {@link
   * dev.balancekit.transfer.RecipientNotOptedInException}, {@link
   * dev.balancekit.transfer.TransferRejectedException}). Submitting needs a {@linkplain
   * Builder#signer signer} for each sender (rule {@code no_signer} otherwise), waits for {@code
   * confirmed-round} up to the {@linkplain Builder#confirmationTimeout confirmation timeout}, and
   * throws {@link UnconfirmedTransferException} when the outcome is not known by then; a
   * transaction algod drops from its pool is refused with rule {@code pool_error}.
   */
  public TransferRail rail() {
    return rail;
  }

  /** Stops the fetch threads. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "AlgorandSource{"
        + name
        + ", "
        + venue
        + ", algod="
        + algodUrl.scheme()
        + "://"
        + algodUrl.host()
        + ":"
        + algodUrl.port()
        + ", "
        + rail.toString()
        + (closed.get() ? ", closed}" : "}");
  }

  private static Address address(AccountRef account) {
    try {
      return new Address(account.id());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512/256 is required by the Java platform", e);
    }
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-algod-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Builds an {@link AlgorandSource}. Each setter checks its argument at once and throws {@link
   * IllegalArgumentException} naming it and its value (never a secret's value); {@link #build()}
   * throws {@link IllegalStateException} for missing or conflicting settings. Not thread-safe.
   */
  public static final class Builder {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,40}");
    private static final Pattern NETWORK = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,63}");
    private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9\\-]{1,64}");

    private String name = "algorand";
    // Null until set; build() requires network and algodUrl.
    private @Nullable String network;
    private @Nullable HttpUrl algodUrl;
    private @Nullable Secret apiToken;
    private String tokenHeader = DEFAULT_TOKEN_HEADER;
    private final List<Secret> signers = new ArrayList<>();
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration confirmationTimeout = Duration.ofSeconds(60);
    private Duration pollInterval = Duration.ofSeconds(1);
    private boolean simulate;
    private int threads = 4;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The source's name in balances, receipts and status. Default {@code algorand}.
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
     * The network: {@code mainnet}, {@code testnet}, {@code betanet} or a private one ({@code
     * localnet}); accounts are on venue {@code algorand:<network>}. For the public networks every
     * send check also verifies that the node serves that network (its genesis id). Required.
     *
     * @throws IllegalArgumentException unless 1-64 lower-case letters, digits, {@code _ . -}
     */
    public Builder network(String value) {
      if (value == null || !NETWORK.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "network must be a lower-case name such as 'testnet', but was " + Checks.quote(value));
      }
      this.network = value;
      return this;
    }

    /**
     * The algod base URL, for example {@code https://testnet-api.algonode.cloud} or {@code
     * http://localhost:4001}. Required.
     *
     * @throws IllegalArgumentException if not an http(s) URL, or it has a query or fragment
     */
    public Builder algodUrl(String value) {
      HttpUrl parsed = value == null ? null : HttpUrl.parse(value.strip());
      if (parsed == null || parsed.query() != null || parsed.fragment() != null) {
        throw new IllegalArgumentException(
            "algodUrl must be an http(s) URL without query or fragment, but was "
                + Checks.quote(value));
      }
      this.algodUrl = parsed;
      return this;
    }

    /**
     * The algod API token, sent in {@link #apiTokenHeader the token header}. Default none (public
     * nodes).
     *
     * @throws IllegalArgumentException if null
     */
    public Builder apiToken(Secret value) {
      this.apiToken = Checks.notNull("apiToken", value);
      return this;
    }

    /**
     * The header carrying the API token. Default {@value AlgorandSource#DEFAULT_TOKEN_HEADER}.
     *
     * @throws IllegalArgumentException unless 1-64 letters, digits or {@code -}
     */
    public Builder apiTokenHeader(String value) {
      if (value == null || !HEADER.matcher(value).matches()) {
        throw new IllegalArgumentException(
            "apiTokenHeader must be an HTTP header name, but was " + Checks.quote(value));
      }
      this.tokenHeader = value;
      return this;
    }

    /**
     * Adds a signing key, as its 25-word mnemonic; the rail signs transactions from its address.
     * Call once per sender. The mnemonic is turned into a key now and kept only in memory.
     *
     * @throws IllegalArgumentException if null or not a valid mnemonic (the message never repeats
     *     it)
     */
    public Builder signer(Secret mnemonic) {
      Checks.notNull("signer", mnemonic);
      Signers.account(mnemonic, signers.size() + 1);
      signers.add(mnemonic);
      return this;
    }

    /**
     * Connect, read and write timeout of each algod call. Default 10 s.
     *
     * @throws IllegalArgumentException if null or not positive
     */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = Checks.positive("requestTimeout", value);
      return this;
    }

    /**
     * How long a submit waits for {@code confirmed-round}. Default 60 s (about 20 rounds).
     *
     * @throws IllegalArgumentException if null or not positive
     */
    public Builder confirmationTimeout(Duration value) {
      this.confirmationTimeout = Checks.positive("confirmationTimeout", value);
      return this;
    }

    /**
     * Pause between two looks at a pending transaction. Default 1 s.
     *
     * @throws IllegalArgumentException if null or under 1 ms
     */
    public Builder confirmationPollInterval(Duration value) {
      if (value == null || value.toMillis() < 1) {
        throw new IllegalArgumentException(
            "confirmationPollInterval must be at least 1 ms, but was " + value);
      }
      this.pollInterval = value;
      return this;
    }

    /** Whether sends that pass the checks are also simulated by algod. Default false. */
    public Builder simulate(boolean value) {
      this.simulate = value;
      return this;
    }

    /**
     * Threads for {@link AlgorandSource#fetch}. Default 4.
     *
     * @throws IllegalArgumentException unless 1-64
     */
    public Builder threads(int value) {
      this.threads = (int) Checks.between("threads", value, 1, 64);
      return this;
    }

    /**
     * The clock stamping balances and receipts. Default UTC system clock.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder clock(Clock value) {
      this.clock = Checks.notNull("clock", value);
      return this;
    }

    /**
     * Returns the source; its threads start now.
     *
     * @throws IllegalStateException if network or algodUrl is missing, or the poll interval is not
     *     below the confirmation timeout
     */
    public AlgorandSource build() {
      if (network == null || algodUrl == null) {
        throw new IllegalStateException(
            "an AlgorandSource needs network and algodUrl (network="
                + network
                + ", algodUrl="
                + algodUrl
                + ")");
      }
      if (pollInterval.compareTo(confirmationTimeout) >= 0) {
        throw new IllegalStateException(
            "confirmationPollInterval ("
                + pollInterval
                + ") must be below confirmationTimeout ("
                + confirmationTimeout
                + ")");
      }
      return new AlgorandSource(this, network, algodUrl);
    }

    @Override
    public String toString() {
      return "AlgorandSource.Builder{"
          + name
          + ", network="
          + network
          + ", apiToken="
          + (apiToken == null ? "none" : "set")
          + ", signers="
          + signers.size()
          + '}';
    }
  }
}
