package dev.balancekit.source.algorand;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.algorand.algosdk.v2.client.common.AlgodClient;
import com.algorand.algosdk.v2.client.common.Response;
import com.algorand.algosdk.v2.client.model.Asset;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our OkHttp 4 / Jackson 2.18 and algosdk's OkHttp 2 (with the Okio 3 and Jackson 2.18 the root pom
 * pins in place of the ones it asks for) load in one JVM and both read the same answer.
 */
class AlgodCompatibilityTest {
  private static final BigInteger UINT64_MAX = new BigInteger("18446744073709551615");
  private final FakeAlgod algod = new FakeAlgod();

  @AfterEach
  void close() {
    algod.close();
  }

  @Test
  void okHttp4WithJackson218AndAlgosdkOkHttp2ReadTheSameAnswerInOneJvm() throws Exception {
    algod.server.stubFor(
        get(urlPathEqualTo("/v2/assets/31566704"))
            .willReturn(FakeAlgod.json(FakeAlgod.fixture("algod-asset-usdc.json"))));

    OkHttpClient ours = new OkHttpClient();
    JsonNode viaOurs;
    try (okhttp3.Response r =
        ours.newCall(new Request.Builder().url(algod.url() + "/v2/assets/31566704").build())
            .execute()) {
      viaOurs = new ObjectMapper().readTree(r.body().string());
    }
    Response<Asset> viaAlgosdk =
        new AlgodClient("http://127.0.0.1", algod.server.port(), "")
            .GetAssetByID(31566704L).execute();

    assertThat(viaOurs.at("/params/total").bigIntegerValue()).isEqualTo(UINT64_MAX);
    assertThat(viaAlgosdk.isSuccessful()).isTrue();
    assertThat(viaAlgosdk.body().params.total).isEqualTo(UINT64_MAX);
    assertThat(viaAlgosdk.body().params.decimals).isEqualTo(6L);
    ours.dispatcher().executorService().shutdown();
    ours.connectionPool().evictAll();
  }

  @Test
  void theVersionsOnTheClassPathAreTheOnesThePomsPin() {
    assertThat(okhttp3.OkHttp.VERSION).isEqualTo("4.12.0");
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
        .isEqualTo("2.18.2");
    assertThat(jarOf(com.squareup.okhttp.OkHttpClient.class)).contains("okhttp-2.7.5");
    assertThat(jarOf(okio.Buffer.class)).contains("okio-jvm-3.6.0");
    assertThat(jarOf(AlgodClient.class)).contains("algosdk-2.7.0");
  }

  private static String jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().toString();
  }
}
