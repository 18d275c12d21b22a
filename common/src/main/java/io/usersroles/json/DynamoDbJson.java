package io.usersroles.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items in DynamoDB's JSON form ({@code {"pk": {"S": "ORG#1"}, "n": {"N": "3"}}}), as DynamoDB Streams
 * records carry them in a Lambda event ({@code NewImage}, {@code Keys}), to and from the SDK's
 * {@link AttributeValue}.
 */
public final class DynamoDbJson {
  private DynamoDbJson() {}

  /** The item a stream image holds. */
  public static Map<String, AttributeValue> item(JsonNode image) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = image.fields(); fields.hasNext();) {
      Map.Entry<String, JsonNode> field = fields.next();
      item.put(field.getKey(), value(field.getValue()));
    }
    return item;
  }

  /** The image of an item, as a stream record carries it. */
  public static ObjectNode image(Map<String, AttributeValue> item) {
    ObjectNode image = JsonTrees.object();
    item.forEach((name, value) -> image.set(name, json(value)));
    return image;
  }

  private static AttributeValue value(JsonNode json) {
    if (json.has("S")) {
      return AttributeValue.fromS(json.get("S").asText());
    }
    if (json.has("N")) {
      return AttributeValue.fromN(json.get("N").asText());
    }
    if (json.has("BOOL")) {
      return AttributeValue.fromBool(json.get("BOOL").asBoolean());
    }
    if (json.has("NULL")) {
      return AttributeValue.fromNul(true);
    }
    if (json.has("B")) {
      return AttributeValue.fromB(SdkBytes.fromByteArray(Base64.getDecoder().decode(json.get("B").asText())));
    }
    if (json.has("L")) {
      List<AttributeValue> list = new ArrayList<>();
      json.get("L").forEach(element -> list.add(value(element)));
      return AttributeValue.fromL(list);
    }
    if (json.has("M")) {
      return AttributeValue.fromM(item(json.get("M")));
    }
    if (json.has("SS")) {
      return AttributeValue.fromSs(strings(json.get("SS")));
    }
    if (json.has("NS")) {
      return AttributeValue.fromNs(strings(json.get("NS")));
    }
    throw new IllegalArgumentException("not a DynamoDB attribute value: " + json);
  }

  private static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    array.forEach(element -> strings.add(element.asText()));
    return strings;
  }

  private static JsonNode json(AttributeValue value) {
    ObjectNode json = JsonTrees.object();
    switch (value.type()) {
      case S -> json.put("S", value.s());
      case N -> json.put("N", value.n());
      case BOOL -> json.put("BOOL", value.bool());
      case NUL -> json.put("NULL", true);
      case B -> json.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
      case L -> {
        ArrayNode list = json.putArray("L");
        value.l().forEach(element -> list.add(json(element)));
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
      default -> throw new IllegalArgumentException("no JSON form for " + value.type());
    }
    return json;
  }
}
