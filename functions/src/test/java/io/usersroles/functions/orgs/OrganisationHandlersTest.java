package io.usersroles.functions.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrganisationHandlersTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");

  @Test
  void createAnswers201WithTheOrganisationAndMakesTheCallerItsOwner() {
    Response created = api.call(owner, "POST", "/orgs", "{\"name\":\"  Acme Rockets  \"}");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.contentType()).isEqualTo("application/json");
    String orgId = created.json().get("orgId").asText();
    assertThat(orgId).startsWith("org_").hasSize(26);
    assertThat(created.json().get("name").asText()).isEqualTo("Acme Rockets");
    assertThat(created.json().get("avatarUrl").isNull()).isTrue();
    assertThat(created.json().get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(created.headers()).containsEntry("Location", "/orgs/" + orgId);
    assertThat(created.json().size()).isEqualTo(4);

    Response users = api.call(owner, "GET", "/orgs/" + orgId + "/users");
    assertThat(users.json().at("/items/0/id").asText()).isEqualTo(owner.userId());
    assertThat(users.json().at("/items/0/roles").toString()).isEqualTo("[\"owner\"]");
    assertThat(users.json().at("/items/0/self").asBoolean()).isTrue();
  }

  static Stream<Arguments> badCreateBodies() {
    return Stream.of(
        Arguments.of("no body", null),
        Arguments.of("not JSON", "{name: acme}"),
        Arguments.of("not an object", "[\"Acme\"]"),
        Arguments.of("missing name", "{}"),
        Arguments.of("null name", "{\"name\":null}"),
        Arguments.of("number name", "{\"name\":42}"),
        Arguments.of("blank name", "{\"name\":\"   \"}"),
        Arguments.of("name too long", "{\"name\":\"" + "x".repeat(101) + "\"}"),
        Arguments.of("control character", "{\"name\":\"Acme\\u0000\"}"),
        Arguments.of("bidi override", "{\"name\":\"Acme\\u202Eevil\"}"),
        Arguments.of("unknown field", "{\"name\":\"Acme\",\"owner\":\"me\"}"),
        Arguments.of("duplicate field", "{\"name\":\"Acme\",\"name\":\"Other\"}"),
        Arguments.of("trailing garbage", "{\"name\":\"Acme\"} x"),
        Arguments.of("nesting bomb", "{\"name\":" + "[".repeat(5000) + "]".repeat(5000) + "}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCreateBodies")
  void createRejectsABadBodyWith400AndWritesNothing(String why, String body) {
    int before = api.itemCount();

    Response response = api.call(owner, "POST", "/orgs", body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(400);
    assertThat(response.json().get("type").asText()).startsWith("urn:users-and-roles:problem:");
    assertThat(response.json().get("title").asText()).isEqualTo("Bad Request");
    assertThat(response.json().get("detail").asText()).isNotBlank();
    assertThat(api.itemCount()).isEqualTo(before);
  }

  @Test
  void aNameOfExactly100CharactersIsAccepted() {
    String name = "é".repeat(100);
    Response created = api.call(owner, "POST", "/orgs", Api.json("name", name));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("name").asText()).isEqualTo(name);
  }

  @Test
  void membersReadTheOrganisationAndNonMembersGet404() {
    String orgId = api.createOrg(owner, "Acme");
    User member = api.user("member");
    api.join(owner, orgId, member, null);
    User stranger = api.user("stranger");

    Response asMember = api.call(member, "GET", "/orgs/" + orgId);
    assertThat(asMember.status()).isEqualTo(200);
    assertThat(asMember.json().get("orgId").asText()).isEqualTo(orgId);
    assertThat(asMember.json().get("name").asText()).isEqualTo("Acme");

    Response asStranger = api.call(stranger, "GET", "/orgs/" + orgId);
    Response unknownOrg = api.call(owner, "GET", "/orgs/org_doesNotExist0000000000");
    assertThat(asStranger.status()).isEqualTo(404);
    assertThat(unknownOrg.status()).isEqualTo(404);
    // a non-member cannot tell an existing org from a missing one
    assertThat(asStranger.json().get("detail")).isEqualTo(unknownOrg.json().get("detail"));
    assertThat(asStranger.json().get("type")).isEqualTo(unknownOrg.json().get("type"));
  }

  @Test
  void ownersRenameAndSetOrClearTheAvatar() {
    String orgId = api.createOrg(owner, "Acme");

    Response renamed = api.call(owner, "PATCH", "/orgs/" + orgId,
        "{\"name\":\"Acme Rockets\",\"avatarUrl\":\"https://cdn.example.com/a.png\"}");
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().get("name").asText()).isEqualTo("Acme Rockets");
    assertThat(renamed.json().get("avatarUrl").asText()).isEqualTo("https://cdn.example.com/a.png");

    Response nameOnly = api.call(owner, "PATCH", "/orgs/" + orgId, "{\"name\":\"Acme 2\"}");
    assertThat(nameOnly.json().get("avatarUrl").asText()).isEqualTo("https://cdn.example.com/a.png");

    Response cleared = api.call(owner, "PATCH", "/orgs/" + orgId, "{\"avatarUrl\":null}");
    assertThat(cleared.status()).isEqualTo(200);
    assertThat(cleared.json().get("avatarUrl").isNull()).isTrue();
    assertThat(cleared.json().get("name").asText()).isEqualTo("Acme 2");

    Response noChange = api.call(owner, "PATCH", "/orgs/" + orgId, "{}");
    assertThat(noChange.status()).isEqualTo(200);
    assertThat(noChange.json()).isEqualTo(api.call(owner, "GET", "/orgs/" + orgId).json());
  }

  @Test
  void updateRejectsBadValuesAndWritesNothing() {
    String orgId = api.createOrg(owner, "Acme");
    for (String body : new String[] {"{\"avatarUrl\":\"javascript:alert(1)\"}", "{\"avatarUrl\":\"/relative.png\"}",
        "{\"avatarUrl\":42}", "{\"name\":null}", "{\"name\":\"\"}", "{\"colour\":\"red\"}",
        "{\"avatarUrl\":\"https://x.example/" + "a".repeat(2048) + "\"}"}) {
      Response response = api.call(owner, "PATCH", "/orgs/" + orgId, body);
      assertThat(response.status()).as(body).isEqualTo(400);
    }
    assertThat(api.call(owner, "GET", "/orgs/" + orgId).json().get("name").asText()).isEqualTo("Acme");
  }

  @Test
  void onlyOwnersMayUpdateAndNonMembersGet404() {
    String orgId = api.createOrg(owner, "Acme");
    User member = api.user("member");
    User accessor = api.user("accessor");
    api.join(owner, orgId, member, null);
    api.join(owner, orgId, accessor, "[\"instance_accessor\"]");
    User stranger = api.user("stranger");

    assertThat(api.call(member, "PATCH", "/orgs/" + orgId, "{\"name\":\"Mine\"}").status()).isEqualTo(403);
    assertThat(api.call(accessor, "PATCH", "/orgs/" + orgId, "{\"name\":\"Mine\"}").status()).isEqualTo(403);
    assertThat(api.call(stranger, "PATCH", "/orgs/" + orgId, "{\"name\":\"Mine\"}").status()).isEqualTo(404);
    // who may not see the org learns nothing from a bad body either
    assertThat(api.call(stranger, "PATCH", "/orgs/" + orgId, "{\"nom\":1}").status()).isEqualTo(404);
    assertThat(api.call(member, "PATCH", "/orgs/" + orgId, "not json").status()).isEqualTo(403);
    assertThat(api.call(owner, "GET", "/orgs/" + orgId).json().get("name").asText()).isEqualTo("Acme");
  }

  @Test
  void concurrentRenamesAllLandWithoutErrors() throws Exception {
    String orgId = api.createOrg(owner, "Acme");
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<Response>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String name = "Name " + i;
        futures.add(pool.submit(() -> api.call(owner, "PATCH", "/orgs/" + orgId, Api.json("name", name))));
      }
      for (java.util.concurrent.Future<Response> future : futures) {
        assertThat(future.get().status()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(api.call(owner, "GET", "/orgs/" + orgId).json().get("name").asText()).startsWith("Name ");
  }
}
