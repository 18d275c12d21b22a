package io.usersroles.functions.roles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.access.Action;
import io.usersroles.access.CustomRole;
import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.store.AuditStore;
import io.usersroles.store.RoleStore;
import io.usersroles.store.Table;
import io.usersroles.store.VersionedRoles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GET/POST /orgs/{orgId}/roles and GET/PUT/DELETE /orgs/{orgId}/roles/{roleId}, on DynamoDB Local. */
class RoleHandlersTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final User member = api.user("member");
  private final String orgId = api.createOrg(owner, "Roles Co");

  RoleHandlersTest() {
    api.join(owner, orgId, member, null);
  }

  private String roles() {
    return "/orgs/" + orgId + "/roles";
  }

  private Response create(User caller, String body) {
    return api.call(caller, "POST", roles(), body);
  }

  private String createRole(String body) {
    Response created = create(owner, body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  @Test
  void listShowsTheThreeBuiltInRolesThenCustomOnes() {
    Response empty = api.call(member, "GET", roles());
    assertThat(empty.status()).as(empty.json().toString()).isEqualTo(200);
    assertThat(empty.json().get("items")).extracting(r -> r.get("id").asText())
        .containsExactly("owner", "member", "instance_accessor");
    assertThat(empty.json().get("items")).allSatisfy(r -> {
      assertThat(r.get("builtIn").asBoolean()).isTrue();
      assertThat(r.get("name").asText()).isEqualTo(r.get("id").asText());
    });
    assertThat(empty.json().get("nextCursor").isNull()).isTrue();
    JsonNode ownerRole = empty.json().get("items").get(0);
    assertThat(ownerRole.get("users")).extracting(JsonNode::asText).containsExactly(owner.userId());
    assertThat(ownerRole.get("permissions")).extracting(JsonNode::asText)
        .contains("roles:manage", "members:invite", "project:admin", "clusters:upgrade");
    JsonNode memberRole = empty.json().get("items").get(1);
    assertThat(memberRole.get("users")).extracting(JsonNode::asText).containsExactly(member.userId());
    assertThat(memberRole.get("permissions")).extracting(JsonNode::asText)
        .contains("members:view").doesNotContain("members:invite", "roles:manage", "clusters:upgrade");

    String id = createRole("{\"name\":\"Deployers\",\"permissions\":[\"releases:deploy\"],\"allProjects\":true}");
    String auditors = createRole("{\"name\":\"auditors\"}");
    String zebras = createRole("{\"name\":\"Zebras\"}");
    Response listed = api.call(member, "GET", roles());
    // built-ins first, then custom roles by name, case-insensitively
    assertThat(listed.json().get("items")).extracting(r -> r.get("id").asText())
        .containsExactly("owner", "member", "instance_accessor", auditors, id, zebras);
    JsonNode custom = listed.json().get("items").get(4);
    assertThat(custom.get("builtIn").asBoolean()).isFalse();
    assertThat(custom.get("name").asText()).isEqualTo("Deployers");
    assertThat(custom.get("allProjects").asBoolean()).isTrue();
    assertThat(custom.get("permissions")).extracting(JsonNode::asText).containsExactly("releases:deploy");
  }

  @Test
  void createAnswers201WithAnIdAndTheDefaultsAndOnlyTheNameIsRequired() {
    Response created = create(owner, "{\"name\":\"  Readers  \"}");

    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    JsonNode role = created.json();
    assertThat(role.get("id").asText()).isNotBlank().isNotIn("owner", "member", "instance_accessor", "Readers");
    assertThat(role.get("name").asText()).isEqualTo("Readers");
    assertThat(role.get("builtIn").asBoolean()).isFalse();
    assertThat(role.get("description").asText()).isEmpty();
    assertThat(role.get("description").isTextual()).isTrue();
    for (String list : List.of("idpGroups", "users", "projects", "permissions", "filePermissions")) {
      assertThat(role.get(list).isArray()).as(list).isTrue();
      assertThat(role.get(list)).as(list).isEmpty();
    }
    assertThat(role.get("allProjects").isBoolean()).isTrue();
    assertThat(role.get("allProjects").asBoolean()).isFalse();

    assertThat(created.headers()).containsEntry("Location", roles() + "/" + role.get("id").asText());
    Response fetched = api.call(member, "GET", created.headers().get("Location"));
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json()).isEqualTo(role);

    assertProblem(create(owner, "{}"), 400, "name");
    assertProblem(create(owner, "{\"description\":\"no name\"}"), 400, "name");
  }

  @Test
  void createKeepsEveryFieldItWasGiven() {
    Response created = create(owner, "{\"name\":\"Docs\",\"description\":\"Edits the handbook\","
        + "\"idpGroups\":[\"eng\",\"docs\"],\"users\":[\"" + member.userId() + "\"],\"allProjects\":false,"
        + "\"projects\":[\"p1\",\"p2\"],\"permissions\":[\"members:view\",\"branches:create\"],"
        + "\"filePermissions\":[{\"project\":\"p3\",\"path\":\"handbook/**/*.md\",\"permissions\":[\"documents:edit-content\"]}]}");

    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    JsonNode role = created.json();
    assertThat(role.get("description").asText()).isEqualTo("Edits the handbook");
    assertThat(role.get("idpGroups")).extracting(JsonNode::asText).containsExactly("eng", "docs");
    assertThat(role.get("users")).extracting(JsonNode::asText).containsExactly(member.userId());
    assertThat(role.get("projects")).extracting(JsonNode::asText).containsExactly("p1", "p2");
    assertThat(role.get("permissions")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("members:view", "branches:create");
    assertThat(role.get("filePermissions")).hasSize(1);
    assertThat(role.at("/filePermissions/0/project").asText()).isEqualTo("p3");
    assertThat(role.at("/filePermissions/0/path").asText()).isEqualTo("handbook/**/*.md");
    assertThat(role.at("/filePermissions/0/permissions")).extracting(JsonNode::asText)
        .containsExactly("documents:edit-content");
    assertThat(api.call(owner, "GET", roles() + "/" + role.get("id").asText()).json()).isEqualTo(role);
  }

  @Test
  void namesAreUniqueCaseInsensitivelyAndBuiltInNamesAreTaken() {
    String id = createRole("{\"name\":\"Release Managers\"}");

    assertProblem(create(owner, "{\"name\":\"release managers\"}"), 409, null);
    assertProblem(create(owner, "{\"name\":\"RELEASE MANAGERS\"}"), 409, null);
    assertProblem(create(owner, "{\"name\":\" Release Managers \"}"), 409, null);
    for (String builtIn : List.of("owner", "Owner", "MEMBER", "instance_accessor", "Instance_Accessor")) {
      assertProblem(create(owner, "{\"name\":\"" + builtIn + "\"}"), 409, null);
    }
    // renaming onto another role's name is a duplicate too; keeping one's own name is not
    String other = createRole("{\"name\":\"Other\"}");
    assertProblem(api.call(owner, "PUT", roles() + "/" + other, "{\"name\":\"RELEASE managers\"}"), 409, null);
    Response same = api.call(owner, "PUT", roles() + "/" + id, "{\"name\":\"release MANAGERS\"}");
    assertThat(same.status()).as(same.json().toString()).isEqualTo(200);
    assertThat(same.json().get("name").asText()).isEqualTo("release MANAGERS");
    assertThat(customRoleNames()).containsExactly("Other", "release MANAGERS");
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("unknown permission", "{\"name\":\"X\",\"permissions\":[\"members:fly\"]}", "permissions"),
        Arguments.of("permission not a string", "{\"name\":\"X\",\"permissions\":[7]}", "permissions"),
        Arguments.of("file permission with a non-documents action", "{\"name\":\"X\",\"filePermissions\":"
            + "[{\"project\":\"p\",\"path\":\"a/*.md\",\"permissions\":[\"branches:create\"]}]}",
            "filePermissions[0].permissions"),
        Arguments.of("file permission with an account action", "{\"name\":\"X\",\"filePermissions\":"
            + "[{\"project\":\"p\",\"path\":\"a/*.md\",\"permissions\":[\"members:view\"]}]}",
            "filePermissions[0].permissions"),
        Arguments.of("glob with a leading slash", file("/docs/*.md"), "filePermissions[0].path"),
        Arguments.of("glob with a .. segment", file("docs/../secrets/*"), "filePermissions[0].path"),
        Arguments.of("glob that is ..", file(".."), "filePermissions[0].path"),
        Arguments.of("glob with an empty segment", file("docs//a.md"), "filePermissions[0].path"),
        Arguments.of("glob with a trailing slash", file("docs/"), "filePermissions[0].path"),
        Arguments.of("empty glob", file(""), "filePermissions[0].path"),
        Arguments.of("glob with a . segment", file("docs/./readme.md"), "filePermissions[0].path"),
        Arguments.of("glob that is .", file("."), "filePermissions[0].path"),
        Arguments.of("glob of 257 characters", file("docs/" + "x".repeat(251) + "*"), "filePermissions[0].path"),
        Arguments.of("51 file permissions", files(51), "filePermissions"),
        Arguments.of("file permission without a project", "{\"name\":\"X\",\"filePermissions\":"
            + "[{\"path\":\"a\",\"permissions\":[\"documents:full\"]}]}", "filePermissions[0].project"),
        Arguments.of("unknown field in a file permission", "{\"name\":\"X\",\"filePermissions\":"
            + "[{\"project\":\"p\",\"path\":\"a\",\"permissions\":[\"documents:full\"],\"mode\":1}]}", null),
        Arguments.of("unknown field", "{\"name\":\"X\",\"colour\":\"red\"}", "colour"),
        Arguments.of("id in the body", "{\"name\":\"X\",\"id\":\"rol_mine\"}", "id"),
        Arguments.of("builtIn in the body", "{\"name\":\"X\",\"builtIn\":true}", "builtIn"),
        Arguments.of("allProjects not a boolean", "{\"name\":\"X\",\"allProjects\":\"yes\"}", "allProjects"),
        Arguments.of("projects not a list", "{\"name\":\"X\",\"projects\":\"p1\"}", "projects"),
        Arguments.of("blank name", "{\"name\":\"  \"}", "name"),
        Arguments.of("name not a string", "{\"name\":5}", "name"),
        Arguments.of("not JSON", "{name: X}", null),
        Arguments.of("not an object", "[\"X\"]", null));
  }

  private static String files(int count) {
    StringBuilder files = new StringBuilder();
    for (int i = 0; i < count; i++) {
      files.append(i == 0 ? "" : ",").append("{\"project\":\"p\",\"path\":\"d").append(i)
          .append("\",\"permissions\":[\"documents:full\"]}");
    }
    return "{\"name\":\"X\",\"filePermissions\":[" + files + "]}";
  }

  private static String file(String glob) {
    return "{\"name\":\"X\",\"filePermissions\":[{\"project\":\"p\",\"path\":\"" + glob
        + "\",\"permissions\":[\"documents:view-content\"]}]}";
  }

  @Test
  void fiftyFilePermissionsAndGlobsOf256CharactersAreAccepted() {
    String fifty = createRole(files(50));
    assertThat(api.call(owner, "GET", roles() + "/" + fifty).json().get("filePermissions")).hasSize(50);
    String longest = "docs/**/" + "x".repeat(247) + "*";
    assertThat(longest).hasSize(256);
    String id = createRole(file(longest).replace("\"X\"", "\"Longest glob\""));
    assertThat(api.call(owner, "GET", roles() + "/" + id).json().at("/filePermissions/0/path").asText())
        .isEqualTo(longest);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void createAndReplaceRejectABadBodyWith400AndWriteNothing(String why, String body, String field) {
    String id = createRole("{\"name\":\"Kept\",\"permissions\":[\"members:view\"]}");
    JsonNode before = api.call(owner, "GET", roles() + "/" + id).json();
    int items = api.itemCount();

    assertProblem(create(owner, body), 400, field);
    assertProblem(api.call(owner, "PUT", roles() + "/" + id, body), 400, field);

    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(customRoleNames()).containsExactly("Kept");
    assertThat(api.call(owner, "GET", roles() + "/" + id).json()).isEqualTo(before);
  }

  @Test
  void validGlobsAreAccepted() {
    Response created = create(owner, "{\"name\":\"Globs\",\"filePermissions\":["
        + "{\"project\":\"p\",\"path\":\"**\",\"permissions\":[\"documents:view-content\"]},"
        + "{\"project\":\"p\",\"path\":\"docs/*.md\",\"permissions\":[\"documents:full\"]},"
        + "{\"project\":\"q\",\"path\":\"a/**/b/*\",\"permissions\":[\"documents:edit-view\",\"documents:edit-content\"]}]}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    assertThat(created.json().get("filePermissions")).extracting(f -> f.get("path").asText())
        .containsExactly("**", "docs/*.md", "a/**/b/*");
  }

  @Test
  void getPutAndDeleteACustomRole() {
    String id = createRole("{\"name\":\"Ops\",\"description\":\"first\",\"permissions\":[\"clusters:upgrade\"]}");

    Response got = api.call(member, "GET", roles() + "/" + id);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().get("description").asText()).isEqualTo("first");

    // PUT replaces everything: omitted fields go back to their defaults
    Response put = api.call(owner, "PUT", roles() + "/" + id,
        "{\"name\":\"Operators\",\"projects\":[\"p9\"],\"permissions\":[\"environments:manage\"]}");
    assertThat(put.status()).as(put.json().toString()).isEqualTo(200);
    assertThat(put.json().get("id").asText()).isEqualTo(id);
    assertThat(put.json().get("name").asText()).isEqualTo("Operators");
    assertThat(put.json().get("description").asText()).isEmpty();
    assertThat(put.json().get("projects")).extracting(JsonNode::asText).containsExactly("p9");
    assertThat(put.json().get("permissions")).extracting(JsonNode::asText).containsExactly("environments:manage");
    assertThat(api.call(member, "GET", roles() + "/" + id).json()).isEqualTo(put.json());

    Response deleted = api.call(owner, "DELETE", roles() + "/" + id);
    assertThat(deleted.status()).isEqualTo(204);
    assertProblem(api.call(member, "GET", roles() + "/" + id), 404, null);
    assertProblem(api.call(owner, "PUT", roles() + "/" + id, "{\"name\":\"Back\"}"), 404, null);
    assertProblem(api.call(owner, "DELETE", roles() + "/" + id), 404, null);
    assertThat(customRoleNames()).isEmpty();
    // the name is free again
    assertThat(create(owner, "{\"name\":\"Operators\"}").status()).isEqualTo(201);
  }

  @Test
  void builtInRolesCanBeReadButNeitherChangedNorDeleted() {
    for (String builtIn : List.of("owner", "member", "instance_accessor")) {
      Response got = api.call(member, "GET", roles() + "/" + builtIn);
      assertThat(got.status()).isEqualTo(200);
      assertThat(got.json().get("builtIn").asBoolean()).isTrue();
      assertProblem(api.call(owner, "PUT", roles() + "/" + builtIn, "{\"name\":\"" + builtIn + "\"}"), 409, null);
      assertProblem(api.call(owner, "DELETE", roles() + "/" + builtIn), 409, null);
    }
    assertThat(api.call(member, "GET", roles() + "/member").json().get("permissions")).extracting(JsonNode::asText)
        .doesNotContain("members:invite");
  }

  @Test
  void unknownRolesAre404() {
    assertProblem(api.call(member, "GET", roles() + "/rol_doesnotexist"), 404, null);
    assertProblem(api.call(owner, "PUT", roles() + "/rol_doesnotexist", "{\"name\":\"X\"}"), 404, null);
    assertProblem(api.call(owner, "DELETE", roles() + "/rol_doesnotexist"), 404, null);
    assertThat(customRoleNames()).isEmpty();
  }

  @Test
  void membersWithoutRolesManageGet403AndStrangers404() {
    String id = createRole("{\"name\":\"Ops\"}");
    int items = api.itemCount();

    assertProblem(create(member, "{\"name\":\"Mine\"}"), 403, null);
    assertProblem(api.call(member, "PUT", roles() + "/" + id, "{\"name\":\"Mine\"}"), 403, null);
    assertProblem(api.call(member, "DELETE", roles() + "/" + id), 403, null);
    assertProblem(api.call(member, "PUT", roles() + "/owner", "{\"name\":\"owner\"}"), 403, null);
    assertProblem(api.call(member, "DELETE", roles() + "/member"), 403, null);
    assertThat(api.itemCount()).isEqualTo(items);

    User stranger = api.user("stranger");
    assertProblem(api.call(stranger, "GET", roles()), 404, null);
    assertProblem(api.call(stranger, "GET", roles() + "/" + id), 404, null);
    assertProblem(api.call(stranger, "GET", roles() + "/owner"), 404, null);
    assertProblem(api.call(stranger, "POST", roles(), "{\"name\":\"Mine\"}"), 404, null);
    assertProblem(api.call(stranger, "PUT", roles() + "/" + id, "{\"name\":\"Mine\"}"), 404, null);
    assertProblem(api.call(stranger, "DELETE", roles() + "/" + id), 404, null);
    assertProblem(api.call(stranger, "GET", "/orgs/org_doesnotexist/roles"), 404, null);
    assertProblem(api.call((User) null, "GET", roles()), 401, null);
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(customRoleNames()).containsExactly("Ops");
  }

  @Test
  void strangersGet404AndMembers403EvenForABadBody() {
    // non-members get 404 for anything under /orgs/{orgId}; members lacking the permission 403
    String id = createRole("{\"name\":\"Ops\"}");
    User stranger = api.user("stranger");
    for (String bad : List.of("{}", "not json", "{\"name\":\"X\",\"permissions\":[\"members:fly\"]}",
        "{\"name\":\"X\",\"extra\":1}")) {
      assertProblem(create(stranger, bad), 404, null);
      assertProblem(api.call(stranger, "PUT", roles() + "/" + id, bad), 404, null);
      assertProblem(create(member, bad), 403, null);
      assertProblem(api.call(member, "PUT", roles() + "/" + id, bad), 403, null);
      assertProblem(api.call(stranger, "PUT", "/orgs/" + orgId + "/users/" + member.userId() + "/roles", bad), 404,
          null);
      assertProblem(api.call(member, "PUT", "/orgs/" + orgId + "/users/" + member.userId() + "/roles", bad), 403, null);
    }
    assertProblem(api.call(stranger, "GET", roles() + "?limit=abc"), 404, null);
    assertProblem(api.call(stranger, "GET", roles() + "?limit=500"), 404, null);
    assertProblem(api.call(stranger, "GET", roles() + "?cursor=forged"), 404, null);
    // a member with the permission gets the 400
    assertProblem(create(owner, "not json"), 400, null);
    assertProblem(api.call(member, "GET", roles() + "?limit=abc"), 400, "limit");
    assertThat(customRoleNames()).containsExactly("Ops");
  }

  @Test
  void aRoleManagerCannotPutPermissionsItLacksIntoARole() {
    User manager = api.user("manager", true, List.of("eng"));
    api.join(owner, orgId, manager, null);
    String managers = createRole("{\"name\":\"Managers\",\"permissions\":[\"roles:manage\",\"members:view\"],"
        + "\"users\":[\"" + manager.userId() + "\"]}");
    String upgraders = createRole("{\"name\":\"Upgraders\",\"permissions\":[\"clusters:upgrade\"]}");
    JsonNode managersBefore = api.call(owner, "GET", roles() + "/" + managers).json();
    JsonNode upgradersBefore = api.call(owner, "GET", roles() + "/" + upgraders).json();

    // a new role, an existing role, and the manager's own role: never more than the manager holds
    assertProblem(create(manager, "{\"name\":\"Up\",\"permissions\":[\"clusters:upgrade\"]}"), 403, null);
    assertProblem(create(manager, "{\"name\":\"Admins\",\"allProjects\":true,\"permissions\":[\"project:admin\"]}"),
        403, null);
    assertProblem(api.call(manager, "PUT", roles() + "/" + managers, "{\"name\":\"Managers\",\"permissions\":"
        + "[\"roles:manage\",\"members:view\",\"clusters:upgrade\"],\"users\":[\"" + manager.userId() + "\"]}"), 403, null);
    assertProblem(api.call(manager, "PUT", roles() + "/" + managers, "{\"name\":\"Managers\",\"permissions\":"
        + "[\"roles:manage\",\"members:view\",\"members:invite\"],\"idpGroups\":[\"eng\"]}"), 403, null);
    // nor a role that its own IdP group would hand back to it
    assertProblem(create(manager, "{\"name\":\"Eng\",\"idpGroups\":[\"eng\"],\"permissions\":[\"members:invite\"]}"),
        403, null);
    // nor handing itself a role it does not hold
    assertProblem(api.call(manager, "PUT", roles() + "/" + upgraders, "{\"name\":\"Upgraders\",\"permissions\":"
        + "[\"clusters:upgrade\"],\"users\":[\"" + manager.userId() + "\"]}"), 403, null);

    assertThat(api.call(owner, "GET", roles() + "/" + managers).json()).isEqualTo(managersBefore);
    assertThat(api.call(owner, "GET", roles() + "/" + upgraders).json()).isEqualTo(upgradersBefore);
    assertThat(customRoleNames()).containsExactly("Managers", "Upgraders");
    Response invite = api.call(manager, "POST", "/orgs/" + orgId + "/check", "{\"action\":\"members:invite\"}");
    assertThat(invite.json().get("allowed").asBoolean()).isFalse();

    // within what it holds it may create and edit roles
    Response viewers = create(manager, "{\"name\":\"Viewers\",\"permissions\":[\"members:view\"],\"idpGroups\":[\"eng\"]}");
    assertThat(viewers.status()).as(viewers.json().toString()).isEqualTo(201);
  }

  @Test
  void usersInARoleBodyAssignItAndTheUserListShowsIt() {
    User second = api.user("second");
    api.join(owner, orgId, second, "[\"instance_accessor\"]");

    Response created = create(owner, "{\"name\":\"Ops\",\"users\":[\"" + member.userId() + "\",\""
        + second.userId() + "\"]}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.json().get("users")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(member.userId(), second.userId());
    assertThat(rolesOf(member)).containsExactlyInAnyOrder("member", id);
    assertThat(rolesOf(second)).containsExactlyInAnyOrder("instance_accessor", id);
    assertThat(rolesOf(owner)).containsExactly("owner");

    // PUT with another list: the one left out loses it, the other keeps it, the owner gains it
    Response put = api.call(owner, "PUT", roles() + "/" + id, "{\"name\":\"Ops\",\"users\":[\"" + second.userId()
        + "\",\"" + owner.userId() + "\"]}");
    assertThat(put.status()).as(put.json().toString()).isEqualTo(200);
    assertThat(put.json().get("users")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(second.userId(), owner.userId());
    assertThat(rolesOf(member)).containsExactly("member");
    assertThat(rolesOf(second)).containsExactlyInAnyOrder("instance_accessor", id);
    assertThat(rolesOf(owner)).containsExactlyInAnyOrder("owner", id);
    assertThat(api.call(member, "GET", roles() + "/" + id).json().get("users")).extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(second.userId(), owner.userId());
  }

  @Test
  void nonMembersInUsersAre400AndNothingIsWritten() {
    String id = createRole("{\"name\":\"Ops\",\"users\":[\"" + member.userId() + "\"]}");
    JsonNode before = api.call(owner, "GET", roles() + "/" + id).json();
    int items = api.itemCount();
    User stranger = api.user("stranger");

    assertProblem(create(owner, "{\"name\":\"New\",\"users\":[\"" + owner.userId() + "\",\"" + stranger.userId()
        + "\"]}"), 400, "users");
    assertProblem(api.call(owner, "PUT", roles() + "/" + id, "{\"name\":\"Renamed\",\"users\":[\"" + owner.userId()
        + "\",\"usr_nobody\"]}"), 400, "users");

    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(customRoleNames()).containsExactly("Ops");
    assertThat(api.call(owner, "GET", roles() + "/" + id).json()).isEqualTo(before);
    assertThat(rolesOf(owner)).containsExactly("owner");
    assertThat(rolesOf(member)).containsExactlyInAnyOrder("member", id);
  }

  @Test
  void deletingARoleTakesItOffItsMembers() {
    User second = api.user("second");
    api.join(owner, orgId, second, null);
    String gone = createRole("{\"name\":\"Gone\",\"users\":[\"" + member.userId() + "\",\"" + second.userId() + "\"]}");
    String kept = createRole("{\"name\":\"Kept\",\"users\":[\"" + member.userId() + "\"]}");
    assertThat(rolesOf(member)).containsExactlyInAnyOrder("member", gone, kept);

    assertThat(api.call(owner, "DELETE", roles() + "/" + gone).status()).isEqualTo(204);

    assertThat(rolesOf(member)).containsExactlyInAnyOrder("member", kept);
    assertThat(rolesOf(second)).containsExactly("member");
    assertThat(api.call(owner, "GET", roles()).json().get("items")).extracting(r -> r.get("id").asText())
        .containsExactly("owner", "member", "instance_accessor", kept);
  }

  @Test
  void anOrganisationHoldsAtMost100CustomRoles() {
    // Creating 100 roles one by one over HTTP takes ~10 s on DynamoDB Local (five requests each, one a
    // transaction), so 10 are created through the API and 89 more are written straight into the org's
    // roles item by the store the service itself uses; the 100th and the 101st go through the API.
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      ids.add(createRole("{\"name\":\"Role " + i + "\",\"permissions\":[\"members:view\"]}"));
    }
    RoleStore store = roleStore();
    VersionedRoles stored = store.load(orgId);
    assertThat(stored.roles()).hasSize(10);
    List<CustomRole> seeded = new ArrayList<>(stored.roles());
    for (int i = 11; i <= 99; i++) {
      String id = "rol_seeded" + i;
      seeded.add(new CustomRole(id, "Role " + i, "", List.of(), false, List.of(), Set.of(Action.MEMBERS_VIEW),
          List.of()));
      ids.add(id);
    }
    store.save(orgId, stored, seeded, Map.of(), Map.of(), seeded(orgId));
    ids.add(createRole("{\"name\":\"Role 100\",\"permissions\":[\"members:view\"]}"));
    assertThat(ids).hasSize(100).doesNotHaveDuplicates();
    int items = api.itemCount();

    Response tooMany = create(owner, "{\"name\":\"Role 101\"}");
    assertProblem(tooMany, 409, null);
    assertThat(api.itemCount()).isEqualTo(items);

    Response listed = api.call(owner, "GET", roles() + "?limit=100");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(customRoleNames()).hasSize(100).doesNotContain("Role 101");

    // replacing one of the 100 is still allowed, and deleting one frees a place
    assertThat(api.call(owner, "PUT", roles() + "/" + ids.get(0), "{\"name\":\"Role one\"}").status())
        .isEqualTo(200);
    assertThat(api.call(owner, "DELETE", roles() + "/" + ids.get(1)).status()).isEqualTo(204);
    assertThat(create(owner, "{\"name\":\"Role 101\"}").status()).isEqualTo(201);
    assertProblem(create(owner, "{\"name\":\"Role 102\"}"), 409, null);

    // the role list pages like every list (limit default 50, max 100, opaque cursors)
    Response first = api.call(member, "GET", roles());
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("items")).hasSize(50);
    assertThat(first.json().get("nextCursor").isTextual()).isTrue();
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response page = api.call(member, "GET", roles() + "?limit=40" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
      assertThat(page.json().get("items").size()).isBetween(1, 40);
      page.json().get("items").forEach(role -> seen.add(role.get("id").asText()));
      cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
      pages++;
    } while (cursor != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(103).doesNotHaveDuplicates().startsWith("owner", "member", "instance_accessor");
    assertThat(seen.subList(3, 103)).doesNotContain(ids.get(1)).contains(ids.get(0), ids.get(99));

    String next = first.json().get("nextCursor").asText();
    assertProblem(api.call(member, "GET", roles() + "?cursor=" + next.substring(0, next.length() - 2) + "xx"),
        400, "cursor");
    assertProblem(api.call(member, "GET", roles() + "?cursor=garbage"), 400, "cursor");
    assertProblem(api.call(member, "GET", roles() + "?limit=101"), 400, "limit");
    assertProblem(api.call(member, "GET", roles() + "?limit=0"), 400, "limit");
    // a cursor of another org's role list is refused
    User other = api.user("other");
    String otherOrg = api.createOrg(other, "Other Co");
    assertProblem(api.call(other, "GET", "/orgs/" + otherOrg + "/roles?cursor=" + next), 400, "cursor");
  }

  private List<String> customRoleNames() {
    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      Response page = api.call(owner, "GET", roles() + "?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
      for (JsonNode role : page.json().get("items")) {
        if (!role.get("builtIn").asBoolean()) {
          names.add(role.get("name").asText());
        }
      }
      cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
    } while (cursor != null);
    return names;
  }

  /** The roles of {@code user}'s row in GET /orgs/{orgId}/users. */
  private List<String> rolesOf(User user) {
    Response users = api.call(owner, "GET", "/orgs/" + orgId + "/users?status=active&limit=100");
    assertThat(users.status()).as(users.json().toString()).isEqualTo(200);
    for (JsonNode row : users.json().get("items")) {
      if (row.get("id").asText().equals(user.userId())) {
        List<String> held = new ArrayList<>();
        row.get("roles").forEach(role -> held.add(role.asText()));
        return held;
      }
    }
    throw new AssertionError("no row for " + user.userId() + " in " + users.json());
  }

  static void assertProblem(Response response, int status, String field) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    if (field != null) {
      assertThat(response.json().get("errors")).as(response.json().toString())
          .anySatisfy(error -> assertThat(error.get("field").asText()).isEqualTo(field));
    }
  }

  @Test
  void aRoleEditWritesOnTheRolesItsAccessCheckReadWithoutReadingThemAgain() {
    api.dynamoDbRequests.reset();
    String id = createRole("{\"name\":\"Read once\"}");
    // a new role without users: no one can hold its fresh id, so no holders are looked up either
    assertThat(api.dynamoDbRequests.operations()).containsExactly("BatchGetItem", "TransactWriteItems");

    api.dynamoDbRequests.reset();
    Response replaced = api.call(owner, "PUT", roles() + "/" + id, "{\"name\":\"Read once, twice\"}");
    assertThat(replaced.status()).as(replaced.json().toString()).isEqualTo(200);
    // (its holders are queried: it may have some, whom replacing its users without them takes it from)
    assertThat(api.dynamoDbRequests.operations()).startsWith("BatchGetItem").endsWith("TransactWriteItems")
        .doesNotContain("GetItem");

    api.dynamoDbRequests.reset();
    assertThat(api.call(owner, "DELETE", roles() + "/" + id).status()).isEqualTo(204);
    assertThat(api.dynamoDbRequests.operations()).startsWith("BatchGetItem", "TransactWriteItems")
        .doesNotContain("GetItem");
  }

  @Test
  void aRoleTooLargeForItsShareOfTheCatalogIsRejectedSoHundredRolesAlwaysFit() {
    StringBuilder projects = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      projects.append(i == 0 ? "" : ",").append("\"project-with-a-rather-long-identifier-").append(i).append('"');
    }
    Response tooLarge = api.call(owner, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Huge\",\"projects\":[" + projects + "],\"permissions\":[\"branches:create\"]}");
    assertThat(tooLarge.status()).as(tooLarge.json().toString()).isEqualTo(400);
    assertThat(tooLarge.json().get("detail").asText()).contains("too large");
  }

  @Test
  void aHundredRolesOfTheLargestAllowedSizeFitInTheCatalogItem() {
    RoleStore store = roleStore();
    List<CustomRole> roles = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      List<String> projects = new ArrayList<>();
      CustomRole role;
      do {
        projects.add("prj-" + i + "-" + projects.size() + "-padding-padding");
        role = new CustomRole("rol_big" + i, "Big role " + i, "", List.of(), false, List.copyOf(projects),
            Set.of(Action.BRANCHES_CREATE), List.of());
      } while (io.usersroles.store.CustomRolesItem.encodedSize(role) < io.usersroles.store.CustomRolesItem.MAX_ROLE_JSON_BYTES - 60);
      roles.add(role);
    }
    store.save(orgId, store.load(orgId), roles, Map.of(), Map.of(), seeded(orgId));
    assertThat(store.load(orgId).roles()).hasSize(100);
    Response listed = api.call(owner, "GET", "/orgs/" + orgId + "/roles?limit=100");
    assertThat(listed.status()).isEqualTo(200);
  }

  /** The store the service writes roles with, for tests that seed many roles at once. */
  private RoleStore roleStore() {
    Table table = new Table(api.env.adminClient(), api.table);
    return new RoleStore(table, new AuditStore(table, Duration.ofDays(1)));
  }

  /** The audit event of a seeding write (the store writes every change with one). */
  private static AuditEvent seeded(String orgId) {
    return new AuditEvent("evt_seeded" + System.nanoTime(), orgId, Instant.now(), AuditEvent.Actor.system("test-seed"),
        AuditAction.ROLE_CREATED, List.of(), Map.of(), "seed");
  }
}
