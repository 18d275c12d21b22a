package io.usersroles.functions.roles;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.RoleInput;
import io.usersroles.service.RoleService;

/** {@code POST /orgs/{orgId}/roles}: 201 with the role and its {@code Location}. */
public final class CreateRoleHandler extends HttpFunction {
  private final RoleService roles;

  public CreateRoleHandler() {
    this(LambdaEnvironment.component());
  }

  public CreateRoleHandler(FunctionsComponent app) {
    this.roles = app.roles();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    RoleInput input = readForOrg(() -> RoleJson.parse(request), () -> roles.requireManager(caller, orgId));
    RoleService.RoleView created = roles.create(caller, request.requestId(), orgId, input);
    return HttpResponse.json(201, RoleJson.of(created))
        .withHeader("Location", "/orgs/" + orgId + "/roles/" + created.id());
  }
}
