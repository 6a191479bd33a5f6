package dev.balancekit.source.algorand;

import com.algorand.algosdk.crypto.Address;
import com.algorand.algosdk.v2.client.common.AlgodClient;
import com.algorand.algosdk.v2.client.common.Response;
import com.algorand.algosdk.v2.client.model.Account;
import com.algorand.algosdk.v2.client.model.PendingTransactionResponse;
import com.algorand.algosdk.v2.client.model.PostTransactionsResponse;
import com.algorand.algosdk.v2.client.model.SimulateRequest;
import com.algorand.algosdk.v2.client.model.SimulateResponse;
import com.algorand.algosdk.v2.client.model.TransactionParametersResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balancekit.source.http.HttpSourceException;
import dev.balancekit.source.http.Secret;
import dev.balancekit.transfer.TransferRejectedException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The algod calls BalanceKit makes, through algosdk's {@link AlgodClient}, with algosdk's failure
 * modes turned into typed exceptions: an HTTP error becomes {@link HttpSourceException} by status,
 * an I/O failure {@code CONNECTION_FAILED}, and an answer algosdk cannot decode (malformed body,
 * missing {@code Content-Type}, a number out of range) {@code MALFORMED_RESPONSE}, never a null.
 * Thread-safe: algosdk builds a new query per call over one OkHttp 2 client.
 */
final class Algod {

  /** What algosdk hands back when a call fails with an HTTP status, before we map it. */
  static final class Status extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;
    final String algodMessage;

