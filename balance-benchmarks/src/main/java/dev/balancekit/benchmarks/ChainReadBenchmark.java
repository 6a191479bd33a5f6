package dev.balancekit.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.BalanceManager;
import dev.balancekit.BalanceManagerConfig;
import dev.balancekit.SourceState;
import dev.balancekit.cache.CaffeineBalanceCache;
import dev.balancekit.source.hedera.HederaNetwork;
import dev.balancekit.source.hedera.HederaSource;
import dev.balancekit.source.http.VenueConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hedera reads against a fake Mirror Node (a JDK {@link HttpServer} on loopback answering in the
 * documented shapes): a cached {@code balance(account, HBAR)} through the manager with {@link
 * CaffeineBalanceCache}, against the uncached fetch of the same account from the mirror (two HTTP
 * calls: account and token relationships) in the same run.
 *
 * <p>{@link #main} counts upstream calls for 1,000 accounts read 10 times each within the TTL, per
 * account through the manager's cache and batched through the polling stream. Goal: at most one
 * call per account.
 *
 * <p>Run: {@code java -cp balance-benchmarks/target/benchmarks.jar
 * dev.balancekit.benchmarks.ChainReadBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChainReadBenchmark {
  static final int ACCOUNTS = 1_000;
  static final long FIRST = 10_000;
  static final Asset HBAR = Asset.of("HBAR", 8);

  FakeMirror mirror;
  HederaSource hedera;
  BalanceManager manager;
  AccountRef[] accounts;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    mirror = FakeMirror.start();
    hedera = source(mirror);
    accounts = accounts();
    manager =
        BalanceManager.builder()
            .source(hedera.rest())
            .cache(
                CaffeineBalanceCache.builder().ttl(Duration.ofHours(1)).maximumSize(10_000).build())
            .build();
    for (AccountRef a : accounts) {
      manager.balance(a, HBAR);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
    hedera.close();
    mirror.close();
  }

  private AccountRef nextAccount() {
    int i = next;
    next = i + 1 == ACCOUNTS ? 0 : i + 1;
    return accounts[i];
  }

  @Benchmark
  public Balance managerCachedRead() {
    return manager.balance(nextAccount(), HBAR);
  }

  @Benchmark
  public AccountBalances uncachedMirrorFetch() {
    return hedera.rest().fetch(nextAccount()).join();
  }

  static AccountRef[] accounts() {
    AccountRef[] refs = new AccountRef[ACCOUNTS];
    for (int i = 0; i < ACCOUNTS; i++) {
      refs[i] = AccountRef.of("hedera:testnet", "0.0." + (FIRST + i));
    }
    return refs;
  }

  static HederaSource source(FakeMirror mirror) {
    return HederaSource.builder()
        .network(HederaNetwork.TESTNET)
        .mirrorUrl(mirror.url())
        .venueConfig(
            VenueConfig.custom()
                .name("hedera-bench")
                .rateLimit(1_000_000, Duration.ofSeconds(1))
                .managerConfig(
                    BalanceManagerConfig.custom().restTimeout(Duration.ofSeconds(30)).build())
                .build())
        .pollInterval(Duration.ofSeconds(5))
        .build();
  }

  /** Upstream calls of 1,000 accounts read 10 times each within a 30 s TTL. */
  public static void main(String[] args) throws InterruptedException {
    AccountRef[] refs = accounts();
    try (FakeMirror mirror = FakeMirror.start()) {
      try (HederaSource hedera = source(mirror);
          BalanceManager m =
              BalanceManager.builder()
                  .source(hedera.rest())
                  .cache(
                      CaffeineBalanceCache.builder()
                          .ttl(Duration.ofSeconds(30))
                          .maximumSize(10_000)
                          .build())
                  .build()) {
        readTenTimes(m, refs);
      }
      long perAccount = mirror.calls();
      System.out.printf(
          "1,000 accounts x 10 reads, TTL 30 s, manager(rest + CaffeineBalanceCache):%n");
      System.out.printf(
          "  upstream calls %d (%.3f per account: account + token relationships; %s)%n",
          perAccount, perAccount / (double) ACCOUNTS, mirror.breakdown());

      mirror.reset();
      try (HederaSource hedera = source(mirror)) {
        for (AccountRef a : refs) {
          hedera.stream().track(a);
        }
        try (BalanceManager m =
            BalanceManager.builder()
                .source(hedera.stream())
                .fallback(hedera.rest())
                .cache(
                    CaffeineBalanceCache.builder()
                        .ttl(Duration.ofSeconds(30))
                        .maximumSize(10_000)
                        .build())
                .build()) {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (hedera.stream().state() != SourceState.LIVE
              || hedera.stream().view(refs[ACCOUNTS - 1]).isEmpty()) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("the stream did not read the accounts within 30 s");
            }
            Thread.sleep(10);
          }
          readTenTimes(m, refs);
        }
      }
      long batched = mirror.calls();
      System.out.printf(
          "manager(stream polling /api/v1/balances + rest fallback + cache), first round only:%n");
      System.out.printf(
          "  upstream calls %d (%.3f per account; %s)%n",
          batched, batched / (double) ACCOUNTS, mirror.breakdown());
    }
  }

  private static void readTenTimes(BalanceManager m, AccountRef[] refs) {
    for (int round = 0; round < 10; round++) {
      for (AccountRef a : refs) {
        m.balance(a, HBAR);
      }
    }
  }

  /**
   * A Mirror Node on loopback: every account {@code 0.0.n} holds {@code n} tinybars x 100 and
   * {@code n} units of token {@code 0.0.9000} (2 decimals). Counts the calls per endpoint.
   */
  static final class FakeMirror implements AutoCloseable {
    private static final Pattern ACCOUNT = Pattern.compile("/api/v1/accounts/0\\.0\\.(\\d+)");
    private static final Pattern TOKENS = Pattern.compile("/api/v1/accounts/0\\.0\\.(\\d+)/tokens");
    private static final Pattern BOUND =
        Pattern.compile("account\\.id=(gte|gt|lte):0\\.0\\.(\\d+)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final AtomicLong accountCalls = new AtomicLong();
    private final AtomicLong tokenCalls = new AtomicLong();
    private final AtomicLong balancesCalls = new AtomicLong();
    private final AtomicLong tokenInfoCalls = new AtomicLong();

    private FakeMirror(HttpServer server) {
      this.server = server;
    }

    static FakeMirror start() {
      // Without TCP_NODELAY the JDK server's header and body writes meet delayed ACKs: ~40 ms a
      // call.
      System.setProperty("sun.net.httpserver.nodelay", "true");
      try {
        // 127.0.0.1, the address url() names, given as bytes: no name to resolve.
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 64);
        FakeMirror mirror = new FakeMirror(server);
        server.createContext("/api/v1/", mirror::handle);
        server.setExecutor(mirror.threads);
        server.start();
        return mirror;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long calls() {
      return accountCalls.get() + tokenCalls.get() + balancesCalls.get() + tokenInfoCalls.get();
    }

    String breakdown() {
      return "accounts "
          + accountCalls.get()
          + ", tokens "
          + tokenCalls.get()
          + ", balances pages "
          + balancesCalls.get()
          + ", token info "
          + tokenInfoCalls.get();
    }

    void reset() {
      accountCalls.set(0);
      tokenCalls.set(0);
      balancesCalls.set(0);
      tokenInfoCalls.set(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
      URI uri = exchange.getRequestURI();
      String path = uri.getPath();
      String body;
      Matcher tokens = TOKENS.matcher(path);
      Matcher account = ACCOUNT.matcher(path);
      if (tokens.matches()) {
        tokenCalls.incrementAndGet();
        body =
            "{\"tokens\":[{\"token_id\":\"0.0.9000\",\"balance\":"
                + tokens.group(1)
                + ",\"decimals\":2}],\"links\":{\"next\":null}}";
      } else if (account.matches()) {
        accountCalls.incrementAndGet();
        long n = Long.parseLong(account.group(1));
        body =
            "{\"account\":\"0.0."
                + n
                + "\",\"balance\":{\"balance\":"
                + (n * 100)
                + ",\"timestamp\":\"1700000000.000000001\",\"tokens\":[]},\"max_automatic_token_associations\":0}";
      } else if (path.equals("/api/v1/balances")) {
        balancesCalls.incrementAndGet();
        body = balancesPage(uri.getRawQuery());
      } else if (path.equals("/api/v1/tokens/0.0.9000")) {
        tokenInfoCalls.incrementAndGet();
        body = "{\"token_id\":\"0.0.9000\",\"symbol\":\"BENCH\",\"decimals\":\"2\"}";
      } else {
        body = "{\"_status\":{\"messages\":[{\"message\":\"Not found\"}]}}";
        reply(exchange, 404, body);
        return;
      }
      reply(exchange, 200, body);
    }

    /** One ascending page of up to 100 accounts within the query's bounds. */
    private static String balancesPage(@Nullable String query) {
      long from = 0;
      long to = Long.MAX_VALUE;
      Matcher bound = BOUND.matcher(query == null ? "" : query);
      while (bound.find()) {
        long n = Long.parseLong(bound.group(2));
        switch (bound.group(1)) {
          case "gte" -> from = n;
          case "gt" -> from = n + 1;
          default -> to = n;
        }
      }
      long last = Math.min(to, from + 99);
      List<String> entries = new ArrayList<>();
      for (long n = from; n <= last; n++) {
        entries.add(
            "{\"account\":\"0.0."
                + n
                + "\",\"balance\":"
                + (n * 100)
                + ",\"tokens\":[{\"token_id\":\"0.0.9000\",\"balance\":"
                + n
                + "}]}");
      }
      String next =
          last >= to
              ? "null"
              : "\"/api/v1/balances?account.id=gt:0.0."
                  + last
                  + "&account.id=lte:0.0."
                  + to
                  + "&order=asc&limit=100\"";
      return "{\"timestamp\":\"1700000000.000000001\",\"balances\":["
          + String.join(",", entries)
          + "],\"links\":{\"next\":"
          + next
          + "}}";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
    }
  }
}
