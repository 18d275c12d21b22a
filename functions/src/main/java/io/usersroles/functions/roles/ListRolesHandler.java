package io.usersroles.functions.roles;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Paging;
import io.usersroles.service.RoleService;

/** {@code GET /orgs/{orgId}/roles?limit=&cursor=}: built-in roles, then custom roles by name. */
public final class ListRolesHandler extends HttpFunction {
  private final RoleService roles;

  public ListRolesHandler() {
    this(LambdaEnvironment.component());
  }

  public ListRolesHandler(FunctionsComponent app) {
    this.roles = app.roles();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    int limit = readForOrg(() -> Paging.limit(request), () -> roles.requireViewer(caller, orgId));
    return Paging.page(roles.list(caller, orgId, limit, Paging.cursor(request)), RoleJson::of);
  }
}
