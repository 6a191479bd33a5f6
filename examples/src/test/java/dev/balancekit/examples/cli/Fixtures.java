package dev.balancekit.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

/**
 * The shapes real services send, copied verbatim from the project's shared fixtures ({@code
 * fixtures/kraken}, {@code fixtures/algorand}: the APIs' published documentation), and edits of
 * them.
 */
final class Fixtures {
  /** fixtures/kraken/rest-balance-ex.json */
  static final String KRAKEN_BALANCE_EX =
      "{\"error\":[],\"result\":{\"ZUSD\":{\"balance\":25435.21,\"hold_trade\":"
          + "8249.76},\"XXBT\":{\"balance\":1.2435,\"hold_trade\":0.8423}}}";

  /** fixtures/kraken/rest-balance-ex-strings.json */
  static final String KRAKEN_BALANCE_EX_STRINGS =
      "{\"error\":[],\"result\":{\"XXBT\":{\"balance\":\"2.1031709100\","
          + "\"hold_trade\":\"0.1401000000\"},\"ZUSD\":{\"balance\":\"124.7277\",\"hold_trade\":\"0.0000\"}}}";

  /** Kraken's public Assets answer for the fixture's assets (decimals as Kraken documents them). */
  static final String KRAKEN_ASSETS =
      "{\"error\":[],\"result\":{"
          + "\"XXBT\":{\"aclass\":\"currency\",\"altname\":\"XBT\",\"decimals\":10,\"display_decimals\":5,"
          + "\"status\":\"enabled\"},"
          + "\"ZUSD\":{\"aclass\":\"currency\",\"altname\":\"ZUSD\",\"decimals\":4,\"display_decimals\":2,"
          + "\"status\":\"enabled\"}}}";

  /** Kraken's answer to a key it does not know. */
  static final String KRAKEN_INVALID_KEY = "{\"error\":[\"EAPI:Invalid key\"]}";

  /** fixtures/algorand/algod-account.json */
  static final String ALGOD_ACCOUNT =
      "{\"address\":\"FJH4NJ5WEEGPZSNF4ZIJBJEQFXYDTAV3ZK62IPRQIHIR4RPTPUT4Y6RPWE\","
          + "\"amount\":200000,\"amount-without-pending-rewards\":200000,\"apps-local-state\":[],\"apps-total-schema\":"
          + "{\"num-byte-slice\":0,\"num-uint\":0},\"assets\":[{\"amount\":2,\"asset-id\":737034321,\"is-frozen\":false}],"
          + "\"created-apps\":[],\"created-assets\":[],\"min-balance\":200000,\"pending-rewards\":0,\"reward-base\":27521,"
          + "\"rewards\":0,\"round\":50893756,\"status\":\"Offline\",\"total-apps-opted-in\":0,\"total-assets-opted-in\":1,"
          + "\"total-created-apps\":0,\"total-created-assets\":0}";

  /** fixtures/algorand/algod-asset-usdc.json */
  static final String ALGOD_ASSET_USDC =
      "{\"index\":31566704,\"params\":{\"creator\":"
          + "\"2UEQTE5QDNXPI7M3TU44G6SYKLFWLPQO7EBZM7K7MHMQQMFI4QJPLHQFHM\",\"decimals\":6,\"default-frozen\":false,"
          + "\"freeze\":\"3ERES6JFBIJ7ZPNVQJNH2LETCBQWUPGTO4ROA6VFUR25WFSYKGX3WBO5GE\",\"manager\":"
          + "\"37XL3M57AXBUJARWMT5R7M35OERXMH3Q22JMMEFLBYNDXXADGFN625HAL4\",\"name\":\"USDC\",\"name-b64\":\"VVNEQw==\","
          + "\"reserve\":\"2UEQTE5QDNXPI7M3TU44G6SYKLFWLPQO7EBZM7K7MHMQQMFI4QJPLHQFHM\",\"total\":18446744073709551615,"
          + "\"unit-name\":\"USDC\",\"unit-name-b64\":\"VVNEQw==\",\"url\":\"https://www.centre.io/usdc\",\"url-b64\":"
          + "\"aHR0cHM6Ly93d3cuY2VudHJlLmlvL3VzZGM=\"}}";

  /** fixtures/algorand/algod-transaction-params.json */
  static final String ALGOD_PARAMS =
      "{\"consensus-version\":\"https://github.com/algorandfoundation/specs/tree/"
          + "925a46433742afb0b51bb939354bd907fa88bf95\",\"fee\":0,\"genesis-hash\":"
          + "\"SGO1GKSzyE7IEPItTxCByw9x8FmnrCDexi9/cOUJOiI=\",\"genesis-id\":\"testnet-v1.0\",\"last-round\":44440857,"
          + "\"min-fee\":1000}";

  private Fixtures() {}

  /**
   * The account fixture for {@code address} with other amounts and holdings ({@code assetId,
   * amount} pairs).
   */
  static String algodAccount(String address, long microAlgos, long minBalance, Object... holdings) {
    ObjectNode a = (ObjectNode) tree(ALGOD_ACCOUNT);
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

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      return CliRun.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
