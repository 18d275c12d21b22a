package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "A body that is not valid JSON, or does not match the route's schema, gets 400". For
 * every route with a body, the document's example is valid by the document, and bodies made from it
 * that the document refuses (a field of the wrong type at any depth, an unknown field in any object,
 * a required field left out, not JSON, not an object) are refused by the API with 400; so are query
 * parameter values the document refuses. The document's request schemas are no looser than the
 * handlers, and (since accepted requests are validated against it too) no stricter.
 */
class RequestSchemasTest {
  private static final OpenApiContract CONTRACT = OpenApiContract.get();
  private static final Api API = new Api();
  private static User owner;
  private static String orgId;

  @BeforeAll
  static void anOrganisation() {
    owner = API.user("owner");
    orgId = API.createOrg(owner, "Bodies Co");
  }

  static Stream<String> routesWithBodies() {
    return CONTRACT.routesWithBodies().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routesWithBodies")
  void whatTheDocumentRefusesTheApiAnswers400(String routeKey) {
    JsonNode example = CONTRACT.requestExample(routeKey);
    assertThat(example.isObject()).as(routeKey + " has a request example").isTrue();
    assertThat(CONTRACT.requestBodyViolations(routeKey, example)).as(routeKey + " example").isEmpty();

    List<Mutation> refused = new ArrayList<>();
    refused.add(new Mutation("not JSON", null, "{\"name\":"));
    refused.add(new Mutation("an array", null, "[]"));
    mutate(routeKey, example, "", example, refused);
    String method = routeKey.substring(0, routeKey.indexOf(' '));
    String path = routeKey.substring(routeKey.indexOf(' ') + 1).replace("{orgId}", orgId)
        .replace("{userId}", owner.userId()).replace("{roleId}", "no-such-role").replace("{id}", "sa_noSuchAccount")
        .replace("{invitationId}", "inv_NoSuchInvitationAtAll0");
    for (Mutation mutation : refused) {
      if (mutation.tree() != null) {
        assertThat(CONTRACT.requestBodyViolations(routeKey, mutation.tree())).as(routeKey + ": " + mutation.what()
            + " is refused by the document").isNotEmpty();
      }
      Response response = API.call(owner, method, path, mutation.text());
      assertThat(response.status()).as(routeKey + ": " + mutation.what() + " -> " + response.json()).isEqualTo(400);
    }
  }

  static Stream<String> routesWithQueries() {
    return CONTRACT.routeKeys().stream().filter(key -> !CONTRACT.queryParameters(key).isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routesWithQueries")
  void queryValuesTheDocumentRefusesAre400(String routeKey) {
    String path = routeKey.substring(routeKey.indexOf(' ') + 1).replace("{orgId}", orgId);
    int refused = 0;
    for (String name : CONTRACT.queryParameters(routeKey)) {
      for (String value : List.of("", "0", "101", "-1", "1.5", "abc", "ACTIVE", "x".repeat(3000))) {
        if (CONTRACT.queryParameterViolations(routeKey, name, value).isEmpty()) {
          continue;
        }
        refused++;
        String query = name + "=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        Response response = API.call(owner, "GET", path + "?" + query);
        assertThat(response.status()).as(routeKey + "?" + query + " -> " + response.json()).isEqualTo(400);
      }
    }
    assertThat(refused).as(routeKey).isPositive();
  }

  /** A request body made from the example, and what was done to it. */
  private record Mutation(String what, JsonNode tree, String text) {
    Mutation(String what, JsonNode tree) {
      this(what, tree, tree.toString());
    }
  }

  /** Every change at and below {@code node} (at {@code pointer} in {@code root}) that the document must refuse. */
  private static void mutate(String routeKey, JsonNode root, String pointer, JsonNode node, List<Mutation> refused) {
    if (node.isObject()) {
      JsonNode extra = root.deepCopy();
      ((ObjectNode) extra.at(pointer.isEmpty() ? "" : pointer)).put("notAField", true);
      refused.add(new Mutation("an unknown field in " + (pointer.isEmpty() ? "the body" : pointer), extra));
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        String child = pointer + "/" + name;
        JsonNode without = root.deepCopy();
        ((ObjectNode) without.at(pointer)).remove(name);
        if (!CONTRACT.requestBodyViolations(routeKey, without).isEmpty()) {
          refused.add(new Mutation("without " + child, without));
        }
      }
    }
    if (!pointer.isEmpty()) {
      refused.add(new Mutation(pointer + " a number", replaced(root, pointer)));
    }
    if (node.isContainerNode()) {
      int i = 0;
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        mutate(routeKey, root, pointer + "/" + field.getKey(), field.getValue(), refused);
      }
      if (node.isArray()) {
        for (JsonNode element : node) {
          mutate(routeKey, root, pointer + "/" + i++, element, refused);
        }
      }
    }
  }

  private static JsonNode replaced(JsonNode root, String pointer) {
    JsonNode copy = root.deepCopy();
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = copy.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent.isObject()) {
      ((ObjectNode) parent).set(last, IntNode.valueOf(12345));
    } else {
      ((ArrayNode) parent).set(Integer.parseInt(last), IntNode.valueOf(12345));
    }
    return copy;
  }
}
