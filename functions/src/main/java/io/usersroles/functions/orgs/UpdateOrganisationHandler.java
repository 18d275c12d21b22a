package io.usersroles.functions.orgs;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.RequestBody;
import io.usersroles.service.OrganisationService;

/**
 * {@code PATCH /orgs/{orgId}}: changes the name and/or avatar (merge-patch: a field left out stays,
 * {@code "avatarUrl": null} removes the avatar).
 */
public final class UpdateOrganisationHandler extends HttpFunction {
  private final OrganisationService organisations;

  public UpdateOrganisationHandler() {
    this(LambdaEnvironment.component());
  }

  public UpdateOrganisationHandler(FunctionsComponent app) {
    this.organisations = app.organisations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    OrganisationService.ProfileChanges changes = readForOrg(() -> {
      RequestBody body = RequestBody.of(request);
      String name = body.optionalString("name", false).orElse(null);
      boolean avatarGiven = body.has("avatarUrl");
      String avatarUrl = body.optionalString("avatarUrl", true).orElse(null);
      body.rejectUnknownFields();
      return new OrganisationService.ProfileChanges(name, avatarGiven, avatarUrl);
    }, () -> organisations.requireProfileEditor(caller, orgId));
    return HttpResponse.ok(OrganisationJson.of(organisations.update(caller, request.requestId(), orgId, changes)));
  }
}
