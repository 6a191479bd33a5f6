package dev.balancekit.examples;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A PostgreSQL server on loopback that refuses every login: it declines SSL and GSS encryption,
 * asks for the password in clear text or MD5-hashed (as told), records what the client answered,
 * and fails the login with SQLState 28P01 the way PostgreSQL does.
 */
final class LeakPostgres implements AutoCloseable {
  private static final int SSL_REQUEST = 80877103;
  private static final int GSS_REQUEST = 80877104;

  private final ServerSocket socket;
  private final Thread acceptor;

  /** The password messages received (clear text, or {@code md5...}). */
  final List<String> passwords = new CopyOnWriteArrayList<>();

  volatile boolean md5;

  LeakPostgres() {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::acceptAll, "leak-postgres");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void acceptAll() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        client.setSoTimeout(10_000);
        serve(client);
      } catch (IOException e) {
        // the client went away, or the server is closing
      }
    }
  }

  private void serve(Socket client) throws IOException {
    DataInputStream in = new DataInputStream(client.getInputStream());
    DataOutputStream out = new DataOutputStream(client.getOutputStream());
    while (true) {
      int length = in.readInt();
      int code = in.readInt();
      in.readFully(new byte[length - 8]);
      if (code == SSL_REQUEST || code == GSS_REQUEST) {
        out.writeByte('N');
        out.flush();
        continue;
      }
      break; // the startup message
    }
    out.writeByte('R');
    if (md5) {
      out.writeInt(12);
      out.writeInt(5);
      out.write(new byte[] {0x11, 0x22, 0x33, 0x44});
    } else {
      out.writeInt(8);
      out.writeInt(3);
    }
    out.flush();
    if (in.readByte() != 'p') {
      return;
    }
    byte[] password = new byte[in.readInt() - 4];
    in.readFully(password);
    passwords.add(new String(password, 0, password.length - 1, StandardCharsets.UTF_8));
    ByteArrayOutputStream fields = new ByteArrayOutputStream();
    field(fields, 'S', "FATAL");
    field(fields, 'V', "FATAL");
    field(fields, 'C', "28P01");
    field(fields, 'M', "password authentication failed for user \"bk_user\"");
    fields.write(0);
    out.writeByte('E');
    out.writeInt(4 + fields.size());
    out.write(fields.toByteArray());
    out.flush();
  }

  private static void field(ByteArrayOutputStream out, char type, String value) {
    out.write(type);
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.write(0);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
