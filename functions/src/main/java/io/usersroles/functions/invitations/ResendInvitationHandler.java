package io.usersroles.functions.invitations;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.InvitationService;

/** {@code POST /orgs/{orgId}/invitations/{invitationId}/resend}: a new link, a new expiry, a new email. */
public final class ResendInvitationHandler extends HttpFunction {
  private final InvitationService invitations;

  public ResendInvitationHandler() {
    this(LambdaEnvironment.component());
  }

  public ResendInvitationHandler(FunctionsComponent app) {
    this.invitations = app.invitations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    return HttpResponse.ok(InvitationJson.of(invitations.resend(caller, request.requestId(),
        request.pathParameter("orgId"),
        request.pathParameter("invitationId"))));
  }
}
