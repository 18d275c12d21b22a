package io.usersroles.functions.roles;

import static io.usersroles.functions.roles.RoleHandlersTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Custom roles take effect: through POST /orgs/{orgId}/check and through every endpoint's
 * authorisation, for assigned roles and IdP-group roles, and a revocation is seen by the very next
 * request (no sleeps anywhere here).
 */
class RoleEnforcementTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final User member = api.user("member");
  private final String orgId = api.createOrg(owner, "Enforced Co");

  RoleEnforcementTest() {
    api.join(owner, orgId, member, null);
  }

  private String createRole(String body) {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/roles", body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private Response check(User caller, String body) {
    Response response = api.call(caller, "POST", "/orgs/" + orgId + "/check", body);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    return response;
  }

  private boolean allowed(User caller, String action, String resource) {
    String body = "{\"action\":\"" + action + "\"" + (resource == null ? "" : ",\"resource\":" + resource) + "}";
    return check(caller, body).json().get("allowed").asBoolean();
  }

  private boolean allowedFor(User principal, String groups, String action) {
    String body = "{\"principal\":{\"type\":\"user\",\"id\":\"" + principal.userId() + "\""
        + (groups == null ? "" : ",\"groups\":" + groups) + "},\"action\":\"" + action + "\"}";
    return check(owner, body).json().get("allowed").asBoolean();
  }

  private Response setRoles(User target, String rolesJson) {
    return api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + target.userId() + "/roles",
        "{\"roles\":" + rolesJson + "}");
  }

  private Response inviteAs(User caller, String email) {
    return api.call(caller, "POST", "/orgs/" + orgId + "/invitations", "{\"emails\":[\"" + email + "\"]}");
  }

  @Test
  void anAssignedCustomRoleGrantsThroughCheckAndThroughEndpoints() {
    assertThat(allowed(member, "members:invite", null)).isFalse();
    assertProblem(inviteAs(member, "first@example.com"), 403, null);

    String inviters = createRole("{\"name\":\"Inviters\",\"permissions\":[\"members:invite\"]}");
    assertThat(setRoles(member, "[\"member\",\"" + inviters + "\"]").status()).isEqualTo(200);

    Response decision = check(member, "{\"action\":\"members:invite\"}");
    assertThat(decision.json().get("allowed").asBoolean()).isTrue();
    assertThat(decision.json().get("reason").asText()).contains("Inviters");
    Response invited = inviteAs(member, "second@example.com");
    assertThat(invited.status()).as(invited.json().toString()).isEqualTo(200);
    assertThat(invited.json().at("/results/0/status").asText()).isEqualTo("invited");
    // the role grants what it says and nothing more
    assertThat(allowed(member, "members:remove", null)).isFalse();
    assertProblem(api.call(member, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"Mine\"}"), 403, null);
    assertThat(allowedFor(member, null, "members:invite")).isTrue();
  }

  @Test
  void aRoleWithRolesManageLetsAMemberManageRoles() {
    String managers = createRole("{\"name\":\"Role managers\",\"permissions\":[\"roles:manage\",\"members:view\"]}");
    assertProblem(api.call(member, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"Viewers\"}"), 403, null);
    assertThat(setRoles(member, "[\"member\",\"" + managers + "\"]").status()).isEqualTo(200);

    Response created = api.call(member, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Viewers\",\"permissions\":[\"members:view\"]}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
  }

  @Test
  void projectScopedRolesAnswerOnTheirProjectsOnly() {
    String scoped = createRole("{\"name\":\"P1 mergers\",\"projects\":[\"p1\",\"p2\"],"
        + "\"permissions\":[\"branches:merge\",\"documents:edit-content\"]}");
    String admin = createRole("{\"name\":\"P9 admins\",\"projects\":[\"p9\"],\"permissions\":[\"project:admin\"]}");
    String everywhere = createRole("{\"name\":\"Deployers\",\"allProjects\":true,\"permissions\":[\"releases:deploy\"]}");
    String files = createRole("{\"name\":\"Handbook\",\"filePermissions\":[{\"project\":\"p5\",\"path\":\"handbook/**\","
        + "\"permissions\":[\"documents:full\"]}]}");
    assertThat(allowed(member, "branches:merge", "{\"project\":\"p1\"}")).isFalse();
    assertThat(setRoles(member, "[\"member\",\"" + scoped + "\",\"" + admin + "\",\"" + everywhere + "\",\""
        + files + "\"]").status()).isEqualTo(200);

    assertThat(allowed(member, "branches:merge", "{\"project\":\"p1\"}")).isTrue();
    assertThat(allowed(member, "branches:merge", "{\"project\":\"p2\"}")).isTrue();
    assertThat(allowed(member, "branches:merge", "{\"project\":\"p3\"}")).isFalse();
    assertThat(allowed(member, "branches:delete", "{\"project\":\"p1\"}")).isFalse();
    // implications: documents:edit-content implies view-content; project:admin implies every project action
    assertThat(allowed(member, "documents:view-content", "{\"project\":\"p1\"}")).isTrue();
    assertThat(allowed(member, "documents:edit-view", "{\"project\":\"p1\"}")).isFalse();
    assertThat(allowed(member, "releases:delete", "{\"project\":\"p9\"}")).isTrue();
    assertThat(allowed(member, "documents:full", "{\"project\":\"p9\",\"path\":\"a/b.md\"}")).isTrue();
    assertThat(allowed(member, "releases:delete", "{\"project\":\"p1\"}")).isFalse();
    assertThat(allowed(member, "releases:deploy", "{\"project\":\"anything\"}")).isTrue();
    assertThat(allowed(member, "releases:manage", "{\"project\":\"anything\"}")).isFalse();
    // file permissions: their own project, a matching path only
    assertThat(allowed(member, "documents:edit-view", "{\"project\":\"p5\",\"path\":\"handbook/a/b.md\"}")).isTrue();
    assertThat(allowed(member, "documents:edit-view", "{\"project\":\"p5\",\"path\":\"secrets/b.md\"}")).isFalse();
    assertThat(allowed(member, "documents:edit-view", "{\"project\":\"p5\"}")).isFalse();
    assertThat(allowed(member, "documents:edit-view", "{\"project\":\"p6\",\"path\":\"handbook/a.md\"}")).isFalse();
    // project-level roles grant no account-level action
    assertThat(allowed(member, "members:invite", null)).isFalse();
  }

  @Test
  void idpGroupsGrantToMembersCarryingTheGroupAndNeverToNonMembers() {
    createRole("{\"name\":\"Engineering\",\"idpGroups\":[\"eng\"],\"permissions\":[\"members:invite\",\"clusters:upgrade\"]}");
    User grouped = api.user("grouped", true, List.of("eng", "other"));
    User ungrouped = api.user("ungrouped", true, List.of("sales"));
    api.join(owner, orgId, grouped, null);
    api.join(owner, orgId, ungrouped, null);

    Response decision = check(grouped, "{\"action\":\"clusters:upgrade\"}");
    assertThat(decision.json().get("allowed").asBoolean()).isTrue();
    assertThat(decision.json().get("reason").asText()).contains("Engineering").contains("eng");
    Response invited = inviteAs(grouped, "via-group@example.com");
    assertThat(invited.status()).as(invited.json().toString()).isEqualTo(200);
    assertThat(allowed(ungrouped, "clusters:upgrade", null)).isFalse();
    assertProblem(inviteAs(ungrouped, "no-group@example.com"), 403, null);
    // the role list does not show group holders as assigned users
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/roles").json().at("/items/3/users")).isEmpty();

    // on behalf: the groups named in the check count for a member, never for a non-member
    assertThat(allowedFor(ungrouped, "[\"eng\"]", "clusters:upgrade")).isTrue();
    assertThat(allowedFor(ungrouped, null, "clusters:upgrade")).isFalse();
    User outsider = api.user("outsider", true, List.of("eng"));
    assertThat(allowedFor(outsider, "[\"eng\"]", "clusters:upgrade")).isFalse();
    assertProblem(api.call(outsider, "POST", "/orgs/" + orgId + "/check", "{\"action\":\"clusters:upgrade\"}"),
        404, null);
    assertProblem(api.call(outsider, "GET", "/orgs/" + orgId), 404, null);
    assertProblem(api.call(outsider, "GET", "/orgs/" + orgId + "/users"), 404, null);
    assertProblem(inviteAs(outsider, "outsider-invite@example.com"), 404, null);
  }

  @Test
  void takingARoleOffAMemberIsSeenByTheVeryNextRequest() {
    String inviters = createRole("{\"name\":\"Inviters\",\"permissions\":[\"members:invite\"]}");
    assertThat(setRoles(member, "[\"member\",\"" + inviters + "\"]").status()).isEqualTo(200);
    assertThat(allowed(member, "members:invite", null)).isTrue();

    assertThat(setRoles(member, "[\"member\"]").status()).isEqualTo(200);

    assertThat(allowed(member, "members:invite", null)).isFalse();
    assertProblem(inviteAs(member, "late@example.com"), 403, null);
    assertThat(allowedFor(member, null, "members:invite")).isFalse();
  }

  @Test
  void deletingARoleIsSeenByTheVeryNextRequest() {
    String inviters = createRole("{\"name\":\"Inviters\",\"idpGroups\":[\"eng\"],\"permissions\":[\"members:invite\"]}");
    User grouped = api.user("grouped", true, List.of("eng"));
    api.join(owner, orgId, grouped, null);
    assertThat(setRoles(member, "[\"member\",\"" + inviters + "\"]").status()).isEqualTo(200);
    assertThat(allowed(member, "members:invite", null)).isTrue();
    assertThat(allowed(grouped, "members:invite", null)).isTrue();

    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/roles/" + inviters).status()).isEqualTo(204);

    assertThat(allowed(member, "members:invite", null)).isFalse();
    assertThat(allowed(grouped, "members:invite", null)).isFalse();
    assertProblem(inviteAs(member, "late@example.com"), 403, null);
    assertProblem(inviteAs(grouped, "late2@example.com"), 403, null);
  }

  @Test
  void narrowingARoleIsSeenByTheVeryNextRequest() {
    String role = createRole("{\"name\":\"Ops\",\"idpGroups\":[\"ops\"],\"permissions\":[\"clusters:upgrade\",\"members:invite\"]}");
    User grouped = api.user("grouped", true, List.of("ops"));
    api.join(owner, orgId, grouped, null);
    assertThat(setRoles(member, "[\"member\",\"" + role + "\"]").status()).isEqualTo(200);
    assertThat(allowed(member, "clusters:upgrade", null)).isTrue();

    Response put = api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + role,
        "{\"name\":\"Ops\",\"permissions\":[\"members:invite\"],\"users\":[\"" + member.userId() + "\"]}");
    assertThat(put.status()).as(put.json().toString()).isEqualTo(200);
    assertThat(allowed(member, "clusters:upgrade", null)).isFalse();
    assertThat(allowed(member, "members:invite", null)).isTrue();
    assertThat(allowed(grouped, "members:invite", null)).isFalse(); // the group mapping went with the PUT

    // leaving a user out of `users` revokes it at once
    put = api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + role, "{\"name\":\"Ops\",\"permissions\":[\"members:invite\"]}");
    assertThat(put.status()).as(put.json().toString()).isEqualTo(200);
    assertThat(allowed(member, "members:invite", null)).isFalse();
  }

  @Test
  void removingAMemberIsSeenByTheVeryNextRequest() {
    String role = createRole("{\"name\":\"Ops\",\"permissions\":[\"clusters:upgrade\"],\"users\":[\"" + member.userId()
        + "\"]}");
    assertThat(allowed(member, "clusters:upgrade", null)).isTrue();

    Response removed = api.call(owner, "DELETE", "/orgs/" + orgId + "/users/" + member.userId());
    assertThat(removed.status()).isEqualTo(204);

    assertProblem(api.call(member, "POST", "/orgs/" + orgId + "/check", "{\"action\":\"members:view\"}"), 404, null);
    assertProblem(api.call(member, "GET", "/orgs/" + orgId), 404, null);
    Response aboutRemoved = check(owner, "{\"principal\":{\"type\":\"user\",\"id\":\"" + member.userId()
        + "\"},\"action\":\"clusters:upgrade\"}");
    assertThat(aboutRemoved.json().get("allowed").asBoolean()).isFalse();
    assertThat(aboutRemoved.json().get("reason").asText()).contains("holds no roles");
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/roles/" + role).json().get("users")).isEmpty();
  }

  @Test
  void aCheckIsStillOneBatchGetItemAfterRoleChanges() {
    String role = createRole("{\"name\":\"Ops\",\"idpGroups\":[\"ops\"],\"projects\":[\"p1\"],"
        + "\"permissions\":[\"clusters:upgrade\",\"branches:merge\"],\"filePermissions\":[{\"project\":\"p2\","
        + "\"path\":\"docs/*.md\",\"permissions\":[\"documents:view-content\"]}]}");
    assertThat(setRoles(member, "[\"member\",\"" + role + "\"]").status()).isEqualTo(200);

    api.dynamoDbRequests.reset();
    assertThat(allowed(member, "branches:merge", "{\"project\":\"p1\"}")).isTrue();
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem");

    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + role, "{\"name\":\"Ops\",\"projects\":[\"p3\"],"
        + "\"permissions\":[\"branches:merge\"],\"users\":[\"" + member.userId() + "\"]}").status()).isEqualTo(200);
    api.dynamoDbRequests.reset();
    assertThat(allowed(member, "branches:merge", "{\"project\":\"p1\"}")).isFalse();
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem");

    api.dynamoDbRequests.reset();
    Response batch = check(owner, "{\"checks\":[{\"principal\":{\"type\":\"user\",\"id\":\"" + member.userId()
        + "\"},\"action\":\"branches:merge\",\"resource\":{\"project\":\"p3\"}},{\"principal\":{\"type\":\"user\",\"id\":\""
        + member.userId() + "\"},\"action\":\"clusters:upgrade\"}]}");
    assertThat(batch.json().get("results")).extracting(r -> r.get("allowed").asBoolean()).containsExactly(true, false);
    // the caller's standing and the named principals: two strongly consistent batch reads at most, no query
    assertThat(api.dynamoDbRequests.operations()).containsOnly("BatchGetItem").hasSizeLessThanOrEqualTo(2);

    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/roles/" + role).status()).isEqualTo(204);
    api.dynamoDbRequests.reset();
    assertThat(allowed(member, "branches:merge", "{\"project\":\"p3\"}")).isFalse();
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem");
  }
}
