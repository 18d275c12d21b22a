package io.usersroles.functions.invitations;

import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.RequestBody;
import io.usersroles.service.InvitationService;
import java.util.List;

/**
 * {@code PATCH /orgs/{orgId}/invitations/{invitationId}} {@code {roles: [roleId...]}}: changes the roles
 * an open invitation grants; its link, expiry and sends stay as they are.
 */
public final class UpdateInvitationHandler extends HttpFunction {
  private final InvitationService invitations;

  public UpdateInvitationHandler() {
    this(LambdaEnvironment.component());
  }

  public UpdateInvitationHandler(FunctionsComponent app) {
    this.invitations = app.invitations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    List<String> roles = readForOrg(() -> RequestBody.rolesOnly(request), () -> invitations.requireInviter(caller, orgId));
    return HttpResponse.ok(InvitationJson.of(invitations.updateRoles(caller, request.requestId(), orgId,
        request.pathParameter("invitationId"), roles)));
  }
}
