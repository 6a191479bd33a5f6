package dev.balancekit.source.hedera;

import static dev.balancekit.source.hedera.RailFixture.HBAR;
import static dev.balancekit.source.hedera.RailFixture.OPERATOR;
import static dev.balancekit.source.hedera.RailFixture.RECIPIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hedera.hashgraph.sdk.proto.ResponseCodeEnum;
import dev.balancekit.source.http.Secret;
import dev.balancekit.transfer.TransferRequest;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator key never shows: not in toString, exception messages or log lines. */
class SecretsTest {

  /** Every way the key could be written out. */
  private static List<String> forms(RailFixture f) {
    return List.of(
        f.key.toString(),
        f.key.toStringRaw(),
        f.key.toStringDER(),
        f.key.toString().substring(f.key.toString().length() - 24));
  }

  @Test
  void theOperatorKeyAppearsInNoTextTheSourceProduces() {
    PrintStream original = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new Tee(original, logged), true, StandardCharsets.UTF_8));
    List<String> texts = new ArrayList<>();
    List<String> forms;
    try (RailFixture f = new RailFixture()) {
      forms = forms(f);
      texts.add(f.hedera.toString());
      texts.add(f.rail.toString());
      texts.add(f.hedera.stream().toString());
      texts.add(f.hedera.rest().toString());
      f.rail.submit(TransferRequest.of(OPERATOR, RECIPIENT, HBAR, java.math.BigDecimal.ONE));
      f.node.receiptStatus = ResponseCodeEnum.INVALID_SIGNATURE;
      collect(
          texts,
          () ->
              f.rail.submit(
                  TransferRequest.of(OPERATOR, RECIPIENT, HBAR, java.math.BigDecimal.ONE)));
      f.node.precheck = ResponseCodeEnum.INSUFFICIENT_PAYER_BALANCE;
      collect(
          texts,
          () ->
              f.rail.submit(
                  TransferRequest.of(OPERATOR, RECIPIENT, HBAR, java.math.BigDecimal.ONE)));
      collect(
          texts,
          () ->
              f.rail.submit(
                  TransferRequest.of(OPERATOR, RECIPIENT, HBAR, new java.math.BigDecimal("500"))));
    } finally {
      System.setErr(original);
    }
    texts.add(logged.toString(StandardCharsets.UTF_8));

    assertThat(texts.get(texts.size() - 1)).as("the log was captured").contains("dev.balancekit");
    for (String text : texts) {
      for (String form : forms) {
        assertThat(text).doesNotContain(form);
      }
    }
  }

  @Test
  void aKeyThatDoesNotParseIsRefusedWithoutBeingRepeated() {
    String notAKey = "302e020100300506032b657004220420zzzz-not-hex-LEAKCHECK";

    assertThatThrownBy(() -> HederaSource.builder().operator(OPERATOR, Secret.of(notAKey)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operator privateKey")
        .hasNoCause()
        .satisfies(
            e -> assertThat(e.getMessage()).doesNotContain("LEAKCHECK").doesNotContain("zzzz"));
  }

  private static void collect(List<String> texts, Runnable failing) {
    try {
      failing.run();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
        texts.add(t.toString());
      }
      return;
    }
    throw new AssertionError("expected a refusal");
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) {
      try {
        a.write(c);
      } catch (java.io.IOException ignored) {
        // the surefire stream is best effort here
      }
      synchronized (b) {
        try {
          b.write(c);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
  }
}
