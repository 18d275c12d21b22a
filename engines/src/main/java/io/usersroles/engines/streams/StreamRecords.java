package io.usersroles.engines.streams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * A DynamoDB Streams record (as {@code GetRecords} returns it) in the JSON shape Lambda hands a function
 * ({@code eventID}, {@code eventName}, {@code dynamodb.Keys}/{@code NewImage}/{@code OldImage} in
 * DynamoDB's JSON form, {@code SequenceNumber}, {@code eventSourceARN}).
 */
public final class StreamRecords {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private StreamRecords() {}

  /** {@code record} as one element of a Lambda event's {@code Records}. */
  public static ObjectNode lambdaRecord(Record record, String streamArn) {
    ObjectNode json = JSON.objectNode();
    json.put("eventID", record.eventID());
    json.put("eventName", record.eventNameAsString());
    json.put("eventVersion", record.eventVersion());
    json.put("eventSource", record.eventSource());
    json.put("awsRegion", record.awsRegion());
    StreamRecord change = record.dynamodb();
    ObjectNode dynamodb = json.putObject("dynamodb");
    if (change.approximateCreationDateTime() != null) {
      dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime().getEpochSecond());
    }
    if (change.hasKeys()) {
      dynamodb.set("Keys", image(change.keys()));
    }
    if (change.hasNewImage()) {
      dynamodb.set("NewImage", image(change.newImage()));
    }
    if (change.hasOldImage()) {
      dynamodb.set("OldImage", image(change.oldImage()));
    }
    dynamodb.put("SequenceNumber", change.sequenceNumber());
    if (change.sizeBytes() != null) {
      dynamodb.put("SizeBytes", change.sizeBytes());
    }
    dynamodb.put("StreamViewType", change.streamViewTypeAsString());
    json.put("eventSourceARN", streamArn);
    return json;
  }

  /** An item in DynamoDB's JSON form ({@code {"pk": {"S": "ORG#1"}}}). */
  public static ObjectNode image(Map<String, AttributeValue> item) {
    ObjectNode image = JSON.objectNode();
    item.forEach((name, value) -> image.set(name, value(value)));
    return image;
  }

  private static ObjectNode value(AttributeValue value) {
    ObjectNode json = JSON.objectNode();
    switch (value.type()) {
      case S -> json.put("S", value.s());
      case N -> json.put("N", value.n());
      case BOOL -> json.put("BOOL", value.bool());
      case NUL -> json.put("NULL", true);
      case B -> json.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
      case L -> {
        ArrayNode list = json.putArray("L");
        value.l().forEach(element -> list.add(value(element)));
      }
      case M -> json.set("M", image(value.m()));
      case SS -> {
        ArrayNode set = json.putArray("SS");
        value.ss().forEach(set::add);
      }
      case NS -> {
        ArrayNode set = json.putArray("NS");
        value.ns().forEach(set::add);
      }
      case BS -> {
        ArrayNode set = json.putArray("BS");
        value.bs().forEach(bytes -> set.add(Base64.getEncoder().encodeToString(bytes.asByteArray())));
      }
      default -> throw new IllegalArgumentException("no JSON form for " + value.type());
    }
    return json;
  }
}
