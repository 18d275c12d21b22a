package io.usersroles.functions.orgs;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.UserService;

/** {@code POST /orgs/{orgId}/leave}: the caller (a human member) leaves the organisation. */
public final class LeaveOrganisationHandler extends HttpFunction {
  private final UserService users;

  public LeaveOrganisationHandler() {
    this(LambdaEnvironment.component());
  }

  public LeaveOrganisationHandler(FunctionsComponent app) {
    this.users = app.users();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    users.leave(caller, request.requestId(), request.pathParameter("orgId"));
    return HttpResponse.noContent();
  }
}
