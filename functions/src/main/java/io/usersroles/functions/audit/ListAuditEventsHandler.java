package io.usersroles.functions.audit;

import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditQuery;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Principal;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LambdaEnvironment;
import io.usersroles.functions.http.HttpFunction;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Paging;
import io.usersroles.json.AuditEventJson;
import io.usersroles.service.AuditService;
import io.usersroles.store.Keys;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code GET /orgs/{orgId}/audit-events?action=&actorId=&targetId=&since=&until=}: the org's audit
 * events, newest first, paginated ({@code audit:view}).
 */
public final class ListAuditEventsHandler extends HttpFunction {
  private static final String ACTIONS = Arrays.stream(AuditAction.values()).map(AuditAction::wireName)
      .collect(Collectors.joining(", "));
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private final AuditService audit;

  public ListAuditEventsHandler() {
    this(LambdaEnvironment.component());
  }

  public ListAuditEventsHandler(FunctionsComponent app) {
    this.audit = app.audit();
  }

  /** The filters and page size of a request. */
  private record Query(AuditQuery filters, int limit) {}

  @Override
  protected HttpResponse handle(HttpRequest request, Principal caller) {
    String orgId = request.pathParameter("orgId");
    Query query = readForOrg(() -> new Query(filters(request), Paging.limit(request)),
        () -> audit.requireViewer(caller, orgId));
    return Paging.page(audit.list(caller, orgId, query.filters(), query.limit(), Paging.cursor(request)),
        AuditEventJson::event);
  }

  private static AuditQuery filters(HttpRequest request) {
    Optional<AuditAction> action = request.query("action").map(text -> AuditAction.byWireName(text)
        .orElseThrow(() -> DomainException.invalidField("action", "must be one of " + ACTIONS)));
    return new AuditQuery(action, id(request, "actorId"), id(request, "targetId"), instant(request, "since"),
        instant(request, "until"));
  }

  private static Optional<String> id(HttpRequest request, String name) {
    Optional<String> id = request.query(name);
    if (id.isPresent() && (id.get().isEmpty() || !Keys.canBeStored(id.get()))) {
      throw DomainException.invalidField(name, "must be an id of at most " + Keys.MAX_ID_LENGTH + " characters");
    }
    return id;
  }

  private static Optional<Instant> instant(HttpRequest request, String name) {
    Optional<String> text = request.query(name);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Instant instant = Instant.parse(text.get());
      if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
        throw DomainException.invalidField(name, "must be between 1970 and 9999");
      }
      return Optional.of(instant);
    } catch (DateTimeParseException notAnInstant) {
      throw DomainException.invalidField(name, "must be an ISO-8601 instant such as 2026-12-07T10:40:00Z");
    }
  }
}
