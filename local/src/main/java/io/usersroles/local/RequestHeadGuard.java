package io.usersroles.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local server's front door: relays every connection to the JDK HTTP server behind it, reading
 * each request's head on the way. Why: the JDK server answers a request it cannot parse itself (a
 * request target that is not a URI, such as {@code /orgs/%ZZ}; a malformed {@code Content-Length})
 * with an HTML page, before any handler of ours runs. Here such a request is passed on as
 * {@code GET /} marked with {@link #BAD_REQUEST_HEADER}, so the local server answers it with a 400
 * problem+json like every other error, in its turn on the connection.
 *
 * <p>Bodies are relayed by their framing ({@code Content-Length} or chunked), so every request head
 * on a kept-alive connection is read. A request whose framing cannot be read ends its connection
 * after the answer. Responses are relayed as they come. The client's address is kept for the local
 * server ({@link #clientOf}), which otherwise would see only this relay.
 */
final class RequestHeadGuard implements Closeable {
  /** Set on a request this guard replaced; its value says what was wrong. Never passed on from a client. */
  static final String BAD_REQUEST_HEADER = "X-Local-Bad-Request";
  /** The path of a replaced request (percent-encoded, cut), for the problem's {@code instance}. */
  static final String BAD_PATH_HEADER = "X-Local-Bad-Request-Path";
  private static final Logger LOG = LoggerFactory.getLogger(RequestHeadGuard.class);
  /** A request head larger than this is refused (the JDK server itself takes at most 200 headers). */
  private static final int MAX_HEAD_BYTES = 64 * 1024;
  private static final int MAX_ECHOED_PATH = 1000;
  /** How long the client may go on sending after the last answer of its connection. */
  private static final int DRAIN_MILLIS = 2000;
  private static final Set<String> OWN_HEADERS = Set.of(BAD_REQUEST_HEADER.toLowerCase(Locale.ROOT),
      BAD_PATH_HEADER.toLowerCase(Locale.ROOT));

  /** What can be wrong with a request head; the code is what {@link #BAD_REQUEST_HEADER} carries. */
  enum Flaw {
    TARGET("bad-request-target", "The request target is not a valid URI: a malformed %-escape, or a character "
        + "that must be percent-encoded (a space, \", <, >, \\, ^, `, {, |, })"),
    REQUEST_LINE("bad-request-line", "The request line is not METHOD TARGET HTTP/VERSION"),
    HEADER("bad-header", "A header line is not name: value with a valid name"),
    FRAMING("bad-framing", "The body's length cannot be read: one Content-Length of digits, or Transfer-Encoding "
        + "chunked without Content-Length"),
    HEAD_TOO_LARGE("head-too-large", "The request line and headers are larger than 64 KiB");

    private final String code;
    private final String detail;

    Flaw(String code, String detail) {
      this.code = code;
      this.detail = detail;
    }

    /** What the problem answer says. */
    String detail() {
      return detail;
    }

    /** The flaw a {@link #BAD_REQUEST_HEADER} value names. */
    static Optional<Flaw> of(String code) {
      for (Flaw flaw : values()) {
        if (flaw.code.equals(code)) {
          return Optional.of(flaw);
        }
      }
      return Optional.empty();
    }
  }

  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final ExecutorService threads;
  private final Map<Integer, InetSocketAddress> clients = new ConcurrentHashMap<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private RequestHeadGuard(ServerSocket listener, InetSocketAddress upstream) {
    this.listener = listener;
    this.upstream = upstream;
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "local-front-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    threads.execute(this::accept);
  }

  /** Listens on {@code address} and relays to the HTTP server at {@code upstream}. */
  static RequestHeadGuard start(InetSocketAddress address, InetSocketAddress upstream) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(address, 64);
    return new RequestHeadGuard(listener, upstream);
  }

  /** Where clients connect. */
  InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /** The client behind a connection the HTTP server sees coming from this relay ({@code remote}). */
  Optional<InetSocketAddress> clientOf(InetSocketAddress remote) {
    return Optional.ofNullable(clients.get(remote.getPort()));
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the listener", e);
    }
    open.forEach(RequestHeadGuard::closeQuietly);
    threads.shutdownNow();
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) {
          LOG.warn("the local server stopped accepting connections", e);
        }
        return;
      }
      threads.execute(() -> relay(client));
    }
  }

  private void relay(Socket client) {
    open.add(client);
    Socket server = new Socket();
    open.add(server);
    Future<?> responses = null;
    try {
      server.connect(upstream);
      server.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
      SocketAddress from = client.getRemoteSocketAddress();
      if (from instanceof InetSocketAddress) {
        clients.put(server.getLocalPort(), (InetSocketAddress) from);
      }
      responses = threads.submit(() -> respond(server, client));
      boolean last = requests(new BufferedInputStream(client.getInputStream()), server.getOutputStream());
      server.shutdownOutput();
      if (last) {
        drain(client);
      }
      responses.get();
    } catch (IOException e) {
      // the client or the server went away mid-request; the connection is over either way
      LOG.debug("relay ended", e);
    } catch (ExecutionException e) {
      LOG.debug("response relay failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      clients.remove(server.getLocalPort());
      closeQuietly(server);
      closeQuietly(client);
      open.remove(server);
      open.remove(client);
    }
  }

  /**
   * Reads what the client still sends after the last request its connection can carry, until it
   * stops (or is quiet for a while), so that closing the connection cannot reset it before it has
   * read the answer.
   */
  private static void drain(Socket client) {
    try {
      client.setSoTimeout(DRAIN_MILLIS);
      client.getInputStream().transferTo(OutputStream.nullOutputStream());
    } catch (IOException quietOrGone) {
      LOG.debug("stopped reading a finished connection", quietOrGone);
    }
  }

  /** Server to client, byte for byte, until the server closes; then the client is told there is no more. */
  private static void respond(Socket server, Socket client) {
    try {
      server.getInputStream().transferTo(client.getOutputStream());
      client.shutdownOutput();
    } catch (IOException e) {
      LOG.debug("response relay ended", e);
      closeQuietly(client); // unblocks the request side
    }
  }

  /**
   * Client to server: each request's head, checked, then its body as framed, until the client is done
   * (false) or a head was replaced whose body cannot be framed (true: that answer is the connection's last).
   */
  private static boolean requests(InputStream in, OutputStream out) throws IOException {
    while (true) {
      Head head = Head.read(in);
      if (head == null) {
        return false;
      }
      Optional<Flaw> problem = head.problem();
      if (problem.isPresent() && !head.framed()) {
        out.write(replacement(head, problem.get(), true));
        out.flush();
        return true;
      }
      out.write(problem.isPresent() ? replacement(head, problem.get(), false) : head.bytes());
      head.relayBody(in, out);
      out.flush();
    }
  }

  /**
   * {@code GET /} marked with what was wrong. With the client's well-formed headers (its framing
   * stays, so its body is relayed and ignored), or, when it is the last, with none but {@code Connection: close}.
   */
  private static byte[] replacement(Head head, Flaw problem, boolean last) {
    StringBuilder request = new StringBuilder("GET / HTTP/1.1\r\n");
    if (last) {
      request.append("Host: local\r\nConnection: close\r\n");
    } else {
      for (String line : head.headerLines()) {
        if (Head.isHeaderLine(line)) {
          request.append(line).append("\r\n");
        }
      }
    }
    request.append(BAD_REQUEST_HEADER).append(": ").append(problem.code).append("\r\n");
    request.append(BAD_PATH_HEADER).append(": ").append(head.echoedPath()).append("\r\n\r\n");
    return request.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing a socket", e);
    }
  }

  /** One request head as it came: the request line and the header lines, in ISO-8859-1 as HTTP/1.1 reads them. */
  private record Head(String requestLine, List<String> headerLines, long contentLength, boolean chunked,
      boolean framed, boolean tooLarge) {

    /** The next head, or null when the client closed the connection before one. */
    static Head read(InputStream in) throws IOException {
      List<String> lines = new ArrayList<>();
      int size = 0;
      String line;
      do { // empty lines before a request line are allowed (RFC 9112, section 2.2)
        line = readLine(in, MAX_HEAD_BYTES - size);
        if (line == null) {
          return null;
        }
        size += line.length() + 2;
      } while (line.isEmpty() && size <= MAX_HEAD_BYTES);
      String requestLine = line;
      while (size <= MAX_HEAD_BYTES) {
        line = readLine(in, MAX_HEAD_BYTES - size);
        if (line == null) {
          return null;
        }
        size += line.length() + 2;
        if (line.isEmpty()) {
          return framing(requestLine, lines);
        }
        lines.add(line);
      }
      return new Head(requestLine, lines, 0, false, false, true);
    }

    private static Head framing(String requestLine, List<String> lines) {
      List<String> kept = new ArrayList<>(lines.size());
      String contentLength = null;
      int contentLengths = 0;
      String transferEncoding = null;
      for (String line : lines) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = colon < 0 ? "" : line.substring(colon + 1).strip();
        if (OWN_HEADERS.contains(name)) {
          continue;
        }
        kept.add(line);
        if (name.equals("content-length")) {
          contentLength = value;
          contentLengths++;
        } else if (name.equals("transfer-encoding")) {
          transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
        }
      }
      if (transferEncoding != null) {
        boolean chunked = transferEncoding.equalsIgnoreCase("chunked") && contentLengths == 0;
        return new Head(requestLine, kept, 0, chunked, chunked, false);
      }
      if (contentLengths == 0) {
        return new Head(requestLine, kept, 0, false, true, false);
      }
      long length = contentLengths == 1 && !contentLength.isEmpty() && contentLength.length() <= 18
          && contentLength.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(contentLength) : -1;
      return new Head(requestLine, kept, Math.max(length, 0), false, length >= 0, false);
    }

    /** What is wrong with this head, if anything the HTTP server behind would refuse by itself. */
    Optional<Flaw> problem() {
      if (tooLarge) {
        return Optional.of(Flaw.HEAD_TOO_LARGE);
      }
      if (!framed) {
        return Optional.of(Flaw.FRAMING);
      }
      String[] parts = requestLine.split(" ", -1);
      if (parts.length != 3 || parts[0].isEmpty() || !parts[2].startsWith("HTTP/")) {
        return Optional.of(Flaw.REQUEST_LINE);
      }
      try {
        new URI(parts[1]); // exactly what the JDK's server does with it, answering HTML when it fails
      } catch (URISyntaxException e) {
        return Optional.of(Flaw.TARGET);
      }
      for (String line : headerLines) {
        if (!isHeaderLine(line)) {
          return Optional.of(Flaw.HEADER);
        }
      }
      return Optional.empty();
    }

    /** {@code name: value} with a name of token characters, as the HTTP server behind requires. */
    static boolean isHeaderLine(String line) {
      int colon = line.indexOf(':');
      return colon > 0 && line.substring(0, colon).chars().allMatch(Head::isTokenChar);
    }

    /** The path as sent (to the first {@code ?}), percent-encoded so that it fits a header, and cut. */
    String echoedPath() {
      String[] parts = requestLine.split(" ", -1);
      String target = parts.length > 1 ? parts[1] : "";
      int query = target.indexOf('?');
      String path = query < 0 ? target : target.substring(0, query);
      if (path.length() > MAX_ECHOED_PATH) {
        path = path.substring(0, MAX_ECHOED_PATH);
      }
      return URLEncoder.encode(path, StandardCharsets.ISO_8859_1);
    }

    byte[] bytes() {
      StringBuilder head = new StringBuilder(requestLine).append("\r\n");
      for (String line : headerLines) {
        head.append(line).append("\r\n");
      }
      return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Relays this request's body, exactly as framed. */
    void relayBody(InputStream in, OutputStream out) throws IOException {
      if (chunked) {
        while (true) {
          String sizeLine = readLine(in, MAX_HEAD_BYTES);
          if (sizeLine == null) {
            throw new IOException("the client closed the connection within a chunked body");
          }
          out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          int extension = sizeLine.indexOf(';');
          long size;
          try {
            size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip(), 16);
          } catch (NumberFormatException e) {
            throw new IOException("a chunk size is not a number: the connection is closed", e);
          }
          if (size == 0) {
            break;
          }
          copy(in, out, size + 2); // the chunk and its CRLF
        }
        String trailer;
        do {
          trailer = readLine(in, MAX_HEAD_BYTES);
          if (trailer == null) {
            throw new IOException("the client closed the connection within a chunked body's trailers");
          }
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        } while (!trailer.isEmpty());
      } else {
        copy(in, out, contentLength);
      }
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
      byte[] buffer = new byte[8192];
      long left = count;
      while (left > 0) {
        int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (read < 0) {
          throw new IOException("the client closed the connection within a body");
        }
        out.write(buffer, 0, read);
        left -= read;
      }
    }

    /**
     * A line without its CRLF (or bare LF); null at the end of the stream. A line longer than
     * {@code max} is returned as far as read, which makes the head too large.
     */
    private static String readLine(InputStream in, int max) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(128);
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        }
        line.write(b);
        if (line.size() > max) {
          return new String(line.toByteArray(), StandardCharsets.ISO_8859_1);
        }
      }
      return null;
    }

    private static boolean isTokenChar(int c) {
      return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
  }
}
