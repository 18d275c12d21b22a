package io.usersroles.functions.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.OpenApiContract;
import io.usersroles.functions.OrgFixture;
import io.usersroles.functions.http.Json;
import io.usersroles.testing.Gens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
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

  /** One hostile event, and whether the API insists on the 400 problem (else a denial will do). */
  record Hostile(String event, boolean mustBeRefused) {
    @Override
    public String toString() {
      return shown(event);
    }
  }

  // no shrinking: each assertion names the one event that broke it
  @Test
  void hostileDirectEventsGetTheProblemObjectOrADenialAndChangeNothing() {
    qt().withExamples(200).withShrinkCycles(0).withGenerateAttempts(Gens.FILTER_ATTEMPTS).forAll(hostileEvents())
        .checkAssert(hostile -> {
          api.dynamoDbRequests.reset();
          api.sesRequests.reset();
          String event = hostile.event();

          JsonNode answer;
          try {
            answer = Json.read(api.gateway.invoke("CheckPermissionFunction", event.getBytes(StandardCharsets.UTF_8)));
          } catch (java.io.IOException notJson) {
            throw new AssertionError("the function did not answer JSON to " + hostile, notJson);
          }

          String seen = hostile + " -> " + answer;
          if (hostile.mustBeRefused() || answer.has("status")) {
            // an unknown action, a bad path or a malformed request is 400, never a silent false
            assertThat(answer.path("status").asInt()).as(seen).isEqualTo(400);
            assertThat(answer.path("type").asText()).as(seen).startsWith("urn:users-and-roles:problem:");
          } else if (answer.has("results")) {
            assertThat(answer.get("results")).as(seen)
                .allSatisfy(decision -> assertThat(decision.get("allowed").asBoolean(true)).isFalse());
          } else {
            assertThat(answer.get("allowed").asBoolean(true)).as(seen).isFalse();
          }
          OpenApiContract.get().assertDirectCheck(event, answer);
          assertThat(api.dynamoDbRequests.operations()).as("writes for " + seen).noneMatch(WRITES::contains);
          assertThat(api.sesRequests.count()).as("emails for " + seen).isZero();
          assertThat(FIXTURE.items()).as("table items after " + hostile).isEqualTo(ITEMS);
        });
  }

  private static Gen<Hostile> hostileEvents() {
    return Generate.frequency(List.of(
        Pair.of(1, notJson().map(event -> new Hostile(event, true))),
        Pair.of(1, notAnObject().map(event -> new Hostile(event, true))),
        Pair.of(1, nestingBombs().map(event -> new Hostile(event, true))),
        Pair.of(6, mutatedChecks()),
        Pair.of(2, mutatedBatches())));
  }

  private static Gen<String> notJson() {
    return Generate.oneOf(
        Gens.strings(Gens.anyChar(), 0, 50).assuming(s -> !s.isBlank() && notJson(s)),
        Gens.of("{\"orgId\":", "{\"orgId\":\"x\"", "{'orgId':'x'}", "{\"orgId\":\"a\",}", "\u0000",
            "{\"orgId\":\"a\",\"orgId\":\"b\",\"action\":\"members:view\"}", "{} {}", "NaN", "[1,]"));
  }

  private static boolean notJson(String text) {
    try {
      Json.read(text);
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private static Gen<String> notAnObject() {
    return Gens.of("[]", "[{\"orgId\":\"x\"}]", "1", "-0.5e309", "\"orgId\"", "null", "true", "\"\"");
  }

  private static Gen<String> nestingBombs() {
    return Generate.range(33, 20_000).flatMap(depth -> Gens.of(
        "[".repeat(depth) + "]".repeat(depth),
        "{\"orgId\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}",
        "{\"orgId\":\"" + FIXTURE.orgId + "\",\"resource\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
  }

  /** A well-formed check for a principal without roles, then one hostile change (or none) to it. */
  private static Gen<Hostile> mutatedChecks() {
    return orgIds().zip(principals(), Generate.range(0, MUTATIONS + 4), junk(), Generate.pick(TRICKS),
        (orgId, principal, mutation, junk, trick) -> {
          ObjectNode event = check(orgId, principal);
          boolean refused = mutate(event, mutation, junk, trick);
          // a blank orgId is refused, unless the mutation replaced it (mutations 1 and 2)
          return new Hostile(Json.text(event), refused || orgId.isEmpty() && mutation != 1 && mutation != 2);
        });
  }

  private static Gen<Hostile> mutatedBatches() {
    // six inputs: QuickTheories zips five, so the org and the principal asked about come as a pair
    return orgIds().zip(principals(), Pair::of).zip(Generate.range(0, 5), Generate.range(0, MUTATIONS - 1), junk(),
        Generate.pick(TRICKS), (asked, shape, itemMutation, junk, trick) -> {
          String orgId = asked._1;
          JsonNode principal = asked._2;
          ObjectNode event = NODES.objectNode().put("orgId", orgId);
          ArrayNode checks = event.putArray("checks");
          ObjectNode one = check(orgId, principal);
          one.remove("orgId");
          boolean refused;
          switch (shape) {
            case 0 -> refused = true; // empty batch
            case 1 -> {
              for (int i = 0; i < 101; i++) {
                checks.add(one.deepCopy());
              }
              refused = true;
            }
            case 2 -> {
              checks.add(junk);
              refused = true;
            }
            case 3 -> {
              // one bad item makes the whole batch 400
              ObjectNode bad = one.deepCopy();
              bad.put("orgId", orgId);
              boolean mustRefuse = mutate(bad, itemMutation, junk, trick);
              bad.remove("orgId");
              checks.add(one).add(bad);
              refused = mustRefuse && itemMutation > 2; // mutations 0 to 2 touch only the orgId, not the item
            }
            case 4 -> {
              event.set("checks", junk);
              refused = true;
            }
            default -> {
              checks.add(one);
              event.set("principal", junk);
              refused = true;
            }
          }
          return new Hostile(Json.text(event), refused || orgId.isEmpty());
        });
  }

  private static ObjectNode check(String orgId, JsonNode principal) {
    ObjectNode event = NODES.objectNode().put("orgId", orgId);
    event.set("principal", principal.deepCopy());
    event.put("action", "documents:view-content");
    event.putObject("resource").put("project", "prj_1").put("path", "src/main/App.java");
    return event;
  }

  private static final int MUTATIONS = 25;

  /** Applies mutation {@code mutation} (none from {@link #MUTATIONS} on); true when the API requires a 400. */
  private static boolean mutate(ObjectNode event, int mutation, JsonNode junk, String trick) {
    ObjectNode principal = event.get("principal").isObject() ? (ObjectNode) event.get("principal") : null;
    ObjectNode resource = (ObjectNode) event.get("resource");
    switch (mutation) {
      case 0 -> event.remove("orgId");
      case 1 -> event.set("orgId", junk);
      case 2 -> {
        // too long to name anything stored: denied (no lookup), not refused
        event.put("orgId", "org_" + "o".repeat(300));
        return false;
      }
      case 3 -> event.remove("principal");
      case 4 -> event.set("principal", junk);
      case 5 -> principal(principal, event).put("type", "owner");
      case 6 -> principal(principal, event).set("id", junk);
      case 7 -> principal(principal, event).put("id", HUGE);
      case 8 -> {
        principal(principal, event).put("id", "usr_" + trick + "x");
        return false; // an odd id names nobody: a denial
      }
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
      case 21 -> {
        resource.put("ownerId", trick);
        return false;
      }
      case 22 -> event.put("unknown", "field");
      case 23 -> resource.put("unknown", 1);
      case 24 -> event.set("checks", junk);
      default -> {
        return false; // unchanged: a decision, which must deny
      }
    }
    if (mutation == 10 && junk.isTextual() && junk.textValue().length() <= 1024) {
      return false; // any short string is a group name, even an empty one
    }
    if (mutation == 1 && junk.isTextual() && !junk.textValue().isBlank()) {
      return false; // any text is an orgId; one too long for a key names no organisation: a denial
    }
    // junk may be null, which some fields allow: then only a denial is certain
    return !(junk.isNull() && (mutation == 1 || mutation == 4 || mutation == 6 || mutation == 10 || mutation == 12
        || mutation == 16 || mutation == 20 || mutation == 24));
  }

  private static ObjectNode principal(ObjectNode principal, ObjectNode event) {
    return principal != null ? principal : event.putObject("principal").put("type", "user").put("id", "usr_x");
  }

  private static Gen<String> orgIds() {
    return Gens.of(FIXTURE.orgId, FIXTURE.otherOrgId, "org_doesnotexist", "ORG#" + FIXTURE.orgId,
        FIXTURE.orgId + "\u200b", "", "o".repeat(256), "o".repeat(257), "\ud83d\ude00".repeat(128));
  }

  /** Principals that hold no role in the org asked about: a roleless member, an invitee, unknown ids. */
  private static Gen<JsonNode> principals() {
    return Gens.of(
        (JsonNode) NODES.objectNode().put("type", "user").put("id", FIXTURE.invitee.userId()),
        NODES.objectNode().put("type", "user").put("id", FIXTURE.powerless.userId()),
        NODES.objectNode().put("type", "service_account").put("id", "sa_doesnotexist"),
        NODES.objectNode().put("type", "user").put("id", "u".repeat(256)),
        NODES.objectNode().put("type", "user").put("id", "u".repeat(257)),
        NODES.objectNode().put("type", "user").put("id", "\ud83d\ude00".repeat(128)));
  }

  private static Gen<JsonNode> junk() {
    return Gens.<JsonNode>of(
        NODES.numberNode(42), NODES.booleanNode(true), NODES.nullNode(), NODES.arrayNode().add(1),
        NODES.objectNode().put("a", 1), NODES.textNode(""), NODES.textNode(HUGE), NODES.numberNode(-1.5e300));
  }

  private static String shown(String event) {
    return event.length() > 1200 ? event.substring(0, 1200) + "…(" + event.length() + ")" : event;
  }
}
