package io.usersroles.functions.invitations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.RequestBody;
import io.usersroles.service.AcceptedInvitation;
import io.usersroles.service.InvitationService;

/** {@code POST /invitations/accept}: the caller accepts the invitation a link token belongs to. */
public final class AcceptInvitationHandler extends HttpFunction {
  private final InvitationService invitations;

  public AcceptInvitationHandler() {
    this(LambdaEnvironment.component());
  }

  public AcceptInvitationHandler(FunctionsComponent app) {
    this.invitations = app.invitations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    // a service account may never accept one, so it learns that before anything about its body
    invitations.requireHuman(caller);
    RequestBody body = RequestBody.of(request);
    String token = body.requiredString("token");
    body.rejectUnknownFields();
    AcceptedInvitation accepted = invitations.accept(caller, request.requestId(), token);
    ObjectNode json = Json.object();
    json.put("orgId", accepted.orgId());
    json.put("userId", accepted.userId());
    InvitationJson.roles(json, accepted.roles());
    return HttpResponse.ok(json);
  }
}
