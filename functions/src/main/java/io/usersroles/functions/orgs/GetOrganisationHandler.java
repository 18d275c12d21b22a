package io.usersroles.functions.orgs;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.OrganisationService;

/** {@code GET /orgs/{orgId}}: the organisation, for its members. */
public final class GetOrganisationHandler extends HttpFunction {
  private final OrganisationService organisations;

  public GetOrganisationHandler() {
    this(LambdaEnvironment.component());
  }

  public GetOrganisationHandler(FunctionsComponent app) {
    this.organisations = app.organisations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    return HttpResponse.ok(OrganisationJson.of(organisations.get(caller, request.pathParameter("orgId"))));
  }
}
