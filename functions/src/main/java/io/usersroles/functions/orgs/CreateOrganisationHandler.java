package io.usersroles.functions.orgs;

import io.usersroles.domain.Organisation;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.RequestBody;
import io.usersroles.service.OrganisationService;

/** {@code POST /orgs}: creates an organisation; the caller becomes its owner. */
public final class CreateOrganisationHandler extends HttpFunction {
  private final OrganisationService organisations;

  public CreateOrganisationHandler() {
    this(LambdaEnvironment.component());
  }

  public CreateOrganisationHandler(FunctionsComponent app) {
    this.organisations = app.organisations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    // a service account may never create one, so it learns that before anything about its body
    organisations.requireHuman(caller);
    RequestBody body = RequestBody.of(request);
    String name = body.requiredString("name");
    body.rejectUnknownFields();
    Organisation created = organisations.create(caller, request.requestId(), name);
    return HttpResponse.json(201, OrganisationJson.of(created)).withHeader("Location", "/orgs/" + created.orgId());
  }
}
