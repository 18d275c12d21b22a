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

  /** The filter and page size of a request. */
  private record Query(Optional<InvitationStatus> status, int limit) {}

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    Query query = readForOrg(() -> new Query(status(request), Paging.limit(request)),
        () -> invitations.requireViewer(caller, orgId));
    return Paging.page(invitations.list(caller, orgId, query.status(), query.limit(), Paging.cursor(request)),
        InvitationJson::of);
  }

  private static Optional<InvitationStatus> status(HttpRequest request) {
    Optional<String> statusText = request.query("status");
    if (statusText.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(InvitationStatus.fromWire(statusText.get()).orElseThrow(() -> DomainException
        .invalidField("status", "must be one of pending, accepted, cancelled, expired, declined")));
  }
}
