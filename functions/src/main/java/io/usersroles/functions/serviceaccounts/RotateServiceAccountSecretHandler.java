package io.usersroles.functions.serviceaccounts;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Json;
import io.usersroles.service.ServiceAccountService;

/** {@code POST /orgs/{orgId}/service-accounts/{id}/secret}: {@code {secret}}; the old secret stops working. */
public final class RotateServiceAccountSecretHandler extends HttpFunction {
  private final ServiceAccountService accounts;

  public RotateServiceAccountSecretHandler() {
    this(LambdaEnvironment.component());
  }

  public RotateServiceAccountSecretHandler(FunctionsComponent app) {
    this.accounts = app.serviceAccounts();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String secret = accounts.rotateSecret(caller, request.requestId(), request.pathParameter("orgId"),
        request.pathParameter("id"));
    return HttpResponse.ok(Json.object().put("secret", secret));
  }
}
