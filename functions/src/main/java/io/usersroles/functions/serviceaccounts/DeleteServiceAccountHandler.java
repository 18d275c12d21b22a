package io.usersroles.functions.serviceaccounts;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.ServiceAccountService;

/** {@code DELETE /orgs/{orgId}/service-accounts/{id}}: 204; its secret stops working at once. */
public final class DeleteServiceAccountHandler extends HttpFunction {
  private final ServiceAccountService accounts;

  public DeleteServiceAccountHandler() {
    this(LambdaEnvironment.component());
  }

  public DeleteServiceAccountHandler(FunctionsComponent app) {
    this.accounts = app.serviceAccounts();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    accounts.delete(caller, request.requestId(), request.pathParameter("orgId"), request.pathParameter("id"));
    return HttpResponse.noContent();
  }
}
