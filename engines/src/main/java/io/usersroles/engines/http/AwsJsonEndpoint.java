package io.usersroles.engines.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP endpoint answering one operation of an AWS service that speaks the JSON 1.1 protocol
 * (the request a real SDK client sends: {@code POST}, the operation in {@code X-Amz-Target}; the
 * signature is not checked). The local stand-ins for services without an emulator here (EventBridge,
 * Secrets Manager) are built on it, so their clients are the real SDK's with an endpoint override.
 */
public final class AwsJsonEndpoint implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer: its HTTP status and JSON body. */
  public record Reply(int status, JsonNode body) {
    public static Reply ok(JsonNode body) {
      return new Reply(200, body);
    }

    /** An AWS error: {@code type} is the exception's name as the SDK maps it ({@code __type}). */
    public static Reply error(String type, String message) {
      return new Reply(400, JSON.createObjectNode().put("__type", type).put("message", message));
    }
  }

  /** What the endpoint does with one request of its operation. */
  @FunctionalInterface
  public interface Operation {
    Reply answer(JsonNode request) throws IOException;
  }

  private final HttpServer server;
  private final String target;
  private final String unknownOperation;
  private final Operation operation;

  private AwsJsonEndpoint(HttpServer server, String target, String unknownOperation, Operation operation) {
    this.server = server;
    this.target = target;
    this.unknownOperation = unknownOperation;
    this.operation = operation;
  }

  /**
   * Listens on a free loopback port, answering {@code target} (e.g. {@code AWSEvents.PutEvents}) with
   * {@code operation} and anything else with the error {@code unknownOperation}; {@code name} names its threads.
   */
  public static AwsJsonEndpoint start(String name, String target, String unknownOperation, Operation operation) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      AwsJsonEndpoint endpoint = new AwsJsonEndpoint(server, target, unknownOperation, operation);
      server.createContext("/", endpoint::serve);
      server.setExecutor(Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
      }));
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + " endpoint", e);
    }
  }

  /** The endpoint to give the service's client ({@code endpointOverride}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String requested = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      byte[] body = exchange.getRequestBody().readAllBytes();
      Reply reply = "POST".equals(exchange.getRequestMethod()) && target.equals(requested)
          ? operation.answer(JSON.readTree(body))
          : Reply.error(unknownOperation, "this endpoint answers " + target + " only, not " + requested);
      byte[] bytes = JSON.writeValueAsBytes(reply.body());
      exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
      exchange.sendResponseHeaders(reply.status(), bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
