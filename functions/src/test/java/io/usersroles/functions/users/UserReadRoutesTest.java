package io.usersroles.functions.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET /orgs/{orgId}/users/{userId} through the gateway on DynamoDB Local: a member's or service
 * account's row exactly as the user list shows it; everyone's own row without members:view; 403 for
 * another's without it, whether or not it exists; 404 for anything that is not a member or service
 * account of the org (an invitation's id, a removed member, a deleted account) and for strangers.
 */
class UserReadRoutesTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Acme Rockets");
  private final User member = api.user("member");
  /** A member holding no role: below members:view. */
  private final User powerless = api.user("powerless");
  private final JsonNode deployer;
  /** The secret of a service account holding no role. */
  private final String idleSecret;
  private final String idleId;

  UserReadRoutesTest() {
    api.join(owner, orgId, member, null);
    api.join(owner, orgId, powerless, null);
    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + powerless.userId() + "/roles",
        "{\"roles\":[]}").status()).isEqualTo(200);
    deployer = created("{\"name\":\"deployer\",\"roles\":[\"member\"]}");
    JsonNode idle = created("{\"name\":\"idle\",\"roles\":[]}");
    idleSecret = idle.get("secret").asText();
    idleId = idle.get("id").asText();
  }

  private JsonNode created(String body) {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts", body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json();
  }

  private String user(String id) {
    return "/orgs/" + orgId + "/users/" + id;
  }

  private JsonNode row(String authorization, String id) {
    Response response = api.call(authorization, "GET", user(id), null);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    return response.json();
  }

  /** Every row of the user list as {@code authorization} sees it. */
  private List<JsonNode> list(String authorization) {
    Response response = api.call(authorization, "GET", "/orgs/" + orgId + "/users?status=active&limit=100", null);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    List<JsonNode> rows = new ArrayList<>();
    response.json().get("items").forEach(rows::add);
    return rows;
  }

  @Test
  void everyMemberAndServiceAccountReadsAsItsRowInTheList() {
    List<JsonNode> rows = list(owner.authorization());
    assertThat(rows).hasSize(5);
    for (JsonNode listed : rows) {
      assertThat(row(owner.authorization(), listed.get("id").asText())).isEqualTo(listed);
    }
    JsonNode account = row(owner.authorization(), deployer.get("id").asText());
    assertThat(account.get("type").asText()).isEqualTo("service_account");
    assertThat(account.get("email").isNull()).isTrue();
    assertThat(account.get("name").asText()).isEqualTo("deployer");
    assertThat(account.get("roles")).extracting(JsonNode::asText).containsExactly("member");
    assertThat(account.toString()).doesNotContain("uars_");
    JsonNode person = row(member.authorization(), member.userId());
    assertThat(person.get("self").asBoolean()).isTrue();
    assertThat(person.get("email").asText()).isEqualTo(member.email());
    assertThat(row(member.authorization(), owner.userId()).get("self").asBoolean()).isFalse();
  }

  @Test
  void anyoneReadsItsOwnRowWithoutMembersViewButNotAnothers() {
    JsonNode own = row(powerless.authorization(), powerless.userId());
    assertThat(own.get("self").asBoolean()).isTrue();
    assertThat(own.get("roles")).isEmpty();
    assertThat(own).isEqualTo(list(member.authorization()).stream()
        .filter(r -> r.get("id").asText().equals(powerless.userId())).findFirst().orElseThrow()
        .<com.fasterxml.jackson.databind.node.ObjectNode>deepCopy().put("self", true));
    JsonNode ownAccount = row("Bearer " + idleSecret, idleId);
    assertThat(ownAccount.get("self").asBoolean()).isTrue();
    assertThat(ownAccount.get("type").asText()).isEqualTo("service_account");

    for (String caller : List.of(powerless.authorization(), "Bearer " + idleSecret)) {
      for (String id : List.of(owner.userId(), member.userId(), deployer.get("id").asText(), "usr_nobody")) {
        assertProblem(api.call(caller, "GET", user(id), null), 403);
      }
    }
  }

  @Test
  void invitationsRemovedMembersDeletedAccountsAndUnknownIdsAre404() {
    User pending = api.user("pending");
    String invitationId = api.invite(owner, orgId, null, pending).json().at("/results/0/invitationId").asText();
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/users?status=pending").json().at("/items/0/id").asText())
        .isEqualTo(invitationId);
    assertProblem(api.call(owner, "GET", user(invitationId)), 404);

    assertThat(api.call(owner, "DELETE", user(member.userId())).status()).isEqualTo(204);
    assertProblem(api.call(owner, "GET", user(member.userId())), 404);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/service-accounts/" + idleId).status()).isEqualTo(204);
    assertProblem(api.call(owner, "GET", user(idleId)), 404);
    for (String unknown : List.of("usr_nobody", "sa_nobody", "x".repeat(256), "x".repeat(257))) {
      assertProblem(api.call(owner, "GET", user(unknown)), 404);
    }
  }

  @Test
  void strangersGet404ForKnownAndUnknownIdsAlike() {
    User stranger = api.user("stranger");
    String otherOrg = api.createOrg(stranger, "Next Door");
    Response known = api.call(stranger, "GET", user(member.userId()));
    Response unknown = api.call(stranger, "GET", user("usr_nobody"));
    assertProblem(known, 404);
    assertProblem(unknown, 404);
    assertThat(known.json().get("detail")).isEqualTo(unknown.json().get("detail"));
    // a member of this org is no member of another, and neither is a service account of this org
    assertProblem(api.call(owner, "GET", "/orgs/" + otherOrg + "/users/" + stranger.userId()), 404);
    assertProblem(api.call("Bearer " + idleSecret, "GET", "/orgs/" + otherOrg + "/users/" + idleId, null), 404);
    assertProblem(api.call((User) null, "GET", user(member.userId())), 401);
  }

  static void assertProblem(Response response, int status) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).startsWith("urn:users-and-roles:problem:");
  }
}
