package dev.balancekit.source.kraken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balancekit.source.http.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KrakenSignerTest {

  @Test
  void signsKrakensDocumentedExampleToItsPublishedSignature() {
    // From Kraken's "Spot REST Authentication" guide.
    KrakenSigner signer =
        new KrakenSigner(
            Secret.of(
                "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg=="));

    String signature =
        signer.sign(
            "/0/private/AddOrder",
            1616492376594L,
            "nonce=1616492376594&ordertype=limit&pair=XBTUSD&price=37500&type=buy&volume=1.25");

    assertThat(signature)
        .isEqualTo(
            "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ==");
  }

  @Test
  void signatureMatchesAnIndependentComputationForRandomInputs() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 50; i++) {
      byte[] secret = new byte[64];
      random.nextBytes(secret);
      long nonce = Math.abs(random.nextLong());
      String body = "nonce=" + nonce + "&asset=" + Long.toHexString(random.nextLong());
      String path = "/0/private/Method" + i;

      String ours =
          new KrakenSigner(Secret.of(Base64.getEncoder().encodeToString(secret)))
              .sign(path, nonce, body);

      assertThat(ours).isEqualTo(expectedSignature(secret, path, nonce, body));
    }
  }

  /** Kraken's recipe written out step by step with the JDK, independently of the signer. */
  static String expectedSignature(byte[] secret, String path, long nonce, String body)
      throws Exception {
    byte[] inner =
        MessageDigest.getInstance("SHA-256")
            .digest((Long.toString(nonce) + body).getBytes(StandardCharsets.UTF_8));
    byte[] pathBytes = path.getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[pathBytes.length + inner.length];
    System.arraycopy(pathBytes, 0, message, 0, pathBytes.length);
    System.arraycopy(inner, 0, message, pathBytes.length, inner.length);
    Mac mac = Mac.getInstance("HmacSHA512");
    mac.init(new SecretKeySpec(secret, "HmacSHA512"));
    return Base64.getEncoder().encodeToString(mac.doFinal(message));
  }

  @Test
  void noncesStrictlyIncreaseAcrossManyThreads() throws Exception {
    // A clock frozen in place: only the signer's own bookkeeping can keep nonces apart.
    KrakenSigner signer =
        new KrakenSigner(Secret.of(KrakenVenue.API_SECRET), () -> 1_700_000_000_000_000L);
    int threads = 8;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                long[] mine = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                  mine[i] = signer.nextNonce();
                }
                return mine;
              }));
    }
    start.countDown();
    Set<Long> all = new HashSet<>();
    for (Future<long[]> f : results) {
      long[] mine = f.get(30, TimeUnit.SECONDS);
      for (int i = 1; i < mine.length; i++) {
        assertThat(mine[i]).as("each thread sees increasing nonces").isGreaterThan(mine[i - 1]);
      }
      for (long n : mine) {
        all.add(n);
      }
    }
    pool.shutdown();
    assertThat(all).as("no nonce handed out twice").hasSize(threads * perThread);
    assertThat(signer.nextNonce())
        .isGreaterThan(all.stream().mapToLong(Long::longValue).max().orElseThrow());
  }

  @Test
  void noncesKeepIncreasingWhenTheClockStepsBack() {
    AtomicLong micros = new AtomicLong(2_000_000);
    KrakenSigner signer = new KrakenSigner(Secret.of(KrakenVenue.API_SECRET), micros::get);
    long first = signer.nextNonce();
    micros.set(1_000_000);

    assertThat(signer.nextNonce()).isGreaterThan(first);
    micros.set(5_000_000);
    assertThat(signer.nextNonce()).isEqualTo(5_000_000);
  }

  @Test
  void aSecretThatIsNotBase64IsRefusedWithoutRepeatingIt() {
    assertThatThrownBy(() -> new KrakenSigner(Secret.of("not*base64*LEAKCHECK")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiSecret must be the base64 private key")
        .hasMessageNotContaining("LEAKCHECK");
    assertThat(new KrakenSigner(Secret.of(KrakenVenue.API_SECRET)).toString())
        .doesNotContain("LEAKCHECK");
  }
}
