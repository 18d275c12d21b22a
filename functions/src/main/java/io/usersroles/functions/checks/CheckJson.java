package io.usersroles.functions.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Check;
import io.usersroles.access.Decision;
import io.usersroles.access.Resource;
import io.usersroles.domain.DomainException;
import io.usersroles.functions.http.Json;
import io.usersroles.service.PermissionCheckService;
import io.usersroles.service.PermissionCheckService.PrincipalRef;
import io.usersroles.service.PermissionCheckService.Question;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The wire form of checks, shared by the HTTP route and the direct invocation: a single check
 * {@code {principal?, action, resource?}} or a batch {@code {checks: [...]}}, and their answers.
 */
final class CheckJson {
  private static final int MAX_TEXT = 1024;
  private static final int MAX_GROUPS = 100;
  private static final Set<String> SINGLE_FIELDS = Set.of("principal", "action", "resource");
  private static final Set<String> PRINCIPAL_FIELDS = Set.of("type", "id", "groups");
  private static final Set<String> RESOURCE_FIELDS = Set.of("project", "path", "ownerId", "creatorId");

  private CheckJson() {}

  /** A parsed request: its checks and whether they came as a batch. */
  record Request(boolean batch, List<Question> questions) {}

  /** Parses a request object; {@code envelopeFields} are other top-level fields allowed (e.g. orgId). */
  static Request parse(JsonNode body, Set<String> envelopeFields) {
    if (body == null || !body.isObject()) {
      throw DomainException.invalid("The request body must be a JSON object");
    }
    if (body.has("checks")) {
      rejectUnknown(body, union(Set.of("checks"), envelopeFields), "");
      JsonNode checks = body.get("checks");
      if (!checks.isArray() || checks.isEmpty() || checks.size() > PermissionCheckService.MAX_BATCH) {
        throw DomainException.invalidField("checks",
            "must be an array of 1 to " + PermissionCheckService.MAX_BATCH + " checks");
      }
      List<Question> questions = new ArrayList<>(checks.size());
      for (int i = 0; i < checks.size(); i++) {
        String prefix = "checks[" + i + "].";
        JsonNode item = checks.get(i);
        if (!item.isObject()) {
          throw DomainException.invalidField("checks[" + i + "]", "must be an object");
        }
        rejectUnknown(item, SINGLE_FIELDS, prefix);
        questions.add(question(item, prefix));
      }
      return new Request(true, questions);
    }
    rejectUnknown(body, union(SINGLE_FIELDS, envelopeFields), "");
    return new Request(false, List.of(question(body, "")));
  }

  /** The answer: one decision, or the batch's results in order. */
  static ObjectNode answer(Request request, List<Decision> decisions) {
    if (!request.batch()) {
      return decision(decisions.get(0));
    }
    ObjectNode answer = Json.object();
    ArrayNode results = answer.putArray("results");
    decisions.forEach(d -> results.add(decision(d)));
    return answer;
  }

  private static ObjectNode decision(Decision decision) {
    return Json.object().put("allowed", decision.allowed()).put("reason", decision.reason());
  }

  private static Question question(JsonNode node, String prefix) {
    Optional<PrincipalRef> principal = Optional.empty();
    if (node.has("principal") && !node.get("principal").isNull()) {
      principal = Optional.of(principal(node.get("principal"), prefix + "principal"));
    }
    JsonNode action = node.get("action");
    if (action != null && !action.isNull() && !action.isTextual()) {
      throw DomainException.invalidField(prefix + "action", "must be a string");
    }
    Resource resource = Resource.NONE;
    if (node.has("resource") && !node.get("resource").isNull()) {
      resource = resource(node.get("resource"), prefix + "resource");
    }
    return new Question(principal, Check.of(prefix, action == null || action.isNull() ? null : action.textValue(),
        resource));
  }

  private static PrincipalRef principal(JsonNode node, String field) {
    if (!node.isObject()) {
      throw DomainException.invalidField(field, "must be an object");
    }
    rejectUnknown(node, PRINCIPAL_FIELDS, field + ".");
    String type = text(node, "type", field + ".type").orElseThrow(
        () -> DomainException.invalidField(field + ".type", "is required"));
    if (!type.equals(PrincipalRef.USER) && !type.equals(PrincipalRef.SERVICE_ACCOUNT)) {
      throw DomainException.invalidField(field + ".type", "must be user or service_account");
    }
    String id = text(node, "id", field + ".id").filter(s -> !s.isBlank()).orElseThrow(
        () -> DomainException.invalidField(field + ".id", "is required"));
    Set<String> groups = new LinkedHashSet<>();
    JsonNode groupsNode = node.get("groups");
    if (groupsNode != null && !groupsNode.isNull()) {
      if (!groupsNode.isArray() || groupsNode.size() > MAX_GROUPS) {
        throw DomainException.invalidField(field + ".groups", "must be an array of at most " + MAX_GROUPS + " strings");
      }
      for (JsonNode group : groupsNode) {
        if (!group.isTextual() || group.textValue().length() > MAX_TEXT) {
          throw DomainException.invalidField(field + ".groups", "must hold strings of at most " + MAX_TEXT
              + " characters");
        }
        groups.add(group.textValue());
      }
    }
    return new PrincipalRef(type, id, groups);
  }

  private static Resource resource(JsonNode node, String field) {
    if (!node.isObject()) {
      throw DomainException.invalidField(field, "must be an object");
    }
    rejectUnknown(node, RESOURCE_FIELDS, field + ".");
    return new Resource(text(node, "project", field + ".project"), text(node, "path", field + ".path"),
        text(node, "ownerId", field + ".ownerId"), text(node, "creatorId", field + ".creatorId"));
  }

  private static Optional<String> text(JsonNode node, String name, String field) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw DomainException.invalidField(field, "must be a string");
    }
    if (value.textValue().length() > MAX_TEXT) {
      throw DomainException.invalidField(field, "must be at most " + MAX_TEXT + " characters");
    }
    return Optional.of(value.textValue());
  }

  private static void rejectUnknown(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw DomainException.invalidField(prefix + name, "is not a field of a check");
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }
}
