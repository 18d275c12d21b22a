package io.usersroles.functions.audit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.AuditEvent;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.logging.RequestLog;
import io.usersroles.json.DynamoDbJson;
import io.usersroles.json.JsonTrees;
import io.usersroles.service.AuditPublisher;
import io.usersroles.store.AuditEventItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code AuditPublisherFunction}: fed by the table's stream (inserted and modified audit-event items
 * only, by the event source's filter), it puts each audit event on EventBridge. Records it could not
 * put are answered as {@code batchItemFailures} (the event source reports them: Lambda retries from the
 * first of them, and after its retries sends the batch to the failure destination). An event whose
 * request took several transactions is put once per transaction, each time with the targets it has so
 * far; a consumer takes the last by id.
 */
public final class AuditPublisherHandler implements RequestStreamHandler {
  private final AuditPublisher publisher;

  public AuditPublisherHandler() {
    this(LambdaEnvironment.component());
  }

  public AuditPublisherHandler(FunctionsComponent app) {
    this.publisher = app.auditPublisher();
  }

  /** A stream record holding an audit event, by its sequence number. */
  private record Published(String sequenceNumber, AuditEvent event) {}

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode batch = JsonTrees.read(input);
    List<Published> events = new ArrayList<>();
    for (JsonNode record : batch.path("Records")) {
      String name = record.path("eventName").asText();
      JsonNode image = record.path("dynamodb").path("NewImage");
      if (!("INSERT".equals(name) || "MODIFY".equals(name)) || !image.isObject()) {
        continue; // a removal (TTL), or a record the filter should have left out
      }
      Optional<AuditEvent> event = AuditEventItem.fromImage(DynamoDbJson.item(image));
      event.ifPresent(found -> events.add(
          new Published(record.path("dynamodb").path("SequenceNumber").asText(), found)));
    }
    ObjectNode answer = Json.object();
    ArrayNode failures = answer.putArray("batchItemFailures");
    try (RequestLog log = RequestLog.start(context.getAwsRequestId(), "stream AuditPublisherFunction")) {
      List<Integer> failed = events.isEmpty() ? List.of()
          : publisher.publish(events.stream().map(Published::event).toList());
      for (int i : failed) {
        failures.addObject().put("itemIdentifier", events.get(i).sequenceNumber());
      }
      log.with("records", batch.path("Records").size())
          .with("published", events.size() - failed.size())
          .with("failed", failed.size())
          .finish("audit events published");
    }
    Json.write(answer, output);
  }
}
