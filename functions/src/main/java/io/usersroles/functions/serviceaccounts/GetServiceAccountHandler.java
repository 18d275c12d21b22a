package io.usersroles.functions.serviceaccounts;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.ServiceAccountService;

/** {@code GET /orgs/{orgId}/service-accounts/{id}}: one service account, never its secret. */
public final class GetServiceAccountHandler extends HttpFunction {
  private final ServiceAccountService accounts;

  public GetServiceAccountHandler() {
    this(LambdaEnvironment.component());
  }

  public GetServiceAccountHandler(FunctionsComponent app) {
    this.accounts = app.serviceAccounts();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    return HttpResponse.ok(ServiceAccountJson.of(accounts.get(caller, request.pathParameter("orgId"),
        request.pathParameter("id"))));
  }
}
