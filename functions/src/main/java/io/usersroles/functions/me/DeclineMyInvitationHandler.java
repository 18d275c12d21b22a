package io.usersroles.functions.me;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.InvitationService;

/**
 * {@code POST /me/invitations/{invitationId}/decline}: the caller declines an open invitation addressed
 * to its verified email; it is listed as {@code declined} and its link stops working.
 */
public final class DeclineMyInvitationHandler extends HttpFunction {
  private final InvitationService invitations;

  public DeclineMyInvitationHandler() {
    this(LambdaEnvironment.component());
  }

  public DeclineMyInvitationHandler(FunctionsComponent app) {
    this.invitations = app.invitations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    invitations.requireHuman(caller);
    invitations.declineAddressed(caller, request.requestId(), request.pathParameter("invitationId"));
    return HttpResponse.noContent();
  }
}
