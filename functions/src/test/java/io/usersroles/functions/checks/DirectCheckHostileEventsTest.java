package io.usersroles.functions.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.OpenApiContract;
import io.usersroles.functions.OrgFixture;
import io.usersroles.functions.http.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The directly invoked CheckPermissionFunction (not an HTTP route, so outside HostileInputTest) under
 * hostile events: not JSON, not an object, nesting bombs, huge strings, wrong types, unknown fields,
 * unicode tricks, path traversal, foreign and unknown orgs, oversized batches. Every answer is the
 * 400 problem object or a decision that allows nothing (the principals named hold no role in the org
 * asked about), as api/openapi.yaml describes it; nothing is written and no email is sent.
 */
class DirectCheckHostileEventsTest {
  private static final OrgFixture FIXTURE = new OrgFixture();
  private static final Map<String, Map<String, AttributeValue>> ITEMS = FIXTURE.items();
  private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
      "BatchWriteItem");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String HUGE = "h".repeat(200_000);
  private static final List<String> TRICKS = List.of("\u202e", "\u200b", "\ufeff", "\ud800", "\u0000", "\u2028",
      "\uff41", "\u0130", "../", "%2e%2e/", "\\", "*", "**");

  private final Api api = FIXTURE.api;

  @Property(tries = 200, edgeCases = EdgeCasesMode.NONE, shrinking = ShrinkingMode.OFF)
  void hostileDirectEventsGetTheProblemObjectOrADenialAndChangeNothing(@ForAll("hostileEvents") String event) {
    api.dynamoDbRequests.reset();
    api.sesRequests.reset();

    JsonNode answer;
    try {
      answer = Json.read(api.gateway.invoke("CheckPermissionFunction", event.getBytes(StandardCharsets.UTF_8)));
    } catch (java.io.IOException notJson) {
      throw new AssertionError("the function did not answer JSON to " + shown(event), notJson);
    }

    String seen = shown(event) + " -> " + answer;
    if (answer.has("status")) {
      assertThat(answer.get("status").asInt()).as(seen).isEqualTo(400);
      assertThat(answer.get("type").asText()).as(seen).startsWith("urn:users-and-roles:problem:");
    } else if (answer.has("results")) {
      assertThat(answer.get("results")).as(seen)
          .allSatisfy(decision -> assertThat(decision.get("allowed").asBoolean(true)).isFalse());
    } else {
      assertThat(answer.get("allowed").asBoolean(true)).as(seen).isFalse();
    }
    OpenApiContract.get().assertDirectCheck(event, answer);
    assertThat(api.dynamoDbRequests.operations()).as("writes for " + seen).noneMatch(WRITES::contains);
    assertThat(api.sesRequests.count()).as("emails for " + seen).isZero();
    assertThat(FIXTURE.items()).as("table items after " + shown(event)).isEqualTo(ITEMS);
  }

  @Provide
  Arbitrary<String> hostileEvents() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, notJson()),
        Tuple.of(1, notAnObject()),
        Tuple.of(1, nestingBombs()),
        Tuple.of(6, mutatedChecks().map(Json::text)),
        Tuple.of(2, mutatedBatches().map(Json::text)));
  }

  private static Arbitrary<String> notJson() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(50).filter(s -> !s.isBlank()),
        Arbitraries.of("{\"orgId\":", "{\"orgId\":\"x\"", "{'orgId':'x'}", "{\"orgId\":\"a\",}", "\u0000",
            "{\"orgId\":\"a\",\"orgId\":\"b\",\"action\":\"members:view\"}", "{} {}", "NaN", "[1,]"));
  }

  private static Arbitrary<String> notAnObject() {
    return Arbitraries.of("[]", "[{\"orgId\":\"x\"}]", "1", "-0.5e309", "\"orgId\"", "null", "true", "\"\"");
  }

  private static Arbitrary<String> nestingBombs() {
    return Arbitraries.integers().between(33, 20_000).flatMap(depth -> Arbitraries.of(
        "[".repeat(depth) + "]".repeat(depth),
        "{\"orgId\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}",
        "{\"orgId\":\"" + FIXTURE.orgId + "\",\"resource\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
  }

  /** A well-formed check for a principal without roles, then one hostile change to it. */
  private static Arbitrary<ObjectNode> mutatedChecks() {
    // mutations 25 to 29 leave the check as it is: decisions, which must deny, are exercised too
    return Combinators.combine(orgIds(), principals(), Arbitraries.integers().between(0, 29), junk())
        .as((orgId, principal, mutation, junk) -> mutate(check(orgId, principal), mutation, junk));
  }

  private static Arbitrary<ObjectNode> mutatedBatches() {
    return Combinators.combine(orgIds(), principals(), Arbitraries.integers().between(0, 5), junk())
        .as((orgId, principal, mutation, junk) -> {
          ObjectNode event = NODES.objectNode().put("orgId", orgId);
          ArrayNode checks = event.putArray("checks");
          ObjectNode one = check(orgId, principal);
          one.remove("orgId");
          switch (mutation) {
            case 0:
              break; // empty batch
            case 1:
              for (int i = 0; i < 101; i++) {
                checks.add(one.deepCopy());
              }
              break;
            case 2:
              checks.add(junk);
              break;
            case 3:
              checks.add(one).add(mutate(one.deepCopy(), junk.size() % 25, junk));
              break;
            case 4:
              event.set("checks", junk);
              break;
            default:
              checks.add(one);
              event.set("principal", junk);
              break;
          }
          return event;
        });
  }

  private static ObjectNode check(String orgId, JsonNode principal) {
    ObjectNode event = NODES.objectNode().put("orgId", orgId);
    event.set("principal", principal);
    event.put("action", "documents:view-content");
    event.putObject("resource").put("project", "prj_1").put("path", "src/main/App.java");
    return event;
  }

  private static ObjectNode mutate(ObjectNode event, int mutation, JsonNode junk) {
    ObjectNode principal = event.get("principal").isObject() ? (ObjectNode) event.get("principal") : null;
    ObjectNode resource = (ObjectNode) event.get("resource");
    String trick = TRICKS.get(Math.abs(junk.toString().hashCode()) % TRICKS.size());
    switch (mutation) {
      case 0 -> event.remove("orgId");
      case 1 -> event.set("orgId", junk);
      case 2 -> event.put("orgId", HUGE);
      case 3 -> event.remove("principal");
      case 4 -> event.set("principal", junk);
      case 5 -> principal(principal, event).put("type", "owner");
      case 6 -> principal(principal, event).set("id", junk);
      case 7 -> principal(principal, event).put("id", HUGE);
      case 8 -> principal(principal, event).put("id", "usr_" + trick + "x");
      case 9 -> {
        ArrayNode groups = principal(principal, event).putArray("groups");
        for (int i = 0; i < 101; i++) {
          groups.add("g" + i);
        }
      }
      case 10 -> principal(principal, event).putArray("groups").add(junk);
      case 11 -> event.remove("action");
      case 12 -> event.set("action", junk);
      case 13 -> event.put("action", "DOCUMENTS:VIEW-CONTENT");
      case 14 -> event.put("action", "documents:view-content" + trick);
      case 15 -> event.put("action", HUGE);
      case 16 -> event.set("resource", junk);
      case 17 -> resource.put("path", "../../etc/passwd");
      case 18 -> resource.put("path", "/" + trick + "/a");
      case 19 -> resource.put("path", "a//b/" + HUGE);
      case 20 -> resource.set("project", junk);
      case 21 -> resource.put("ownerId", trick);
      case 22 -> event.put("unknown", "field");
      case 23 -> resource.put("unknown", 1);
      case 24 -> event.set("checks", junk);
      default -> {
        // unchanged
      }
    }
    return event;
  }

  private static ObjectNode principal(ObjectNode principal, ObjectNode event) {
    return principal != null ? principal : event.putObject("principal").put("type", "user").put("id", "usr_x");
  }

  private static Arbitrary<String> orgIds() {
    return Arbitraries.of(FIXTURE.orgId, FIXTURE.otherOrgId, "org_doesnotexist", "ORG#" + FIXTURE.orgId,
        FIXTURE.orgId + "\u200b", "");
  }

  /** Principals that hold no role in the org asked about: a roleless member, an invitee, unknown ids. */
  private static Arbitrary<JsonNode> principals() {
    return Arbitraries.of(
        (JsonNode) NODES.objectNode().put("type", "user").put("id", FIXTURE.invitee.userId()),
        NODES.objectNode().put("type", "user").put("id", FIXTURE.powerless.userId()),
        NODES.objectNode().put("type", "service_account").put("id", "sa_doesnotexist"),
        NODES.objectNode().put("type", "user").put("id", "usr_doesnotexist"));
  }

  private static Arbitrary<JsonNode> junk() {
    return Arbitraries.of(
        NODES.numberNode(42), NODES.booleanNode(true), NODES.nullNode(), NODES.arrayNode().add(1),
        NODES.objectNode().put("a", 1), NODES.textNode(""), NODES.textNode(HUGE), NODES.numberNode(-1.5e300));
  }

  private static String shown(String event) {
    return event.length() > 300 ? event.substring(0, 300) + "…(" + event.length() + ")" : event;
  }
}
