package io.usersroles.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usersroles.functions.OpenApiContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server under requests off the wire that no HTTP client library would send: a request
 * target that is not a URI ({@code /orgs/%ZZ}), a broken request line or body framing (which the JDK's
 * HTTP server would answer with its own HTML page), a body that is not UTF-8, a body built to amplify
 * the error answer. Every answer is problem+json as the functions give it, the malformed target a
 * {@code 400 invalid-request}, and the connection goes on where it can.
 */
class LocalServerHostileInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BAD_REQUEST = "urn:users-and-roles:problem:invalid-request";

  @TempDir
  static Path data;
  private static LocalServer server;

  /** One answer as read off the connection. */
  private record Raw(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
      }
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
    }
  }

  @BeforeAll
  static void start() {
    server = LocalServer.start(new LocalServer.Options("127.0.0.1", 0, data, Optional.empty(), List.of()));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aRequestTargetThatIsNotAUriGets400ProblemJson() {
    for (String target : List.of("/orgs/%ZZ", "/orgs/%", "/orgs/%G1/users", "/orgs/{orgId}", "/orgs/a|b",
        "/orgs/a\"b", "/orgs/<x>", "/orgs/x?cursor=%zz", "/orgs/\u00ff%")) {
      Raw answer = exchange(head("GET", target, "Connection: close"), 1).get(0);
      assertBadRequest(target, answer);
      assertThat(answer.json().get("instance").asText()).as(target).startsWith("/orgs/");
    }
  }

  @Test
  void theConnectionGoesOnAfterAMalformedTargetAndItsBody() {
    byte[] requests = concat(
        head("POST", "/orgs/%ZZ", "Content-Type: application/json", "Content-Length: 15"),
        "{\"name\":\"Acme\"}".getBytes(StandardCharsets.UTF_8),
        head("POST", "/local/token", "Content-Type: application/json", "Content-Length: "
            + tokenBody().length),
        tokenBody(),
        head("GET", "/orgs/%zz/users", "Transfer-Encoding: chunked"),
        "4\r\nabcd\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        head("GET", "/nowhere", "Connection: close"));
    List<Raw> answers = exchange(requests, 4);
    assertBadRequest("first", answers.get(0));
    assertThat(answers.get(1).status()).as(answers.get(1).toString()).isEqualTo(200);
    assertThat(answers.get(1).json().get("token").asText()).isNotBlank();
    assertBadRequest("third", answers.get(2));
    assertThat(answers.get(3).status()).as(answers.get(3).toString()).isEqualTo(404);
    assertThat(answers.get(3).header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void aBrokenRequestLineOrBodyFramingGets400ProblemJsonToo() {
    for (byte[] request : List.of(
        head("GET", "/orgs/a b", "Connection: close"),
        head("POST", "/orgs", "Content-Length: abc"),
        head("POST", "/orgs", "Content-Length: 5", "Content-Length: 6"),
        head("POST", "/orgs", "Content-Length: 5", "Transfer-Encoding: chunked"),
        head("POST", "/orgs", "Transfer-Encoding: gzip"),
        head("GET", "/orgs", "Bad Header: x"),
        "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
      Raw answer = exchange(request, 1).get(0);
      assertBadRequest(new String(request, StandardCharsets.ISO_8859_1), answer);
    }
  }

  @Test
  void aBodyThatIsNotUtf8Gets400AndCreatesNothing() throws IOException {
    String token = token();
    byte[] body = concat("{\"name\":\"Acme ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe},
        "\"}".getBytes(StandardCharsets.UTF_8));
    Raw refused = exchange(concat(head("POST", "/orgs", "Authorization: Bearer " + token,
        "Content-Type: application/json", "Content-Length: " + body.length, "Connection: close"), body), 1).get(0);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.json().get("detail").asText()).contains("not well-formed UTF-8");
    OpenApiContract.get().assertSchema("BadRequestProblem", new String(refused.body(), StandardCharsets.UTF_8));

    byte[] tokenBody = concat("{\"email\":\"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xc0, (byte) 0xaf},
        "a@example.test\"}".getBytes(StandardCharsets.UTF_8));
    Raw local = exchange(concat(head("POST", "/local/token", "Content-Length: " + tokenBody.length,
        "Connection: close"), tokenBody), 1).get(0);
    assertThat(local.status()).as(local.toString()).isEqualTo(400);
  }

  @Test
  void aBodyOfUnknownFieldsGetsAProblemOfAtMost64KiB() {
    String token = token();
    StringBuilder json = new StringBuilder("{\"name\":\"Acme\"");
    for (int i = 0; json.length() < 1_040_000; i++) {
      json.append(",\"\\u0001").append(Integer.toString(i, 36)).append("\":0");
    }
    byte[] body = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    Raw answer = exchange(concat(head("POST", "/orgs", "Authorization: Bearer " + token,
        "Content-Type: application/json", "Content-Length: " + body.length, "Connection: close"), body), 1).get(0);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().length).isLessThanOrEqualTo(64 * 1024);
    assertThat(answer.json().get("errors")).hasSize(20);
    OpenApiContract.get().assertSchema("BadRequestProblem", new String(answer.body(), StandardCharsets.UTF_8));
  }

  private static void assertBadRequest(String what, Raw answer) {
    assertThat(answer.status()).as(what + " -> " + answer).isEqualTo(400);
    assertThat(answer.header("Content-Type")).as(what).isEqualTo("application/problem+json");
    JsonNode problem = answer.json();
    assertThat(problem.get("type").asText()).as(what).isEqualTo(BAD_REQUEST);
    assertThat(problem.get("status").asInt()).as(what).isEqualTo(400);
    OpenApiContract.get().assertSchema("BadRequestProblem", new String(answer.body(), StandardCharsets.UTF_8));
  }

  private static String token() {
    Raw answer = exchange(concat(head("POST", "/local/token", "Content-Length: " + tokenBody().length,
        "Connection: close"), tokenBody()), 1).get(0);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json().get("token").asText();
  }

  private static byte[] tokenBody() {
    return ("{\"email\":\"hostile." + UUID.nameUUIDFromBytes(new byte[0]).toString().substring(0, 8)
        + "@example.test\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** A request head: the request line as given (ISO-8859-1, as HTTP/1.1 carries it), a Host header, {@code headers}. */
  private static byte[] head(String method, String target, String... headers) {
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Writes {@code requests} on one connection and reads {@code count} answers from it. */
  private static List<Raw> exchange(byte[] requests, int count) {
    try (Socket socket = new Socket(server.baseUrl().getHost(), server.baseUrl().getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(requests);
      out.flush();
      InputStream in = socket.getInputStream();
      List<Raw> answers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        answers.add(read(in));
      }
      return answers;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Raw read(InputStream in) throws IOException {
    String statusLine = line(in);
    assertThat(statusLine).as("an answer").startsWith("HTTP/1.1 ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Raw(Integer.parseInt(statusLine.substring(9, 12)), headers, in.readNBytes(length));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the server closed the connection within an answer");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }
}
