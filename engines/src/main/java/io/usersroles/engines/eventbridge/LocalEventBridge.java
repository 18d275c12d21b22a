package io.usersroles.engines.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.engines.http.AwsJsonEndpoint;
import io.usersroles.engines.http.AwsJsonEndpoint.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

  private final List<ReceivedEvent> received = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger toRefuse = new AtomicInteger();
  private volatile String refusalCode = "ThrottlingException";
  private AwsJsonEndpoint endpoint;

  private LocalEventBridge() {}

  /** Listens on a free loopback port. */
  public static LocalEventBridge start() {
    LocalEventBridge bridge = new LocalEventBridge();
    bridge.endpoint = AwsJsonEndpoint.start("local-eventbridge", "AWSEvents.PutEvents", "UnknownOperationException",
        bridge::putEvents);
    return bridge;
  }

  /** The endpoint to give an EventBridge client ({@code endpointOverride}). */
  public URI endpoint() {
    return endpoint.endpoint();
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

  private Reply putEvents(JsonNode request) throws IOException {
    requests.incrementAndGet();
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
    return Reply.ok(response);
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
