package io.usersroles.functions.users;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.UserService;

/** {@code DELETE /orgs/{orgId}/users/{userId}}: removes a member and every role assignment it had. */
public final class RemoveUserHandler extends HttpFunction {
  private final UserService users;

  public RemoveUserHandler() {
    this(LambdaEnvironment.component());
  }

  public RemoveUserHandler(FunctionsComponent app) {
    this.users = app.users();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    users.remove(caller, request.requestId(), request.pathParameter("orgId"), request.pathParameter("userId"));
    return HttpResponse.noContent();
  }
}
