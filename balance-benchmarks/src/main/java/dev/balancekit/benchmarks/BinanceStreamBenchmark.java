package dev.balancekit.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.balancekit.AccountBalances;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.Balance;
import dev.balancekit.source.binance.BinanceSource;
import dev.balancekit.source.http.Secret;
import dev.balancekit.source.http.StreamMessage;
import dev.balancekit.source.http.StreamProtocol;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + apply of one Binance {@code outboundAccountPosition} event (two assets, as a trade
 * reports them) on one thread, in messages per second. {@code protocolRead} is the stream's own
 * path through {@link BinanceSource#streamProtocol()}: streaming parse, exact amounts, ordering
 * check and merge into the account view, the changed balances returned as a stream message. {@code
 * baselineReadTree} parses the same text with Jackson's tree model ({@code readTree}) and maps it
 * by hand to the same balances, without merging them anywhere. Goal: at least 500,000 messages per
 * second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class BinanceStreamBenchmark {
  static final String POSITION =
      "{\"subscriptionId\":0,\"event\":{\"e\":\"outboundAccountPosition\","
          + "\"E\":1564034571105,\"u\":1564034571073,\"B\":[{\"a\":\"ETH\",\"f\":\"10000.000000\",\"l\":\"0.000000\"},"
          + "{\"a\":\"BTC\",\"f\":\"1.25000000\",\"l\":\"0.10000000\"}]}}";
  static final AccountRef ACCOUNT = AccountRef.of("binance", "main");
  static final Asset BTC = Asset.of("BTC", 8);
  static final Asset ETH = Asset.of("ETH", 8);

  BinanceSource binance;
  StreamProtocol protocol;
  ObjectMapper mapper;
  Map<String, Asset> assets;
  Clock clock;

  @Setup(Level.Trial)
  public void setUp() {
    binance =
        BinanceSource.builder()
            .account(ACCOUNT)
            .apiKey(Secret.of("benchmark-api-key"))
            .secretKey(Secret.of("benchmark-secret-key"))
            .asset(BTC)
            .asset(ETH)
            .build();
    protocol = binance.streamProtocol();
    mapper = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    assets = Map.of("BTC", BTC, "ETH", ETH);
    clock = Clock.systemUTC();
    if (protocol.read(POSITION).type() != StreamMessage.Type.DELTA) {
      throw new IllegalStateException("the benchmark message is not applied");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    binance.close();
  }

  /** The stream's path: streaming parse, exact amounts, ordering check, merge into the view. */
  @Benchmark
  public StreamMessage protocolRead() {
    return protocol.read(POSITION);
  }

  /** Jackson {@code readTree}, mapped by hand to the same balances; no ordering check, no merge. */
  @Benchmark
  public AccountBalances baselineReadTree() throws IOException {
    JsonNode event = mapper.readTree(POSITION).get("event");
    long eventTime = event.get("E").longValue();
    long updateTime = event.get("u").longValue();
    Instant at = clock.instant();
    List<Balance> balances = new ArrayList<>(2);
    for (JsonNode b : event.get("B")) {
      Asset asset = assets.get(b.get("a").textValue());
      if (asset == null) {
        continue;
      }
      BigDecimal free = asset.parse("free", b.get("f").textValue());
      BigDecimal locked = asset.parse("locked", b.get("l").textValue());
      balances.add(
          Balance.builder(ACCOUNT, asset)
              .total(free.add(locked))
              .available(free)
              .held(locked)
              .source("binance-stream")
              .observedAt(Instant.ofEpochMilli(eventTime))
              .receivedAt(at)
              .sequence(updateTime)
              .build());
    }
    return AccountBalances.partial(ACCOUNT, balances, at);
  }
}
