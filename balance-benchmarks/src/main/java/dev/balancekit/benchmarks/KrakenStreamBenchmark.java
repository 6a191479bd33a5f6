package dev.balancekit.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.source.http.JsonAmounts;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import dev.balancekit.source.kraken.KrakenSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
 * Parse + apply of one Kraken WebSocket v2 {@code balances} update (the fixture's deposit, with
 * increasing sequence numbers) on one thread, messages per second. Goal: at least 500,000 msg/s.
 *
 * <ul>
 *   <li>{@code streamingParser}: {@link KrakenSource#messageReader()} (Jackson's streaming parser,
 *       amounts checked against the asset's scale, the ledger timestamp, the per-wallet breakdown
 *       kept and checked against the total), then merged into the account's view.
 *   <li>{@code baselineJacksonTree}: the same message through Jackson's {@code readTree}, mapped by
 *       hand to the same balance (total, timestamp, sequence; no wallet breakdown), then merged the
 *       same way.
 * </ul>
 *
 * <p>Every 4,096 messages the sequence starts over, which the reader sees as a gap; the snapshot is
 * read again then (in both benchmarks), so that the reader stays on its usual path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KrakenStreamBenchmark {
  static final int MESSAGES = 4096;
  static final AccountRef ACCOUNT = AccountRef.of("kraken", "main");
  static final Asset BTC = Asset.of("BTC", 10);
  static final Asset USD = Asset.of("USD", 4);
  static final Asset MATIC = Asset.of("MATIC", 10);
  static final String SNAPSHOT =
      "{\"channel\":\"balances\",\"data\":[{\"asset\":\"BTC\",\"asset_class\":\"currency\","
          + "\"balance\":1.2,\"wallets\":[{\"type\":\"spot\",\"id\":\"main\",\"balance\":1.2}]},{\"asset\":\"MATIC\","
          + "\"asset_class\":\"currency\",\"balance\":500,\"wallets\":[{\"type\":\"spot\",\"id\":\"main\",\"balance\":300},"
          + "{\"type\":\"earn\",\"id\":\"flex\",\"balance\":200}]},{\"asset\":\"USD\",\"asset_class\":\"currency\","
          + "\"balance\":80595.4943,\"wallets\":[{\"type\":\"spot\",\"id\":\"main\",\"balance\":80595.4943}]}],"
          + "\"type\":\"snapshot\",\"sequence\":1}";

  KrakenSource kraken;
  Function<String, StreamMessage> reader;
  ObjectMapper mapper;
  Map<String, Asset> assets;
  Clock clock;
  String[] updates;
  AccountBalances view;
  int next;

  @Setup(Level.Trial)
  public void setUp() {
    kraken =
        KrakenSource.builder()
            .account(ACCOUNT)
            .apiKey(Secret.of("benchmark-key"))
            .apiSecret(Secret.of(Base64.getEncoder().encodeToString(new byte[64])))
            .assets(BTC, USD, MATIC)
            .build();
    reader = kraken.messageReader();
    mapper = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    assets = Map.of("BTC", BTC, "USD", USD, "MATIC", MATIC);
    clock = Clock.systemUTC();
    updates = new String[MESSAGES];
    for (int i = 0; i < MESSAGES; i++) {
      // A deposit of 0.01 BTC each: the spot wallet and the total move together.
      BigDecimal balance =
          new BigDecimal("1.2").add(new BigDecimal("0.01").multiply(BigDecimal.valueOf(i + 1)));
      updates[i] =
          "{\"channel\":\"balances\",\"type\":\"update\",\"data\":[{\"ledger_id\":\"ADKKFF-WEA5A-CNUBHG\","
              + "\"ref_id\":\"AGBWUJRU-LAREZ-W3UFAN\",\"timestamp\":\"2023-09-22T10:23:42.925034Z\",\"type\":\"deposit\","
              + "\"asset\":\"BTC\",\"asset_class\":\"currency\",\"category\":\"deposit\",\"wallet_type\":\"spot\","
              + "\"wallet_id\":\"main\",\"amount\":0.01,\"fee\":0.0,\"balance\":"
              + balance.toPlainString()
              + "}],"
              + "\"sequence\":"
              + (i + 2)
              + "}";
    }
    view = reader.apply(SNAPSHOT).balances().orElseThrow();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    kraken.close();
  }

  /** The next update; at the wrap the snapshot is read again, as a reconnect would. */
  private String nextUpdate() {
    if (next == MESSAGES) {
      next = 0;
      view = reader.apply(SNAPSHOT).balances().orElseThrow();
    }
    return updates[next++];
  }

  @Benchmark
  public AccountBalances streamingParser() {
    StreamMessage message = reader.apply(nextUpdate());
    view = view.merge(message.balances().orElseThrow());
    return view;
  }

  @Benchmark
  public AccountBalances baselineJacksonTree() {
    JsonNode root;
    try {
      root = mapper.readTree(nextUpdate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!"balances".equals(root.path("channel").asText())
        || !"update".equals(root.path("type").asText())) {
      throw new IllegalStateException("not a balances update");
    }
    long sequence = root.path("sequence").asLong();
    Instant now = clock.instant();
    List<Balance> balances = new ArrayList<>(1);
    for (JsonNode entry : root.path("data")) {
      Asset asset = assets.get(entry.path("asset").asText());
      if (asset == null) {
        throw new IllegalStateException("an update of an asset not set up");
      }
      balances.add(
          Balance.builder(ACCOUNT, asset)
              .total(JsonAmounts.read(asset, "balance", entry.get("balance")))
              .source("kraken-stream")
              .observedAt(Instant.parse(entry.path("timestamp").asText()))
              .receivedAt(now)
              .sequence(sequence)
              .build());
    }
    view = view.merge(AccountBalances.partial(ACCOUNT, balances, now));
    return view;
  }
}
