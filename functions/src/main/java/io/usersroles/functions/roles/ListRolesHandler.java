package io.usersroles.functions.roles;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Json;
import io.usersroles.service.RoleService;

/** {@code GET /orgs/{orgId}/roles}. */
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
    ObjectNode answer = Json.object();
    ArrayNode items = answer.putArray("items");
    roles.list(caller, request.pathParameter("orgId")).forEach(role -> items.add(RoleJson.of(role)));
    answer.putNull("nextCursor");
    return HttpResponse.ok(answer);
  }
}
