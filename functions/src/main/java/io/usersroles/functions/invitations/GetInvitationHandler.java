package io.usersroles.functions.invitations;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.InvitationService;

/** {@code GET /orgs/{orgId}/invitations/{invitationId}}: one invitation, as the list shows it. */
public final class GetInvitationHandler extends HttpFunction {
  private final InvitationService invitations;

  public GetInvitationHandler() {
    this(LambdaEnvironment.component());
  }

  public GetInvitationHandler(FunctionsComponent app) {
    this.invitations = app.invitations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    return HttpResponse.ok(InvitationJson.of(invitations.get(caller, request.pathParameter("orgId"),
        request.pathParameter("invitationId"))));
  }
}
