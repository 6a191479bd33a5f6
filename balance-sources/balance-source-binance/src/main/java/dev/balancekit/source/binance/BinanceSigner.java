package dev.balancekit.source.binance;

import dev.balancekit.source.http.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Binance's HMAC-SHA256 request signature: the hex HMAC of the payload under the secret key. REST
 * signs its query string as sent; the WebSocket API signs its parameters sorted by name as {@code
 * k=v&...}. Thread-safe (a {@link Mac} per signature); never prints the key.
 */
final class BinanceSigner {
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  BinanceSigner(Secret secretKey) {
    this.key = new SecretKeySpec(secretKey.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The lower-case hex HMAC-SHA256 of {@code payload}. */
  String sign(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      // Every Java runtime must provide HmacSHA256.
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
  }

  /**
   * The WebSocket API's signature payload: every parameter but {@code signature}, sorted by name.
   */
  static String sortedPayload(Map<String, String> params) {
    StringJoiner payload = new StringJoiner("&");
    new TreeMap<>(params).forEach((name, value) -> payload.add(name + "=" + value));
    return payload.toString();
  }

  @Override
  public String toString() {
    return "BinanceSigner{" + ALGORITHM + ", key=****}";
  }
}
