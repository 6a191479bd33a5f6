package dev.balancekit.source.hedera;

import com.google.protobuf.InvalidProtocolBufferException;
import com.hedera.hashgraph.sdk.proto.CryptoServiceGrpc;
import com.hedera.hashgraph.sdk.proto.Query;
import com.hedera.hashgraph.sdk.proto.Response;
import com.hedera.hashgraph.sdk.proto.ResponseCodeEnum;
import com.hedera.hashgraph.sdk.proto.ResponseHeader;
import com.hedera.hashgraph.sdk.proto.SignedTransaction;
import com.hedera.hashgraph.sdk.proto.Transaction;
import com.hedera.hashgraph.sdk.proto.TransactionBody;
import com.hedera.hashgraph.sdk.proto.TransactionGetReceiptResponse;
import com.hedera.hashgraph.sdk.proto.TransactionReceipt;
import com.hedera.hashgraph.sdk.proto.TransactionResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A consensus node on loopback built on the SDK's own gRPC service base: it records every signed
 * transaction it is sent, answers with the configured precheck code, and answers receipt queries
 * with the configured receipt status. It can also stay silent, as an unreachable node would.
 */
final class FakeConsensusNode implements AutoCloseable {
  /** The bodies of the transactions received, in order, parsed from their signed bytes. */
  final List<TransactionBody> bodies = new CopyOnWriteArrayList<>();

  /** The signed transactions received, in order. */
  final List<SignedTransaction> signed = new CopyOnWriteArrayList<>();

  final AtomicInteger receiptQueries = new AtomicInteger();
  volatile ResponseCodeEnum precheck = ResponseCodeEnum.OK;
  volatile ResponseCodeEnum receiptStatus = ResponseCodeEnum.SUCCESS;
  volatile boolean answersTransactions = true;
  volatile boolean answersReceipts = true;
  private final Server server;

  FakeConsensusNode() {
    try {
      server =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
              .addService(
                  new CryptoServiceGrpc.CryptoServiceImplBase() {
                    @Override
                    public void cryptoTransfer(
                        Transaction request, StreamObserver<TransactionResponse> out) {
                      try {
                        SignedTransaction st =
                            SignedTransaction.parseFrom(request.getSignedTransactionBytes());
                        signed.add(st);
                        bodies.add(TransactionBody.parseFrom(st.getBodyBytes()));
                      } catch (InvalidProtocolBufferException e) {
                        out.onError(e);
                        return;
                      }
                      if (answersTransactions) {
                        out.onNext(
                            TransactionResponse.newBuilder()
                                .setNodeTransactionPrecheckCode(precheck)
                                .build());
                        out.onCompleted();
                      }
                    }

                    @Override
                    public void getTransactionReceipts(
                        Query request, StreamObserver<Response> out) {
                      receiptQueries.incrementAndGet();
                      if (!answersReceipts) {
                        return;
                      }
                      out.onNext(
                          Response.newBuilder()
                              .setTransactionGetReceipt(
                                  TransactionGetReceiptResponse.newBuilder()
                                      .setHeader(
                                          ResponseHeader.newBuilder()
                                              .setNodeTransactionPrecheckCode(ResponseCodeEnum.OK))
                                      .setReceipt(
                                          TransactionReceipt.newBuilder().setStatus(receiptStatus)))
                              .build());
                      out.onCompleted();
                    }
                  })
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:port}, for {@code consensusNodes}. */
  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  TransactionBody lastBody() {
    return bodies.get(bodies.size() - 1);
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
