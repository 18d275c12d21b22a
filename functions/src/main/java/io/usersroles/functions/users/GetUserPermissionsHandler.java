package io.usersroles.functions.users;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Action;
import io.usersroles.access.EffectivePermissions;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Json;
import io.usersroles.service.UserService;
import java.util.List;

/**
 * {@code GET /orgs/{orgId}/users/{userId}/permissions}: what a member or service account may do,
 * {@code {id, roles, account, allProjects, projects, files, ownOnly}} (docs/permissions.md).
 */
public final class GetUserPermissionsHandler extends HttpFunction {
  private final UserService users;

  public GetUserPermissionsHandler() {
    this(LambdaEnvironment.component());
  }

  public GetUserPermissionsHandler(FunctionsComponent app) {
    this.users = app.users();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String userId = request.pathParameter("userId");
    return HttpResponse.ok(json(userId, users.permissions(caller, request.pathParameter("orgId"), userId)));
  }

  static ObjectNode json(String id, EffectivePermissions permissions) {
    ObjectNode json = Json.object();
    json.put("id", id);
    ArrayNode roles = json.putArray("roles");
    permissions.roles().forEach(roles::add);
    actions(json.putArray("account"), permissions.account());
    actions(json.putArray("allProjects"), permissions.allProjects());
    ObjectNode projects = json.putObject("projects");
    permissions.projects().forEach((project, actions) -> actions(projects.putArray(project), actions));
    ArrayNode files = json.putArray("files");
    for (EffectivePermissions.FileGrant grant : permissions.files()) {
      ObjectNode file = files.addObject();
      file.put("project", grant.project());
      file.put("path", grant.path());
      actions(file.putArray("permissions"), grant.permissions());
    }
    actions(json.putArray("ownOnly"), permissions.ownOnly());
    return json;
  }

  private static void actions(ArrayNode array, List<Action> actions) {
    actions.forEach(action -> array.add(action.wireName()));
  }
}
