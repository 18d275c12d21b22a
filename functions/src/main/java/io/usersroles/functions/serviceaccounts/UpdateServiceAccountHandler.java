package io.usersroles.functions.serviceaccounts;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.RequestBody;
import io.usersroles.service.ServiceAccountService;
import java.util.Optional;

/**
 * {@code PATCH /orgs/{orgId}/service-accounts/{id}} {@code {name?, description?, roles?}}: the account as
 * changed (merge-patch: a field left out stays, {@code "description": null} removes the description);
 * its secret stays as it is.
 */
public final class UpdateServiceAccountHandler extends HttpFunction {
  private final ServiceAccountService accounts;

  public UpdateServiceAccountHandler() {
    this(LambdaEnvironment.component());
  }

  public UpdateServiceAccountHandler(FunctionsComponent app) {
    this.accounts = app.serviceAccounts();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    String id = request.pathParameter("id");
    ServiceAccountService.Change change = readForOrg(() -> {
      RequestBody body = RequestBody.of(request);
      Optional<String> name = body.optionalString("name", false);
      boolean removeDescription = body.isNull("description");
      Optional<String> description = body.optionalString("description", true)
          .or(() -> removeDescription ? Optional.of("") : Optional.empty());
      ServiceAccountService.Change read = new ServiceAccountService.Change(name, description,
          body.optionalStringList("roles"));
      body.rejectUnknownFields();
      return read;
    }, () -> accounts.requireManager(caller, orgId));
    return HttpResponse.ok(ServiceAccountJson.of(accounts.update(caller, request.requestId(), orgId, id, change)));
  }
}
