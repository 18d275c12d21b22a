package io.usersroles.functions.users;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.RequestBody;
import io.usersroles.service.UserService;
import java.util.List;

/** {@code PUT /orgs/{orgId}/users/{userId}/roles} {@code {roles: [roleId...]}}: the member's row. */
public final class UpdateUserRolesHandler extends HttpFunction {
  private final UserService users;

  public UpdateUserRolesHandler() {
    this(LambdaEnvironment.component());
  }

  public UpdateUserRolesHandler(FunctionsComponent app) {
    this.users = app.users();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    List<String> roles = readForOrg(() -> RequestBody.rolesOnly(request), () -> users.requireRoleUpdater(caller, orgId));
    return HttpResponse.ok(ListUsersHandler.json(
        users.updateRoles(caller, request.requestId(), orgId, request.pathParameter("userId"), roles)));
  }
}
