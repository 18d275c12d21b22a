package io.usersroles.functions.me;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.service.InvitationService;

/**
 * {@code POST /me/invitations/{invitationId}/accept}: the caller accepts an open invitation addressed
 * to its verified email, by the id {@code GET /me} lists, without the emailed link.
 */
public final class AcceptMyInvitationHandler extends HttpFunction {
  private final InvitationService invitations;

  public AcceptMyInvitationHandler() {
    this(LambdaEnvironment.component());
  }

  public AcceptMyInvitationHandler(FunctionsComponent app) {
    this.invitations = app.invitations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    invitations.requireHuman(caller);
    return HttpResponse.ok(MeJson.of(invitations.acceptAddressed(caller, request.requestId(),
        request.pathParameter("invitationId"))));
  }
}
