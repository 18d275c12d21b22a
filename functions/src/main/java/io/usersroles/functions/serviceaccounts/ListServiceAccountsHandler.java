package io.usersroles.functions.serviceaccounts;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Paging;
import io.usersroles.service.ServiceAccountService;

/** {@code GET /orgs/{orgId}/service-accounts}: the org's service accounts, paginated, never a secret. */
public final class ListServiceAccountsHandler extends HttpFunction {
  private final ServiceAccountService accounts;

  public ListServiceAccountsHandler() {
    this(LambdaEnvironment.component());
  }

  public ListServiceAccountsHandler(FunctionsComponent app) {
    this.accounts = app.serviceAccounts();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    int limit = readForOrg(() -> Paging.limit(request), () -> accounts.requireViewer(caller, orgId));
    return Paging.page(accounts.list(caller, orgId, limit, Paging.cursor(request)), ServiceAccountJson::of);
  }
}
