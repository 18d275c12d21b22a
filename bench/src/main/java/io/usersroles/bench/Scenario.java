package io.usersroles.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Action;
import io.usersroles.access.Check;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.access.Resource;
import io.usersroles.access.RoleHolder;
import io.usersroles.engines.gateway.HttpApiGateway;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The organisation the benchmarks ask about, as an operator would set it up: custom roles scoped to
 * projects with file globs, and a member holding a few of them. The same shapes serve the pure engine
 * benchmark, compiled without a table.
 */
final class Scenario {
  static final int PROJECTS = 10;

  final String orgId;
  final Fixture.User owner;
  final Fixture.User member;

  private Scenario(String orgId, Fixture.User owner, Fixture.User member) {
    this.orgId = orgId;
    this.owner = owner;
    this.member = member;
  }

  /** Creates the org through the API: {@code roles} custom roles, and a member holding three of them. */
  static Scenario create(Fixture fixture, HttpApiGateway gateway, int roles) {
    Fixture.User owner = fixture.user("owner");
    Fixture.User member = fixture.user("member");
    String orgId = Fixture.call(gateway, owner, "POST", "/orgs", "{\"name\":\"Bench Co\"}", 201).get("orgId").asText();
    List<String> roleIds = new ArrayList<>();
    for (int i = 0; i < roles; i++) {
      roleIds.add(Fixture.call(gateway, owner, "POST", "/orgs/" + orgId + "/roles", roleJson(i).toString(), 201)
          .get("id").asText());
    }
    Fixture.call(gateway, owner, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"" + member.email() + "\"]}", 200);
    Fixture.call(gateway, member, "POST", "/invitations/accept",
        "{\"token\":\"" + fixture.latestToken(member.email()) + "\"}", 200);
    ArrayNode held = Fixture.JSON.createArrayNode().add("member");
    for (int i = 0; i < 3 && i < roleIds.size(); i++) {
      held.add(roleIds.get(roleIds.size() - 1 - i));
    }
    ObjectNode body = Fixture.object();
    body.set("roles", held);
    Fixture.call(gateway, owner, "PUT", "/orgs/" + orgId + "/users/" + member.userId() + "/roles", body.toString(),
        200);
    return new Scenario(orgId, owner, member);
  }

  /** Role {@code i}: a few project actions on two projects, and file globs on a third. */
  static ObjectNode roleJson(int i) {
    ObjectNode role = Fixture.object().put("name", "Team " + i).put("description", "Bench role " + i)
        .put("allProjects", false);
    role.putArray("projects").add(project(i)).add(project(i + 1));
    role.putArray("permissions").add("branches:create").add("releases:manage").add("logs:view");
    ArrayNode files = role.putArray("filePermissions");
    files.addObject().put("project", project(i + 2)).put("path", "src/team-" + i + "/**/*.java")
        .putArray("permissions").add("documents:edit-content");
    files.addObject().put("project", project(i + 2)).put("path", "docs/*/team-" + i + "/**")
        .putArray("permissions").add("documents:view-content");
    return role;
  }

  /** The same roles as the engine compiles them. */
  static CompiledRoles catalog(int roles) {
    List<CustomRole> custom = new ArrayList<>(roles);
    for (int i = 0; i < roles; i++) {
      custom.add(new CustomRole("rol_" + i, "Team " + i, "Bench role " + i, List.of("group-" + i), false,
          List.of(project(i), project(i + 1)),
          EnumSet.of(Action.BRANCHES_CREATE, Action.RELEASES_MANAGE, Action.LOGS_VIEW),
          List.of(new FilePermission(project(i + 2), "src/team-" + i + "/**/*.java",
                  Set.of(Action.DOCUMENTS_EDIT_CONTENT)),
              new FilePermission(project(i + 2), "docs/*/team-" + i + "/**", Set.of(Action.DOCUMENTS_VIEW_CONTENT)))));
    }
    return CompiledRoles.compile(custom);
  }

  /** A member holding the last three roles, as {@link #create} sets up. */
  static RoleHolder holder(int roles) {
    return RoleHolder.member("usr_bench", List.of("member", "rol_" + (roles - 1), "rol_" + (roles - 2),
        "rol_" + (roles - 3)), Set.of("group-7"));
  }

  /** A mix of checks: file globs that match and miss, project actions in and out of scope, org actions. */
  static List<Check> checks(int roles) {
    int last = roles - 1;
    return List.of(
        Check.of("", "documents:view-content", Resource.file(project(last + 2), "src/team-" + last + "/a/b/Main.java")),
        Check.of("", "documents:edit-content", Resource.file(project(last + 2), "src/team-" + last + "/Main.kt")),
        Check.of("", "documents:view-content", Resource.file(project(last + 2), "docs/guide/team-" + last + "/x.md")),
        Check.of("", "documents:view-content", Resource.file(project(3), "docs/guide/team-1/x.md")),
        Check.of("", "branches:create", Resource.project(project(last))),
        Check.of("", "releases:deploy", Resource.project(project(last))),
        Check.of("", "logs:view", Resource.NONE),
        Check.of("", "members:invite", Resource.NONE));
  }

  /** The direct-invoke event asking whether the member may edit a file its role's glob covers. */
  JsonNode directCheckEvent(int roles) {
    int last = roles - 1;
    ObjectNode event = Fixture.object().put("orgId", orgId).put("action", "documents:view-content");
    event.putObject("principal").put("type", "user").put("id", member.userId());
    event.putObject("resource").put("project", project(last + 2)).put("path", "src/team-" + last + "/a/b/Main.java");
    return event;
  }

  static String project(int i) {
    return "proj-" + Math.floorMod(i, PROJECTS);
  }
}
