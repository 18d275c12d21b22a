package io.usersroles.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON form of an audit event: what {@code GET /orgs/{orgId}/audit-events} lists, what
 * EventBridge receives as {@code detail}, and (targets and changes) how the table stores them.
 */
public final class AuditEventJson {
  /** ISO-8601 in UTC with milliseconds, always the same width, so that text order is time order. */
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AuditEventJson() {}

  /** An instant as events write it: {@code 2026-12-07T10:40:00.000Z}. */
  public static String instant(Instant at) {
    return INSTANT.format(at);
  }

  public static ObjectNode event(AuditEvent event) {
    ObjectNode json = JsonTrees.object()
        .put("id", event.id())
        .put("orgId", event.orgId())
        .put("at", instant(event.at()));
    json.putObject("actor").put("type", event.actor().type()).put("id", event.actor().id());
    json.put("action", event.action().wireName());
    ArrayNode targets = json.putArray("targets");
    event.targets().forEach(target -> targets.add(target(target)));
    if (!event.changes().isEmpty()) {
      json.set("changes", changes(event.changes()));
    }
    json.put("requestId", event.requestId());
    return json;
  }

  public static ObjectNode target(AuditEvent.Target target) {
    ObjectNode json = JsonTrees.object().put("type", target.type()).put("id", target.id());
    if (target.email() != null) {
      json.put("email", target.email());
    }
    if (target.name() != null) {
      json.put("name", target.name());
    }
    return json;
  }

  public static AuditEvent.Target target(JsonNode json) {
    return new AuditEvent.Target(json.path("type").asText(), json.path("id").asText(), textOrNull(json.get("email")),
        textOrNull(json.get("name")));
  }

  public static ObjectNode changes(Map<String, AuditEvent.Change> changes) {
    ObjectNode json = JsonTrees.object();
    changes.forEach((field, change) -> {
      ObjectNode fromTo = json.putObject(field);
      fromTo.set("from", value(change.from()));
      fromTo.set("to", value(change.to()));
    });
    return json;
  }

  public static Map<String, AuditEvent.Change> changes(JsonNode json) {
    Map<String, AuditEvent.Change> changes = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext();) {
      Map.Entry<String, JsonNode> field = fields.next();
      changes.put(field.getKey(), new AuditEvent.Change(value(field.getValue().get("from")),
          value(field.getValue().get("to"))));
    }
    return changes;
  }

  /** The event {@link #event} wrote; for the table's and tests' round trips. */
  public static AuditEvent event(JsonNode json) {
    List<AuditEvent.Target> targets = new ArrayList<>();
    json.path("targets").forEach(target -> targets.add(target(target)));
    return new AuditEvent(json.path("id").asText(), json.path("orgId").asText(), Instant.parse(json.path("at").asText()),
        new AuditEvent.Actor(json.path("actor").path("type").asText(), json.path("actor").path("id").asText()),
        AuditAction.byWireName(json.path("action").asText()).orElseThrow(
            () -> new IllegalArgumentException("not an audit action: " + json.path("action").asText())),
        targets, json.has("changes") ? changes(json.get("changes")) : Map.of(), json.path("requestId").asText());
  }

  public static String text(JsonNode json) {
    return JsonTrees.text(json);
  }

  public static JsonNode parse(String text) {
    try {
      return JsonTrees.read(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored audit JSON is not JSON", e);
    }
  }

  private static JsonNode value(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof String text) {
      return NODES.textNode(text);
    }
    if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    if (value instanceof Number number) {
      return NODES.numberNode(number.longValue());
    }
    if (value instanceof List<?> list) {
      ArrayNode array = JsonTrees.array();
      list.forEach(element -> array.add(value(element)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = JsonTrees.object();
      map.forEach((key, element) -> object.set(String.valueOf(key), value(element)));
      return object;
    }
    throw new IllegalArgumentException("an audit change holds text, booleans, numbers, lists and objects, not "
        + value);
  }

  private static Object value(JsonNode json) {
    if (json == null || json.isNull()) {
      return null;
    }
    if (json.isTextual()) {
      return json.asText();
    }
    if (json.isBoolean()) {
      return json.asBoolean();
    }
    if (json.isNumber()) {
      return json.asLong();
    }
    if (json.isArray()) {
      List<Object> list = new ArrayList<>();
      json.forEach(element -> list.add(value(element)));
      return list;
    }
    if (json.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext();) {
        Map.Entry<String, JsonNode> field = fields.next();
        map.put(field.getKey(), value(field.getValue()));
      }
      return map;
    }
    throw new IllegalArgumentException("not an audit change value: " + json);
  }

  private static String textOrNull(JsonNode json) {
    return json == null || json.isNull() ? null : json.asText();
  }
}
