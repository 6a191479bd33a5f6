package dev.balancekit.source.http;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import dev.balancekit.BalanceManagerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ServerSocketFactory;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * A loopback venue for fuzz tests of whole sources: a {@link MockWebServer} that answers every
 * request with what the fuzz input says (a responder per path prefix), and venue clients whose
 * breaker, retries and rate limit stay out of the way of thousands of malformed answers. Jazzer's
 * SSRF detector allows connections to this server only: a source that follows a link elsewhere is a
 * finding. Lives for the whole fuzzing run (one JVM); thread-safe.
 */
public final class FuzzVenue {
  private final MockWebServer server = new MockWebServer();
  private final ConcurrentMap<String, Function<RecordedRequest, MockResponse>> responders =
      new ConcurrentHashMap<>();
  private final String name;
  private VenueClient client;

  /** Starts the server; fails the test run if it cannot. */
  public FuzzVenue(String name) {
    this.name = name;
    try {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String path = request.getPath() == null ? "" : request.getPath();
              return responders.entrySet().stream()
                  .filter(e -> path.startsWith(e.getKey()))
                  .max((a, b) -> Integer.compare(a.getKey().length(), b.getKey().length()))
                  .map(e -> e.getValue().apply(request))
                  .orElseGet(() -> new MockResponse().setResponseCode(404).setBody("{}"));
            }
          });
      // Without TCP_NODELAY every answer waits out the client's delayed ACK (40 ms): 20 calls/s.
      server.setServerSocketFactory(
          new ServerSocketFactory() {
            @Override
            public ServerSocket createServerSocket() throws IOException {
              return new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                  Socket socket = super.accept();
                  socket.setTcpNoDelay(true);
                  return socket;
                }
              };
            }

            @Override
            public ServerSocket createServerSocket(int port) throws IOException {
              throw new UnsupportedOperationException();
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog) throws IOException {
              throw new UnsupportedOperationException();
            }

            @Override
            public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
                throws IOException {
              throw new UnsupportedOperationException();
            }
          });
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    beginExecution();
  }

  /**
   * Call at the start of every fuzz test execution. Lets Jazzer's SSRF detector allow connections
   * to this server, and only to it (Jazzer resets the policy to "none" when fuzzing starts), and
   * forgets the requests the server recorded, which would otherwise fill the heap in a long run.
   */
  public void beginExecution() {
    try {
      while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // drained
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int port = server.getPort();
    try {
      SilentCloseable unused =
          BugDetectors.allowNetworkConnections(
              (host, p) -> p == port && ("127.0.0.1".equals(host) || "localhost".equals(host)));
    } catch (IllegalStateException noAgent) {
      // Outside a fuzz test: no Jazzer agent, no SSRF detector to tell.
    }
  }

  /** The server's base URL, with a trailing slash. */
  public HttpUrl url() {
    return server.url("/");
  }

  /**
   * Answers requests whose path starts with {@code prefix}, the longest matching prefix winning.
   */
  public void answer(String prefix, Function<RecordedRequest, MockResponse> responder) {
    responders.put(prefix, responder);
  }

  /** Forgets every responder: unmatched requests get 404. */
  public void clear() {
    responders.clear();
  }

  /** A 200 JSON answer with {@code body} as it is (any bytes). */
  public static MockResponse json(byte[] body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(new Buffer().write(body));
  }

  /**
   * The venue client: one attempt per call, no rate limit to speak of, a breaker that would need
   * 100,000 calls to judge; replaced by a fresh one should its breaker open anyway.
   */
  public synchronized VenueClient client() {
    if (client == null || client.circuit() != dev.balancekit.SourceStatus.Circuit.CLOSED) {
      if (client != null) {
        client.close();
      }
      client = VenueClient.create(config(name).build());
    }
    return client;
  }

  /** The settings {@link #client()} uses, for sources that make their own client. */
  public static VenueConfig.Builder config(String name) {
    return VenueConfig.custom()
        .name(name)
        .managerConfig(BalanceManagerConfig.custom().restTimeout(Duration.ofSeconds(10)).build())
        .retryAttempts(1)
        .failureRateThreshold(100)
        .breakerWindow(100_000)
        .rateLimit(1_000_000, Duration.ofSeconds(1));
  }

  /** Bytes of a test resource, such as {@code /fixtures/rest-account.json}. */
  public static byte[] resource(Class<?> near, String path) {
    try (InputStream in = near.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
