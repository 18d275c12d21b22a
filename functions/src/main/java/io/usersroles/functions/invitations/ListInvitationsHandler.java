package io.usersroles.functions.invitations;

import io.usersroles.domain.DomainException;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Paging;
import io.usersroles.service.InvitationService;
import java.util.Optional;

/** {@code GET /orgs/{orgId}/invitations?status=&limit=&cursor=}: the org's invitations, a page at a time. */
public final class ListInvitationsHandler extends HttpFunction {
  private final InvitationService invitations;

  public ListInvitationsHandler() {
    this(LambdaEnvironment.component());
  }

  public ListInvitationsHandler(FunctionsComponent app) {
    this.invitations = app.invitations();
  }

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    Optional<InvitationStatus> status = Optional.empty();
    Optional<String> statusText = request.query("status");
    if (statusText.isPresent()) {
      status = Optional.of(InvitationStatus.fromWire(statusText.get()).orElseThrow(() -> DomainException
          .invalidField("status", "must be one of pending, accepted, cancelled, expired")));
    }
    return Paging.page(invitations.list(caller, request.pathParameter("orgId"), status, Paging.limit(request),
        Paging.cursor(request)), InvitationJson::of);
  }
}
