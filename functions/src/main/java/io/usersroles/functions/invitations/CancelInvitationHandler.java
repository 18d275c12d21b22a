package io.usersroles.functions.invitations;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.InvitationService;

/** {@code DELETE /orgs/{orgId}/invitations/{invitationId}}: cancels the invitation; its link stops working. */
public final class CancelInvitationHandler extends HttpFunction {
  private final InvitationService invitations;

  public CancelInvitationHandler() {
    this(LambdaEnvironment.component());
  }

  public CancelInvitationHandler(FunctionsComponent app) {
    this.invitations = app.invitations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    invitations.cancel(caller, request.requestId(), request.pathParameter("orgId"),
        request.pathParameter("invitationId"));
    return HttpResponse.noContent();
  }
}
