package io.usersroles.engines.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint that answers Amazon EventBridge's {@code PutEvents} (JSON 1.1 protocol, the request a real
 * SDK client sends, signature ignored) and records what it was given, oldest first. There is no
 * EventBridge emulator to install; this is the part of the API the product calls. {@link #refuseNext}
 * makes it refuse entries one by one, as EventBridge does under throttling or an internal failure.
 */
public final class LocalEventBridge implements AutoCloseable {
  /** One event as EventBridge received it. */
  public record ReceivedEvent(String eventBusName, String source, String detailType, JsonNode detail, Instant time) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<ReceivedEvent> received = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger toRefuse = new AtomicInteger();
  private volatile String refusalCode = "ThrottlingException";

  private LocalEventBridge(HttpServer server) {
    this.server = server;
  }

  /** Listens on a free loopback port. */
  public static LocalEventBridge start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      LocalEventBridge bridge = new LocalEventBridge(server);
      server.createContext("/", bridge::serve);
      server.setExecutor(Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "local-eventbridge");
        thread.setDaemon(true);
        return thread;
      }));
      server.start();
      return bridge;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local EventBridge endpoint", e);
    }
  }

  /** The endpoint to give an EventBridge client ({@code endpointOverride}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every event put so far, oldest first. */
  public synchronized List<ReceivedEvent> events() {
    return List.copyOf(received);
  }

  /** How many PutEvents requests arrived. */
  public int requests() {
    return requests.get();
  }

  /** Refuses the next {@code entries} entries (one by one, in the answer) with {@code errorCode}. */
  public void refuseNext(int entries, String errorCode) {
    refusalCode = errorCode;
    toRefuse.set(entries);
  }

  public synchronized void clear() {
    received.clear();
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod()) || !"AWSEvents.PutEvents".equals(target)) {
        answer(exchange, 400, JSON.createObjectNode().put("__type", "UnknownOperationException")
            .put("message", "this endpoint answers PutEvents only, not " + target));
        return;
      }
      requests.incrementAndGet();
      JsonNode request = JSON.readTree(body);
      ObjectNode response = JSON.createObjectNode();
      ArrayNode results = response.putArray("Entries");
      int failed = 0;
      for (JsonNode entry : request.path("Entries")) {
        if (toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          failed++;
          results.addObject().put("ErrorCode", refusalCode).put("ErrorMessage", "refused by the test");
          continue;
        }
        JsonNode detail = JSON.readTree(entry.path("Detail").asText("{}"));
        Instant time = entry.has("Time")
            ? Instant.ofEpochMilli(Math.round(entry.path("Time").asDouble() * 1000)) : Instant.now();
        synchronized (this) {
          received.add(new ReceivedEvent(entry.path("EventBusName").asText("default"), entry.path("Source").asText(),
              entry.path("DetailType").asText(), detail, time));
        }
        results.addObject().put("EventId", UUID.randomUUID().toString());
      }
      response.put("FailedEntryCount", failed);
      answer(exchange, 200, response);
    }
  }

  private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
