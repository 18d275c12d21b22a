package io.usersroles.functions.roles;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.RoleInput;
import io.usersroles.service.RoleService;

/** {@code PUT /orgs/{orgId}/roles/{roleId}}. */
public final class UpdateRoleHandler extends HttpFunction {
  private final RoleService roles;

  public UpdateRoleHandler() {
    this(LambdaEnvironment.component());
  }

  public UpdateRoleHandler(FunctionsComponent app) {
    this.roles = app.roles();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    RoleInput input = readForOrg(() -> RoleJson.parse(request), () -> roles.requireManager(caller, orgId));
    return HttpResponse.ok(RoleJson.of(roles.replace(caller, request.requestId(), orgId,
        request.pathParameter("roleId"), input)));
  }
}
