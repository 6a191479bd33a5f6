package dev.balancekit.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Headers;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A Hedera consensus node on loopback, speaking just enough gRPC (HTTP/2 without TLS) for the SDK's
 * {@code cryptoTransfer} and {@code getTransactionReceipts}: it answers with a precheck code and a
 * receipt status written as protobuf by hand (field numbers from the SDK's generated classes:
 * {@code TransactionResponse.nodeTransactionPrecheckCode = 1}, {@code
 * Response.transactionGetReceipt = 14}, {@code TransactionGetReceiptResponse.header = 1, receipt =
 * 2}, {@code TransactionReceipt.status = 1}), or stays silent.
 */
final class LeakConsensusNode implements AutoCloseable {
  static final int OK = 0;
  static final int INVALID_SIGNATURE = 7;
  static final int INSUFFICIENT_PAYER_BALANCE = 10;
  static final int SUCCESS = 22;

  private final MockWebServer server = new MockWebServer();
  final AtomicInteger transfers = new AtomicInteger();
  volatile int precheck = OK;
  volatile int receiptStatus = SUCCESS;
  volatile boolean silent;

  LeakConsensusNode() {
    server.setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (silent) {
              return new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
            }
            String path = request.getPath() == null ? "" : request.getPath();
            if (path.endsWith("/cryptoTransfer")) {
              transfers.incrementAndGet();
              return grpc(precheck == OK ? new byte[0] : new byte[] {0x08, (byte) precheck});
            }
            if (path.endsWith("/getTransactionReceipts")) {
              byte[] receipt = {0x08, (byte) receiptStatus};
              byte[] inner = concat(new byte[] {0x0a, 0x00, 0x12, (byte) receipt.length}, receipt);
              return grpc(concat(new byte[] {0x72, (byte) inner.length}, inner));
            }
            return new MockResponse()
                .setHeader("content-type", "application/grpc")
                .setBody("")
                .setTrailers(Headers.of("grpc-status", "12", "grpc-message", "unimplemented"));
          }
        });
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port}, for {@code HederaSource.Builder.consensusNodes}. */
  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  /**
   * One gRPC message frame: no compression, 4-byte length, the message. Every byte here is below
   * 0x80, so the frame travels as a string unchanged by UTF-8.
   */
  private static MockResponse grpc(byte[] message) {
    StringBuilder body = new StringBuilder().append((char) 0).append((char) 0).append((char) 0);
    body.append((char) 0).append((char) message.length);
    for (byte b : message) {
      body.append((char) b);
    }
    return new MockResponse()
        .setHeader("content-type", "application/grpc")
        .setBody(body.toString())
        .setTrailers(Headers.of("grpc-status", "0"));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
