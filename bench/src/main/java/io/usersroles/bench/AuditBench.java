package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.config.AwsClients;
import io.usersroles.engines.eventbridge.LocalEventBridge;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.streams.FilterPattern;
import io.usersroles.engines.streams.LocalStreamEventSource;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LocalApiGateway;
import io.usersroles.functions.audit.AuditPublisherHandler;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.store.Keys;
import io.usersroles.testing.ItemsRead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The audit log's two numbers: items read by an unfiltered page of 50 events (the key design promises at
 * most one more than the page), and how long an event takes from its request's answer to the bus, on the
 * path the local server runs (the table's stream read every 100 ms, the publisher, a PutEvents endpoint).
 */
final class AuditBench {
  static final int EVENTS = 120;
  static final int PAGE = 50;
  static final int PUBLISHED = 40;
  /** As the local server reads the stream. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private AuditBench() {}

  static void measure(Fixture fixture, HttpApiGateway gateway, Metrics metrics) throws InterruptedException {
    Fixture.User owner = fixture.user("audit-owner");
    String orgId = Fixture.call(gateway, owner, "POST", "/orgs", "{\"name\":\"Audited 0\"}", 201).get("orgId")
        .asText();
    for (int i = 1; i < EVENTS; i++) {
      Fixture.call(gateway, owner, "PATCH", "/orgs/" + orgId, "{\"name\":\"Audited " + i + "\"}", 200);
    }
    pageItemsRead(fixture, owner, orgId, metrics);
    publishLatency(fixture, gateway, owner, orgId, metrics);
  }

  private static void pageItemsRead(Fixture fixture, Fixture.User owner, String orgId, Metrics metrics) {
    ItemsRead auditItems = ItemsRead.ofQueriesFor(Keys.AUDIT_PARTITION_PREFIX + orgId);
    FunctionsComponent fresh = fixture.component(fixture.dynamoDbClient(auditItems), fixture.sesClient(),
        Clock.systemUTC());
    HttpApiGateway.Response answer = LocalApiGateway.of(fresh).handle(new HttpApiEvents.Request("GET",
        "/orgs/" + orgId + "/audit-events", "limit=" + PAGE, Map.of("authorization", "Bearer " + owner.token()),
        null, "127.0.0.1"));
    JsonNode page;
    try {
      page = Fixture.JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (answer.status() != 200 || page.path("items").size() != PAGE || page.path("nextCursor").isNull()) {
      throw new IllegalStateException("expected a full page of " + PAGE + " and a cursor: " + page);
    }
    metrics.put("audit_page_items_read", auditItems.count(), String.format(
        "GET /orgs/{orgId}/audit-events?limit=%d, no filter, %d events in the org: items the audit query read",
        PAGE, EVENTS));
  }

  private static void publishLatency(Fixture fixture, HttpApiGateway gateway, Fixture.User owner, String orgId,
      Metrics metrics) throws InterruptedException {
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local",
        "local"));
    DeployedFunctions.StreamSource stream = DeployedFunctions.AUDIT_STREAM;
    try (LocalEventBridge bus = LocalEventBridge.start();
        EventBridgeClient eventBridge = EventBridgeClient.builder().endpointOverride(bus.endpoint())
            .region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
            .build();
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder()
            .endpointOverride(URI.create(fixture.environment.get("DYNAMODB_ENDPOINT"))).region(Region.US_EAST_1)
            .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        DynamoDbClient dynamoDb = fixture.dynamoDbClient()) {
      FunctionsComponent app = FunctionsComponent.builder().settings(fixture.settings).clock(Clock.systemUTC())
          .clients(AwsClients.of(dynamoDb, fixture.sesClient(), eventBridge)).build();
      try (LocalStreamEventSource source = LocalStreamEventSource.forTable(dynamoDb, streams, fixture.table,
          new LocalStreamEventSource.Mapping(stream.logicalId(), stream.batchSize(), stream.maxRetries(),
              DeployedFunctions.STREAM_TIMEOUT, FilterPattern.parse(stream.filterPattern())),
          new AuditPublisherHandler(app), LocalStreamEventSource.StartingPosition.LATEST).start(POLL_INTERVAL)) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < PUBLISHED; i++) {
          Fixture.call(gateway, owner, "PATCH", "/orgs/" + orgId, "{\"name\":\"Published " + i + "\"}", 200);
          long answered = System.nanoTime();
          long deadline = answered + Duration.ofSeconds(30).toNanos();
          while (bus.events().size() <= i) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("audit event " + i + " did not reach the bus in 30 s");
            }
            Thread.sleep(1);
          }
          millis.add((System.nanoTime() - answered) / 1e6);
          // the next change at a random point of the poll cycle, as requests come
          Thread.sleep((long) (Math.random() * POLL_INTERVAL.toMillis()));
        }
        Collections.sort(millis);
        double p50 = millis.get(millis.size() / 2);
        double p95 = millis.get((int) Math.ceil(millis.size() * 0.95) - 1);
        metrics.put("audit_publish_latency_ms", p50, String.format(
            "p50 of %d events, from the API's answer to the event on the local PutEvents endpoint (the table's "
                + "stream read every %d ms, as the local server does); p95 %.0f ms", PUBLISHED,
            POLL_INTERVAL.toMillis(), p95));
        metrics.detail("audit_publish_latency_ms", Map.of("p95", p95, "max", millis.get(millis.size() - 1)));
      }
    }
  }
}
