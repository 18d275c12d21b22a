package io.usersroles.functions.serviceaccounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * GET and PATCH /orgs/{orgId}/service-accounts/{id} on DynamoDB Local, and the accounts' descriptions:
 * one account as the list shows it, never a secret; name, description and roles changed (merge-patch),
 * the secret untouched; no escalation in either direction when the roles change, none needed for a
 * name; bad input and refusals changing nothing; who may read and change.
 */
class ServiceAccountChangesTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Machines Co");
  /** Holds member and Machine managers (service-accounts:manage): everything member grants, not owner's. */
  private final User manager = api.user("manager");
  private final User member = api.user("member");
  private final String upgraders;

  ServiceAccountChangesTest() {
    String managers = role("{\"name\":\"Machine managers\",\"permissions\":[\"service-accounts:manage\"]}");
    upgraders = role("{\"name\":\"Upgraders\",\"permissions\":[\"clusters:upgrade\"]}");
    api.join(owner, orgId, manager, "[\"member\",\"" + managers + "\"]");
    api.join(owner, orgId, member, null);
  }

  private String role(String body) {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/roles", body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private String accounts() {
    return "/orgs/" + orgId + "/service-accounts";
  }

  private JsonNode created(String body) {
    Response created = api.call(owner, "POST", accounts(), body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json();
  }

  private Response get(User caller, String id) {
    return api.call(caller, "GET", accounts() + "/" + id);
  }

  private Response patch(User caller, String id, String body) {
    return api.call(caller, "PATCH", accounts() + "/" + id, body);
  }

  private JsonNode patched(User caller, String id, String body) {
    Response response = patch(caller, id, body);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    return response.json();
  }

  private JsonNode current(String id) {
    Response response = get(owner, id);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    return response.json();
  }

  private static List<String> fields(JsonNode json) {
    List<String> fields = new ArrayList<>();
    json.fieldNames().forEachRemaining(fields::add);
    return fields;
  }

  private static List<String> roles(JsonNode account) {
    List<String> roles = new ArrayList<>();
    account.get("roles").forEach(role -> roles.add(role.asText()));
    return roles;
  }

  /** What a request with {@code secret} gets from a route that needs members:view. */
  private int viewStatus(String secret) {
    return api.call("Bearer " + secret, "GET", "/orgs/" + orgId + "/users", null).status();
  }

  private Map<String, Map<String, AttributeValue>> items() {
    Map<String, Map<String, AttributeValue>> items = new java.util.TreeMap<>();
    api.env.adminClient().scanPaginator(r -> r.tableName(api.table).consistentRead(true)).items()
        .forEach(item -> items.put(item.get("pk").s() + "\n" + item.get("sk").s(), item));
    return items;
  }

  @Test
  void anAccountReadsAsTheListShowsItWithItsDescriptionAndNoSecret() {
    JsonNode made = created("{\"name\":\"CI deployer\",\"description\":\"  Deploys apollo from CI  \","
        + "\"roles\":[\"member\"]}");
    assertThat(fields(made)).containsExactlyInAnyOrder("id", "name", "description", "roles", "createdAt", "createdBy",
        "secret");
    assertThat(made.get("description").asText()).isEqualTo("Deploys apollo from CI");
    String id = made.get("id").asText();

    Response one = get(member, id);
    assertThat(one.status()).as(one.json().toString()).isEqualTo(200);
    assertThat(one.contentType()).isEqualTo("application/json");
    assertThat(fields(one.json())).containsExactlyInAnyOrder("id", "name", "description", "roles", "createdAt",
        "createdBy");
    JsonNode withoutSecret = made.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) withoutSecret).remove("secret");
    assertThat(one.json()).isEqualTo(withoutSecret);
    assertThat(one.json().toString()).doesNotContain("uars_");
    assertThat(api.call(owner, "GET", accounts()).json().get("items").get(0)).isEqualTo(one.json());

    // no description: ""
    JsonNode plain = created("{\"name\":\"plain\",\"roles\":[],\"description\":null}");
    assertThat(plain.get("description").asText()).isEmpty();
    assertThat(current(plain.get("id").asText()).get("description").asText()).isEmpty();
  }

  @Test
  void patchChangesWhatItNamesAndKeepsTheSecret() {
    JsonNode made = created("{\"name\":\"bot\",\"description\":\"first\",\"roles\":[\"member\"]}");
    String id = made.get("id").asText();
    String secret = made.get("secret").asText();
    assertThat(viewStatus(secret)).isEqualTo(200);

    JsonNode renamed = patched(owner, id, "{\"name\":\"  deploy bot \"}");
    assertThat(renamed.get("name").asText()).isEqualTo("deploy bot");
    assertThat(renamed.get("description").asText()).isEqualTo("first");
    assertThat(roles(renamed)).containsExactly("member");
    assertThat(fields(renamed)).doesNotContain("secret");
    assertThat(renamed.get("createdAt")).isEqualTo(made.get("createdAt"));
    assertThat(renamed.get("createdBy")).isEqualTo(made.get("createdBy"));
    assertThat(current(id)).isEqualTo(renamed);

    JsonNode described = patched(owner, id, "{\"description\":\"Deploys apollo\"}");
    assertThat(described.get("name").asText()).isEqualTo("deploy bot");
    assertThat(described.get("description").asText()).isEqualTo("Deploys apollo");
    assertThat(patched(owner, id, "{\"description\":null}").get("description").asText()).isEmpty();
    assertThat(patched(owner, id, "{\"description\":\"again\"}").get("description").asText()).isEqualTo("again");
    assertThat(patched(owner, id, "{\"description\":\"\"}").get("description").asText()).isEmpty();

    JsonNode reroled = patched(owner, id, "{\"roles\":[\"" + upgraders + "\",\"" + upgraders + "\"]}");
    assertThat(roles(reroled)).containsExactly(upgraders);
    // the new roles count from the next request on; the secret is the same and still works
    assertThat(viewStatus(secret)).isEqualTo(403);
    Response upgrade = api.call("Bearer " + secret, "POST", "/orgs/" + orgId + "/check",
        "{\"action\":\"clusters:upgrade\"}", Map.of());
    assertThat(upgrade.json().get("allowed").asBoolean()).isTrue();
    assertThat(patched(owner, id, "{\"roles\":[\"member\"]}").get("roles")).hasSize(1);
    assertThat(viewStatus(secret)).isEqualTo(200);

    // an empty change changes nothing, writes nothing, and answers the account
    Map<String, Map<String, AttributeValue>> before = items();
    assertThat(patched(owner, id, "{}")).isEqualTo(current(id));
    assertThat(patched(owner, id, "{\"roles\":[\"member\"],\"name\":\"deploy bot\"}")).isEqualTo(current(id));
    assertThat(items()).isEqualTo(before);
  }

  @Test
  void changingRolesNeedsEveryRoleAddedAndEveryRoleTakenAwayToBeGrantable() {
    String ownerLevel = created("{\"name\":\"root bot\",\"roles\":[\"owner\"]}").get("id").asText();
    String memberLevel = created("{\"name\":\"member bot\",\"roles\":[\"member\"]}").get("id").asText();
    Map<String, Map<String, AttributeValue>> before = items();

    // granting what the manager lacks, and taking away what it lacks, are both refused
    for (Response refused : List.of(
        patch(manager, memberLevel, "{\"roles\":[\"member\",\"owner\"]}"),
        patch(manager, memberLevel, "{\"roles\":[\"" + upgraders + "\"]}"),
        patch(manager, ownerLevel, "{\"roles\":[]}"),
        patch(manager, ownerLevel, "{\"roles\":[\"member\"],\"name\":\"demoted\"}"))) {
      assertProblem(refused, 403);
      assertThat(refused.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:role-escalation");
    }
    assertThat(items()).as("nothing written").isEqualTo(before);

    // within what it holds, it may change roles; a new name needs no role check, even for an owner-level account
    assertThat(roles(patched(manager, memberLevel, "{\"roles\":[]}"))).isEmpty();
    assertThat(roles(patched(manager, memberLevel, "{\"roles\":[\"member\"]}"))).containsExactly("member");
    JsonNode renamed = patched(manager, ownerLevel, "{\"name\":\"root bot 2\",\"description\":\"do not touch\"}");
    assertThat(roles(renamed)).containsExactly("owner");
    // only what changes is judged: adding member to an owner-level account hands nobody anything new
    assertThat(roles(patched(manager, ownerLevel, "{\"roles\":[\"owner\",\"member\"]}")))
        .containsExactly("owner", "member");
  }

  static Stream<Arguments> badChanges() {
    return Stream.of(
        Arguments.of("empty name", "{\"name\":\"\"}", "name"),
        Arguments.of("blank name", "{\"name\":\"   \"}", "name"),
        Arguments.of("null name", "{\"name\":null}", "name"),
        Arguments.of("name of 101 characters", "{\"name\":\"" + "n".repeat(101) + "\"}", "name"),
        Arguments.of("control character in the description", "{\"description\":\"a\\u0007b\"}", "description"),
        Arguments.of("description of 1001 characters", "{\"description\":\"" + "d".repeat(1001) + "\"}",
            "description"),
        Arguments.of("description not a string", "{\"description\":5}", "description"),
        Arguments.of("roles not an array", "{\"roles\":\"member\"}", "roles"),
        Arguments.of("roles null", "{\"roles\":null}", "roles"),
        Arguments.of("an unknown role", "{\"name\":\"x\",\"roles\":[\"member\",\"rol_nope\"]}", "roles"),
        Arguments.of("51 roles", "{\"roles\":[" + "\"member\",".repeat(50) + "\"member\"]}", "roles"),
        Arguments.of("an unknown field", "{\"name\":\"x\",\"secret\":\"uars_x\"}", "secret"),
        Arguments.of("not an object", "[]", null),
        Arguments.of("not JSON", "{\"name\":", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badChanges")
  void badInputIs400AndChangesNothing(String why, String body, String field) {
    String id = created("{\"name\":\"bot\",\"roles\":[\"member\"]}").get("id").asText();
    Map<String, Map<String, AttributeValue>> before = items();

    Response response = patch(owner, id, body);

    assertProblem(response, 400);
    if (field != null) {
      assertThat(response.json().get("errors")).extracting(error -> error.get("field").asText()).contains(field);
    }
    assertThat(items()).isEqualTo(before);
  }

  @Test
  void descriptionsAreDisplayTextOfAtMost1000Characters() {
    assertThat(created("{\"name\":\"a\",\"roles\":[],\"description\":\"" + "d".repeat(1000) + "\"}")
        .get("description").asText()).hasSize(1000);
    Map<String, Map<String, AttributeValue>> before = items();
    for (String description : List.of("d".repeat(1001), "a\u202eb", "\u200b", "x\u0000")) {
      Response refused = api.call(owner, "POST", accounts(), Json.object().put("name", "b")
          .put("description", description).set("roles", Json.object().arrayNode()).toString());
      assertProblem(refused, 400);
    }
    assertThat(items()).isEqualTo(before);
  }

  @Test
  void whoMayReadAndChangeAnAccount() {
    JsonNode made = created("{\"name\":\"bot\",\"roles\":[\"member\"]}");
    String id = made.get("id").asText();
    User powerless = api.user("powerless");
    api.join(owner, orgId, powerless, null);
    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + powerless.userId() + "/roles",
        "{\"roles\":[]}").status()).isEqualTo(200);
    User stranger = api.user("stranger");
    String otherOrg = api.createOrg(stranger, "Other Co");
    Response theirs = api.call(stranger, "POST", "/orgs/" + otherOrg + "/service-accounts",
        "{\"name\":\"theirs\",\"roles\":[\"owner\"]}");
    String theirId = theirs.json().get("id").asText();
    Map<String, Map<String, AttributeValue>> before = items();

    assertThat(get(member, id).status()).isEqualTo(200);
    assertProblem(get(powerless, id), 403);
    assertProblem(get(powerless, "sa_nope"), 403);
    assertProblem(get(stranger, id), 404);
    assertProblem(get(owner, "sa_nope"), 404);
    assertProblem(get(owner, theirId), 404);
    assertProblem(get(owner, owner.userId()), 404);
    assertProblem(get(null, id), 401);

    assertProblem(patch(member, id, "{\"name\":\"mine\"}"), 403);
    assertProblem(patch(powerless, id, "{\"name\":"), 403); // a malformed body says no more
    assertProblem(patch(stranger, id, "{\"name\":\"mine\"}"), 404);
    assertProblem(patch(stranger, id, "not json"), 404);
    assertProblem(patch(owner, "sa_nope", "{\"name\":\"mine\"}"), 404);
    assertProblem(patch(owner, theirId, "{\"name\":\"mine\"}"), 404);
    assertProblem(patch("Bearer " + made.get("secret").asText(), id, "{\"name\":\"me\"}"), 403);
    assertThat(items()).isEqualTo(before);

    // a deleted account is gone for both routes
    assertThat(api.call(owner, "DELETE", accounts() + "/" + id).status()).isEqualTo(204);
    assertProblem(get(owner, id), 404);
    assertProblem(patch(owner, id, "{\"name\":\"back\"}"), 404);
  }

  private Response patch(String authorization, String id, String body) {
    return api.call(authorization, "PATCH", accounts() + "/" + id, body);
  }

  @Test
  void concurrentChangesLeaveOneOfThemAndTheSecretWorking() throws Exception {
    JsonNode made = created("{\"name\":\"raced\",\"roles\":[\"member\"]}");
    String id = made.get("id").asText();
    int count = 5;
    ExecutorService pool = Executors.newFixedThreadPool(count);
    List<Future<Response>> answers = new ArrayList<>();
    try {
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < count; i++) {
        String body = "{\"name\":\"name " + i + "\",\"description\":\"by request " + i + "\"}";
        answers.add(pool.submit(() -> {
          start.await();
          return patch(owner, id, body);
        }));
      }
      start.countDown();
      List<String> names = new ArrayList<>();
      for (Future<Response> answer : answers) {
        Response response = answer.get(30, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.json().toString()).isIn(200, 409);
        if (response.status() == 200) {
          names.add(response.json().get("name").asText());
        }
      }
      assertThat(names).isNotEmpty();
      JsonNode now = current(id);
      assertThat(names).contains(now.get("name").asText());
      // name and description always come from the same request
      assertThat(now.get("description").asText()).isEqualTo("by request " + now.get("name").asText().substring(5));
    } finally {
      pool.shutdownNow();
    }
    assertThat(viewStatus(made.get("secret").asText())).isEqualTo(200);
  }

  static void assertProblem(Response response, int status) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).startsWith("urn:users-and-roles:problem:");
  }
}
