package io.usersroles.functions.roles;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.RoleService;

/** {@code GET /orgs/{orgId}/roles/{roleId}}. */
public final class GetRoleHandler extends HttpFunction {
  private final RoleService roles;

  public GetRoleHandler() {
    this(LambdaEnvironment.component());
  }

  public GetRoleHandler(FunctionsComponent app) {
    this.roles = app.roles();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    return HttpResponse.ok(RoleJson.of(roles.get(caller, request.pathParameter("orgId"),
        request.pathParameter("roleId"))));
  }
}
