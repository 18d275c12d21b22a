package io.usersroles.functions.users;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.UserService;

/** {@code GET /orgs/{orgId}/users/{userId}}: a member's or service account's row, as the user list shows it. */
public final class GetUserHandler extends HttpFunction {
  private final UserService users;

  public GetUserHandler() {
    this(LambdaEnvironment.component());
  }

  public GetUserHandler(FunctionsComponent app) {
    this.users = app.users();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    return HttpResponse.ok(ListUsersHandler.json(users.get(caller, request.pathParameter("orgId"),
        request.pathParameter("userId"))));
  }
}