    Status(int code, String algodMessage) {
      super(null, null, false, false);
      this.code = code;
      this.algodMessage = algodMessage;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ALGOD_MESSAGE = 300;

  private final String source;
  private final HttpUrl baseUrl;
  private final AlgodClient client;

  /**
   * @param token the API token, or null for a node that needs none
   */
  Algod(
      String source,
      HttpUrl baseUrl,
      @Nullable Secret token,
      String tokenHeader,
      Duration timeout) {
    this.source = source;
    this.baseUrl = baseUrl;
    String path =
        baseUrl.encodedPath().endsWith("/")
            ? baseUrl.encodedPath().substring(0, baseUrl.encodedPath().length() - 1)
            : baseUrl.encodedPath();
    this.client =
        new TimedAlgodClient(
            baseUrl.scheme() + "://" + baseUrl.host() + path,
            baseUrl.port(),
            token == null ? null : token.reveal(),
            tokenHeader,
            timeout);
  }

  String source() {
    return source;
  }

  HttpUrl baseUrl() {
    return baseUrl;
  }

  /**
   * {@code /v2/accounts/{address}}; empty when algod answers 404. algod answers 200 with zero
   * amounts for an address that never held anything, which is a real zero on chain.
   */
  Optional<Account> account(Address address) {
    HttpUrl url = url("v2/accounts/" + address);
    try {
      return Optional.of(call(url, "Account", () -> client.AccountInformation(address).execute()));
    } catch (Status s) {
      if (s.code == 404) {
        return Optional.empty();
      }
      throw forStatus(url, s);
    }
  }

  /** {@code /v2/assets/{id}}; empty when algod answers 404 (no such asset, or destroyed). */
  Optional<com.algorand.algosdk.v2.client.model.Asset> asset(long id) {
    HttpUrl url = url("v2/assets/" + id);
    try {
      return Optional.of(call(url, "Asset", () -> client.GetAssetByID(id).execute()));
    } catch (Status s) {
      if (s.code == 404) {
        return Optional.empty();
      }
      throw forStatus(url, s);
    }
  }

  /** {@code /v2/transactions/params}. */
  TransactionParametersResponse params() {
    HttpUrl url = url("v2/transactions/params");
    try {
      return call(url, "TransactionParametersResponse", () -> client.TransactionParams().execute());
    } catch (Status s) {
      throw forStatus(url, s);
    }
  }

  /**
   * Posts signed transaction bytes to {@code /v2/transactions}; returns algod's txid. A 400 is
   * algod refusing the transaction (overspend, below min balance, lease in use): a typed refusal
   * carrying algod's own words, which name accounts and amounts but never keys.
   */
  String post(byte[] signedBytes) {
    HttpUrl url = url("v2/transactions");
    try {
      PostTransactionsResponse r =
          call(
              url,
              "PostTransactionsResponse",
              () -> client.RawTransaction().rawtxn(signedBytes).execute());
      if (r.txId == null || r.txId.isBlank()) {
        throw HttpSourceException.malformedResponse(source, url, 200, "no txId in the answer");
      }
      return r.txId;
    } catch (Status s) {
      if (s.code == 400) {
        throw TransferRejectedException.of(
            "algod_rejected", "algod refused the transaction: " + s.algodMessage);
      }
      throw forStatus(url, s);
    }
  }

  /**
   * {@code /v2/transactions/pending/{txid}}; empty when algod answers 404 (not, or no longer,
   * known).
   */
  Optional<PendingTransactionResponse> pending(String txid) {
    HttpUrl url = url("v2/transactions/pending/" + txid);
    try {
      return Optional.of(
          call(
              url,
              "PendingTransactionResponse",
              () -> client.PendingTransactionInformation(txid).execute()));
    } catch (Status s) {
      if (s.code == 404) {
        return Optional.empty();
      }
      throw forStatus(url, s);
    }
  }

  /**
   * {@code /v2/transactions/simulate}; empty when the node does not offer it (404, 405, 501 — older
   * nodes, or the endpoint switched off).
   */
  Optional<SimulateResponse> simulate(SimulateRequest request) {
    HttpUrl url = url("v2/transactions/simulate");
    try {
      return Optional.of(
          call(
              url,
              "SimulateResponse",
              () -> client.SimulateTransaction().request(request).execute()));
    } catch (Status s) {
      if (s.code == 404 || s.code == 405 || s.code == 501) {
        return Optional.empty();
      }
      throw forStatus(url, s);
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    Response<T> execute() throws Exception;
  }

  private <T> T call(HttpUrl url, String type, Call<T> call) throws Status {
    Response<T> response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw HttpSourceException.connectionFailed(source, url, e);
    } catch (NullPointerException e) {
      // algosdk 2.7.0 dereferences the Content-Type of every successful answer.
      throw HttpSourceException.malformedResponse(
          source, url, 200, "algosdk could not read the answer (it has no Content-Type)");
    } catch (Exception e) {
      throw HttpSourceException.malformedResponse(
          source,
          url,
          0,
          "algosdk could not read the answer (" + e.getClass().getSimpleName() + ")");
    }
    if (!response.isSuccessful()) {
      throw new Status(response.code(), algodMessage(response.message()));
    }
    T body;
    try {
      body = response.body();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      // algosdk returns null for an undecodable body or an unknown Content-Type.
      throw HttpSourceException.malformedResponse(
          source,
          url,
          response.code(),
          "algosdk could not decode the body as "
              + type
              + " (Content-Type "
              + response.getContentType()
              + "; malformed JSON or a value out of range)");
    }
    return body;
  }

  private HttpSourceException forStatus(HttpUrl url, Status s) {
    return HttpSourceException.forStatus(source, url, s.code, null);
  }

  private HttpUrl url(String path) {
    return baseUrl.newBuilder().addPathSegments(path).build();
  }

  /**
   * algod's error answers are {@code {"message": "..."}}; keep the message, bounded, never the raw
   * body.
   */
  static String algodMessage(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return "(no message)";
    }
    String text;
    try {
      JsonNode node = JSON.readTree(body);
      text =
          node != null && node.hasNonNull("message")
              ? node.get("message").asText()
              : "(no message)";
    } catch (IOException e) {
      text = "(unreadable message)";
    }
    return bounded(text);
  }

  /**
   * {@code text} made safe for one line of a message: no control characters, at most 300
   * characters.
   */
  static String bounded(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", " ");
    return clean.length() <= MAX_ALGOD_MESSAGE
        ? clean
        : clean.substring(0, MAX_ALGOD_MESSAGE - 3) + "...";
  }

  /**
   * algosdk's client with timeouts; its OkHttp 2 client is protected and otherwise waits without
   * bound.
   */
  private static final class TimedAlgodClient extends AlgodClient {
    TimedAlgodClient(
        String host, int port, @Nullable String token, String tokenHeader, Duration timeout) {
      super(host, port, token, tokenHeader);
      long millis = timeout.toMillis();
      client.setConnectTimeout(millis, TimeUnit.MILLISECONDS);
      client.setReadTimeout(millis, TimeUnit.MILLISECONDS);
      client.setWriteTimeout(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public String toString() {
      return "AlgodClient{" + host + ":" + port + "}";
    }
  }
}
