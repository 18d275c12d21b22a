package io.usersroles.functions.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.config.AwsClients;
import io.usersroles.engines.eventbridge.LocalEventBridge;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.engines.streams.FilterPattern;
import io.usersroles.engines.streams.LocalStreamEventSource;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.testing.Engines;
import io.usersroles.testing.TestEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The audit publisher on the real path: changes made through the API land in DynamoDB Local, its stream
 * is read as Lambda's event source mapping reads it (the template's filter, batch size and retries), the
 * handler puts the events on an endpoint that speaks EventBridge's {@code PutEvents}.
 */
class AuditPublisherTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Api api = new Api();
  private final LocalEventBridge bus = LocalEventBridge.start();
  private final AuditPublisherHandler handler = new AuditPublisherHandler(publisherComponent());
  private final LocalStreamEventSource source = LocalStreamEventSource.forTable(api.env.adminClient(),
      api.env.dynamoDbStreamsClient(), api.table, mapping(2), handler,
      LocalStreamEventSource.StartingPosition.TRIM_HORIZON);
  private final User owner = api.user("owner");

  @AfterEach
  void stop() {
    source.close();
    bus.close();
  }

  /** The functions' object graph with EventBridge on this test's own endpoint. */
  private FunctionsComponent publisherComponent() {
    EventBridgeClient eventBridge = Engines.client(EventBridgeClient.builder(), bus.endpoint(),
        TestEnvironment.REGION, TestEnvironment.CREDENTIALS);
    return FunctionsComponent.builder()
        .settings(api.settings)
        .clock(api.clock)
        .clients(AwsClients.of(api.env.dynamoDbClient(), api.env.sesClient(), eventBridge))
        .build();
  }

  private static LocalStreamEventSource.Mapping mapping(int retries) {
    DeployedFunctions.StreamSource stream = DeployedFunctions.AUDIT_STREAM;
    return new LocalStreamEventSource.Mapping(stream.logicalId(), stream.batchSize(), retries,
        DeployedFunctions.STREAM_TIMEOUT, FilterPattern.parse(stream.filterPattern()));
  }

  private List<JsonNode> listed(String orgId) {
    List<JsonNode> items = new ArrayList<>();
    api.call(owner, "GET", "/orgs/" + orgId + "/audit-events?limit=100").json().get("items").forEach(items::add);
    return items;
  }

  @Test
  void putsEveryAuditEventOnTheBusAsTheApiListsIt() {
    String orgId = api.createOrg(owner, "Published Co");
    api.invite(owner, orgId, "[\"member\"]", api.user("ann"), api.user("bob"));
    api.call(owner, "PATCH", "/orgs/" + orgId, Api.json("name", "Published Ltd"));

    int delivered = source.poll();

    List<JsonNode> listed = listed(orgId);
    assertThat(listed).extracting(e -> e.get("action").asText())
        .containsExactly("org.updated", "invitation.created", "org.created");
    // the stream also held the organisation, its members and invitations: the filter kept them away
    assertThat(delivered).isEqualTo(3);
    List<LocalEventBridge.ReceivedEvent> put = bus.events();
    assertThat(put).hasSize(3);
    for (LocalEventBridge.ReceivedEvent event : put) {
      assertThat(event.source()).isEqualTo("users-and-roles");
      assertThat(event.eventBusName()).isEqualTo(api.settings.audit().eventBusName());
      JsonNode same = listed.stream().filter(e -> e.get("id").equals(event.detail().get("id"))).findFirst()
          .orElseThrow();
      assertThat(event.detail()).isEqualTo(same);
      assertThat(event.detailType()).isEqualTo(same.get("action").asText());
      assertThat(event.time().toEpochMilli()).isEqualTo(Instant.parse(same.get("at").asText())
          .toEpochMilli());
    }
    assertThat(source.poll()).as("nothing is delivered twice when all went well").isZero();
  }

  @Test
  void putsTenEntriesPerRequest() {
    String orgId = api.createOrg(owner, "Renamed Co");
    for (int i = 1; i <= 24; i++) {
      api.call(owner, "PATCH", "/orgs/" + orgId, Api.json("name", "Renamed " + i));
    }

    assertThat(source.poll()).isEqualTo(25);

    assertThat(bus.events()).hasSize(25);
    assertThat(bus.requests()).isEqualTo(3);
    assertThat(bus.events()).extracting(e -> e.detail().get("id").asText()).doesNotHaveDuplicates();
  }

  @Test
  void putsAgainWhatEventBridgeRefused() {
    String orgId = api.createOrg(owner, "Throttled Co");
    api.call(owner, "PATCH", "/orgs/" + orgId, Api.json("name", "Throttled Ltd"));
    bus.refuseNext(1, "ThrottlingException");

    assertThat(source.poll()).isEqualTo(2);

    assertThat(bus.events()).hasSize(2);
    assertThat(bus.requests()).as("one request, then the refused entry alone").isEqualTo(2);
    assertThat(source.givenUp()).isEmpty();
  }

  @Test
  void reportsWhatItCouldNotPutAndTheStreamDeliversItAgain() {
    String orgId = api.createOrg(owner, "Refused Co");
    // three puts by the publisher, then one retry by the stream, all refused; the next retry gets through
    bus.refuseNext(4, "InternalFailure");

    assertThat(source.poll()).isEqualTo(1);

    assertThat(bus.events()).hasSize(1);
    assertThat(bus.events().get(0).detail().get("orgId").asText()).isEqualTo(orgId);
    assertThat(bus.requests()).isEqualTo(5);
    assertThat(source.givenUp()).isEmpty();
  }

  @Test
  void givesUpAfterTheMappingsRetriesAndSaysWhichRecords() throws Exception {
    api.createOrg(owner, "Lost Co");
    bus.refuseNext(1_000, "InternalFailure");

    source.poll();

    assertThat(bus.events()).isEmpty();
    assertThat(source.givenUp()).hasSize(1);
    assertThat(source.givenUp().get(0).sequenceNumbers()).hasSize(1);
  }

  @Test
  void answersTheRecordsItCouldNotPutAsBatchItemFailures() throws Exception {
    ObjectNode sample = (ObjectNode) JSON.readTree(Files.readString(Path.of("../events/AuditPublisherFunction.json")));
    bus.refuseNext(1_000, "InternalFailure");

    JsonNode answer = invoke(sample);

    String sequenceNumber = sample.get("Records").get(0).get("dynamodb").get("SequenceNumber").asText();
    assertThat(answer.get("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly(sequenceNumber);
  }

  @Test
  void publishesTheSampleEventAndIgnoresRemovalsAndOtherItems() throws Exception {
    ObjectNode sample = (ObjectNode) JSON.readTree(Files.readString(Path.of("../events/AuditPublisherFunction.json")));
    ObjectNode removal = sample.get("Records").get(0).deepCopy();
    removal.put("eventName", "REMOVE");
    ((ObjectNode) removal.get("dynamodb")).remove("NewImage");
    ObjectNode organisation = sample.get("Records").get(0).deepCopy();
    ((ObjectNode) organisation.get("dynamodb").get("NewImage")).putObject("entity").put("S", "organisation");
    sample.withArray("Records").add(removal).add(organisation);

    JsonNode answer = invoke(sample);

    assertThat(answer.get("batchItemFailures")).isEmpty();
    assertThat(bus.events()).hasSize(1);
    LocalEventBridge.ReceivedEvent event = bus.events().get(0);
    JsonNode image = sample.get("Records").get(0).get("dynamodb").get("NewImage");
    assertThat(event.detailType()).isEqualTo(image.get("action").get("S").asText());
    assertThat(event.detail().get("id").asText()).isEqualTo(image.get("eventId").get("S").asText());
    assertThat(event.detail().has("revision")).as("bookkeeping stays in the table").isFalse();
  }

  private JsonNode invoke(JsonNode event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
        new LocalLambdaContext("test", "AuditPublisherFunction", Duration.ofMinutes(1)));
    return JSON.readTree(out.toByteArray());
  }
}
