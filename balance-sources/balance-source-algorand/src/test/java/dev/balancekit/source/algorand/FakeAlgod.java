package dev.balancekit.source.algorand;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.algorand.algosdk.account.Account;
import com.algorand.algosdk.transaction.SignedTransaction;
import com.algorand.algosdk.util.Encoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.balancekit.AccountRef;
import dev.balancekit.Asset;
import dev.balancekit.source.http.Secret;
import dev.balancekit.transfer.TransferRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * A loopback algod on WireMock, answering with the fixtures (or edits of them), and test accounts
 * with real keys.
 */
final class FakeAlgod implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String VENUE = "algorand:testnet";
  static final long USDC_ID = 31566704L;
  static final Asset USDC = Asset.of("USDC", 6, "31566704");
  static final Asset ALGO = AlgorandSource.algo();

  /** Distinctive, so a leak is easy to find in any text. */
  static final String API_TOKEN = "LEAKCHECK-algod-token-7d1e";

  final WireMockServer server;

  FakeAlgod() {
    server =
        new WireMockServer(
            WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(10)
                .jettyAcceptors(1));
    server.start();
    params(0);
    server.stubFor(
        get(urlPathEqualTo("/v2/assets/" + USDC_ID))
            .willReturn(json(fixture("algod-asset-usdc.json"))));
  }

  /** A source on this node with the given signers, short timeouts for tests. */
  AlgorandSource.Builder source(Key... signers) {
    AlgorandSource.Builder b =
        AlgorandSource.builder()
            .network("testnet")
            .algodUrl(url())
            .apiToken(Secret.of(API_TOKEN))
            .requestTimeout(Duration.ofSeconds(5))
            .confirmationTimeout(Duration.ofSeconds(3))
            .confirmationPollInterval(Duration.ofMillis(20));
    for (Key k : signers) {
      b.signer(Secret.of(k.mnemonic()));
    }
    return b;
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** {@code /v2/transactions/params} from the fixture with another fee per byte. */
  void params(long feePerByte) {
    ObjectNode p = (ObjectNode) tree(fixture("algod-transaction-params.json"));
    p.put("fee", feePerByte);
    server.stubFor(get(urlPathEqualTo("/v2/transactions/params")).willReturn(json(p.toString())));
  }

  /** {@code /v2/transactions/params} claiming another network. */
  void genesis(String genesisId) {
    ObjectNode p = (ObjectNode) tree(fixture("algod-transaction-params.json"));
    p.put("genesis-id", genesisId);
    server.stubFor(get(urlPathEqualTo("/v2/transactions/params")).willReturn(json(p.toString())));
  }

  /** An ASA with the fixture's shape. */
  void asset(long id, String unitName, int decimals) {
    ObjectNode a = (ObjectNode) tree(fixture("algod-asset-usdc.json"));
    a.put("index", id);
    ObjectNode params = (ObjectNode) a.get("params");
    params.put("decimals", decimals);
    params.put("unit-name", unitName);
    params.put("name", unitName);
    server.stubFor(get(urlPathEqualTo("/v2/assets/" + id)).willReturn(json(a.toString())));
  }

  /**
   * An account with the fixture's shape: microAlgos, min balance and holdings (id, amount pairs).
   */
  void account(String address, long microAlgos, long minBalance, Object... holdings) {
    server.stubFor(
        get(urlPathEqualTo("/v2/accounts/" + address))
            .willReturn(json(accountJson(address, microAlgos, minBalance, holdings))));
  }

  static String accountJson(String address, long microAlgos, long minBalance, Object... holdings) {
    ObjectNode a = (ObjectNode) tree(fixture("algod-account.json"));
    a.put("address", address);
    a.put("amount", microAlgos);
    a.put("amount-without-pending-rewards", microAlgos);
    a.put("min-balance", minBalance);
    ArrayNode assets = a.putArray("assets");
    for (int i = 0; i < holdings.length; i += 2) {
      ObjectNode h = assets.addObject();
      h.put("asset-id", ((Number) holdings[i]).longValue());
      h.put("amount", new BigInteger(holdings[i + 1].toString()));
      h.put("is-frozen", false);
    }
    a.put("total-assets-opted-in", assets.size());
    return a.toString();
  }

  /** Accepts any posted transaction and reports it confirmed in {@code round} (0: never). */
  void acceptAndConfirm(long round) {
    server.stubFor(post(urlPathEqualTo("/v2/transactions")).willReturn(json("{\"txId\":\"ANY\"}")));
    pending("{\"confirmed-round\":" + round + ",\"pool-error\":\"\",\"txn\":null}");
  }

  void pending(String body) {
    server.stubFor(get(urlPathMatching("/v2/transactions/pending/.*")).willReturn(json(body)));
  }

  /** The signed transactions algod received, decoded with algosdk's msgpack Encoder, in order. */
  List<List<SignedTransaction>> received() {
    List<List<SignedTransaction>> posts = new ArrayList<>();
    for (LoggedRequest r : server.findAll(postRequestedFor(urlPathEqualTo("/v2/transactions")))) {
      posts.add(decodeAll(r.getBody()));
    }
    return posts;
  }

  /**
   * Splits concatenated msgpack values (a group is posted as the signed transactions back to back).
   */
  static List<SignedTransaction> decodeAll(byte[] bytes) {
    List<SignedTransaction> out = new ArrayList<>();
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      long start = 0;
      while (unpacker.hasNext()) {
        unpacker.skipValue();
        long end = unpacker.getTotalReadBytes();
        byte[] one = java.util.Arrays.copyOfRange(bytes, (int) start, (int) end);
        out.add(Encoder.decodeFromMsgPack(one, SignedTransaction.class));
        start = end;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String fixture(String name) {
    try (InputStream in = FakeAlgod.class.getResourceAsStream("/fixtures/algorand/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }

  /** A real Algorand key: address, mnemonic, and its account on the test venue. */
  record Key(String address, String mnemonic) {
    static Key random() {
      try {
        Account a = new Account();
        return new Key(a.getAddress().toString(), a.toMnemonic());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    AccountRef ref() {
      return AccountRef.of(VENUE, address);
    }

    @Override
    public String toString() {
      return address;
    }
  }

  static TransferRequest send(Key from, Key to, Asset asset, String amount) {
    return TransferRequest.of(from.ref(), to.ref(), asset, new BigDecimal(amount));
  }
}
