package dev.balancekit.source.http;

import dev.balancekit.AccountBalances;
import dev.balancekit.AccountNotFoundException;
import dev.balancekit.AccountRef;
import dev.balancekit.spi.BalanceSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BalanceSource} configured without code: GET a URL made from a template with an {@code
 * {account}} placeholder, read the balances with a {@link JsonBalanceLayout}, and answer with a
 * complete snapshot ({@link AccountBalances#snapshot}). Calls go through a {@link VenueClient}
 * (rate limiter, circuit breaker, retry, timeouts, size and number limits).
 *
 * <p>{@link #fetch} fails with {@link AccountNotFoundException} on HTTP 404 (unless {@link
 * Builder#notFoundMeansUnknownAccount(boolean) turned off}), with {@link HttpSourceException} for
 * other bad answers, and with {@link dev.balancekit.SourceUnavailableException} when the venue
 * client refuses the call. A malformed body never becomes a balance. {@link #state()} and the sink
 * given to {@link #attach} follow the venue client's state.
 *
 * <p>Thread-safe. Closing it does not close the shared {@link VenueClient}.
 */
public final class RestBalanceSource extends VenueSource {

  private final String urlTemplate;
  private final @Nullable String venue;
  private final Headers headers;
  private final JsonBalanceLayout layout;
  private final boolean notFoundMeansUnknownAccount;
  private final Clock clock;
  private final LongAdder skippedUnknownAssets = new LongAdder();

  private RestBalanceSource(
      Builder b, VenueClient client, String urlTemplate, JsonBalanceLayout layout) {
    // The shared venue client stays open: whoever built it closes it.
    super(b.name != null ? b.name : client.name() + "-rest", client, () -> {});
    this.urlTemplate = urlTemplate;
    this.venue = b.venue;
    this.headers = b.headers.build();
    this.layout = layout;
    this.notFoundMeansUnknownAccount = b.notFoundMeansUnknownAccount;
    this.clock = b.clock;
  }

  /** A builder; {@code client}, {@code urlTemplate} and {@code layout} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code account} is on the configured venue (any venue if none was configured). */
  @Override
  public boolean supports(AccountRef account) {
    return venue == null || (account != null && venue.equals(account.venue()));
  }

  /**
   * GETs the account's URL and reads a complete snapshot; fails as the class documentation says.
   */
  @Override
  protected CompletableFuture<AccountBalances> read(AccountRef account) {
    HttpUrl url =
        HttpUrl.get(urlTemplate.replace(Builder.PLACEHOLDER, encodePathSegment(account.id())));
    CompletableFuture<AccountBalances> call =
        client()
            .call(
                () -> new Request.Builder().url(url).headers(headers).get().build(),
                body ->
                    layout.read(
                        body,
                        account,
                        name(),
                        clock.instant(),
                        OptionalLong.empty(),
                        true,
                        skippedUnknownAssets));
    return Futures.translateFailure(
        call,
        error ->
            notFoundMeansUnknownAccount
                    && error instanceof HttpSourceException http
                    && http.kind() == HttpSourceException.Kind.NOT_FOUND
                ? AccountNotFoundException.of(account, name())
                : error);
  }

  @Override
  protected String served() {
    return venue == null ? "any venue" : "venue '" + venue + "'";
  }

  /** How many balances of unconfigured assets were skipped since this source was built. */
  public long skippedUnknownAssets() {
    return skippedUnknownAssets.sum();
  }

  @Override
  public String toString() {
    return "RestBalanceSource{"
        + name()
        + ", "
        + Redaction.url(urlTemplate.replace(Builder.PLACEHOLDER, "ACCOUNT"))
        + ", headers="
        + headers.names()
        + ", "
        + state()
        + '}';
  }

  /**
   * Percent-encodes everything but RFC 3986 unreserved characters, so an id cannot escape its path
   * segment.
   */
  private static String encodePathSegment(String id) {
    StringBuilder s = new StringBuilder();
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        s.append((char) c);
      } else {
        s.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return s.toString();
  }

  /**
   * Builds a {@link RestBalanceSource}; every setter checks its argument at once. Not thread-safe.
   */
  public static final class Builder {
    static final String PLACEHOLDER = "{account}";

    private @Nullable String name;
    private @Nullable VenueClient client;
    private @Nullable String urlTemplate;
    private @Nullable String venue;
    private final Headers.Builder headers = new Headers.Builder();
    private final Map<String, Boolean> headerNames = new LinkedHashMap<>();
    private @Nullable JsonBalanceLayout layout;
    private boolean notFoundMeansUnknownAccount = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The source's name; defaults to the venue client's name plus {@code -rest}.
     *
     * @throws IllegalArgumentException if null or blank
     */
    public Builder name(String value) {
      this.name = Checks.notBlank("name", value);
      return this;
    }

    /**
     * The venue client making the calls (shared; not closed by this source).
     *
     * @throws IllegalArgumentException if null
     */
    public Builder client(VenueClient value) {
      this.client = Checks.notNull("client", value);
      return this;
    }

    /**
     * The URL to GET, with {@code {account}} where the account id goes (percent-encoded), for
     * example {@code https://mainnet.mirrornode.hedera.com/api/v1/accounts/{account}}.
     *
     * @throws IllegalArgumentException if null, without the placeholder, or not an http(s) URL
     */
    public Builder urlTemplate(String template) {
      if (template == null || !template.contains(PLACEHOLDER)) {
        throw new IllegalArgumentException(
            "urlTemplate must contain "
                + PLACEHOLDER
                + ", but was "
                + Checks.quote(Redaction.url(template)));
      }
      if (HttpUrl.parse(template.replace(PLACEHOLDER, "x")) == null) {
        throw new IllegalArgumentException(
            "urlTemplate must be an http or https URL, but was "
                + Checks.quote(Redaction.url(template)));
      }
      this.urlTemplate = template;
      return this;
    }

    /**
     * Serve only accounts of this venue (for example {@code hedera:mainnet}); by default every
     * account.
     *
     * @throws IllegalArgumentException if null or blank
     */
    public Builder venue(String value) {
      this.venue = Checks.notBlank("venue", value);
      return this;
    }

    /**
     * Sends a header that is not secret.
     *
     * @throws IllegalArgumentException if the name or value is null or not a legal header, or the
     *     name was set before
     */
    public Builder header(String headerName, String value) {
      Checks.notNull("header value", value);
      addHeader(headerName, value);
      return this;
    }

    /**
     * Sends a secret header (an API key); its value never appears in logs, messages or {@code
     * toString}.
     *
     * @throws IllegalArgumentException if the name is null or not legal, the secret is null or has
     *     illegal characters (the message does not repeat it), or the name was set before
     */
    public Builder header(String headerName, Secret value) {
      Checks.notNull("header value", value);
      addHeader(headerName, value.reveal());
      return this;
    }

    private void addHeader(String headerName, String value) {
      Checks.notBlank("header name", headerName);
      if (headerNames.putIfAbsent(headerName.toLowerCase(java.util.Locale.ROOT), Boolean.TRUE)
          != null) {
        throw new IllegalArgumentException("header name '" + headerName + "' was already set");
      }
      try {
        headers.add(headerName, value);
      } catch (IllegalArgumentException e) {
        headerNames.remove(headerName.toLowerCase(java.util.Locale.ROOT));
        // OkHttp's message may quote the value; report without it.
        throw new IllegalArgumentException(
            "header '" + headerName + "' has an illegal character in its name or value");
      }
    }

    /**
     * Where the balances are in the answer, and which assets to read.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder layout(JsonBalanceLayout value) {
      this.layout = Checks.notNull("layout", value);
      return this;
    }

    /** Whether HTTP 404 means "no such account" (the default) rather than a wrong URL. */
    public Builder notFoundMeansUnknownAccount(boolean value) {
      this.notFoundMeansUnknownAccount = value;
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
     * Returns the source.
     *
     * @throws IllegalStateException if client, urlTemplate or layout is missing
     */
    public RestBalanceSource build() {
      if (client == null || urlTemplate == null || layout == null) {
        throw new IllegalStateException(
            "a RestBalanceSource needs client, urlTemplate and layout (client="
                + client
                + ", urlTemplate="
                + (urlTemplate == null ? null : Redaction.url(urlTemplate))
                + ", layout="
                + layout
                + ")");
      }
      return new RestBalanceSource(this, client, urlTemplate, layout);
    }
  }
}
