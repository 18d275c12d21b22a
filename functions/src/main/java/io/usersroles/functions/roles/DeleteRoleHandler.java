package io.usersroles.functions.roles;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.RoleService;

/** {@code DELETE /orgs/{orgId}/roles/{roleId}}. */
public final class DeleteRoleHandler extends HttpFunction {
  private final RoleService roles;

  public DeleteRoleHandler() {
    this(LambdaEnvironment.component());
  }

  public DeleteRoleHandler(FunctionsComponent app) {
    this.roles = app.roles();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    roles.delete(caller, request.requestId(), request.pathParameter("orgId"), request.pathParameter("roleId"));
    return HttpResponse.noContent();
  }
}
