package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.AuditQuery;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Page;
import io.usersroles.domain.Principal;
import io.usersroles.store.AuditStore;
import io.usersroles.store.Cursors;
import io.usersroles.store.ListPage;
import java.time.Clock;
import java.time.Instant;
import javax.inject.Inject;
import javax.inject.Singleton;

/** An organisation's audit log, newest first, for those with {@code audit:view}. */
@Singleton
public final class AuditService {
  private final AccessControl access;
  private final AuditStore store;
  private final Cursors cursors;
  private final Clock clock;

  @Inject
  public AuditService(AccessControl access, AuditStore store, Cursors cursors, Clock clock) {
    this.access = access;
    this.store = store;
    this.cursors = cursors;
    this.clock = clock;
  }

  /** 404 for non-members, 403 without {@code audit:view} (before the query is even read). */
  public void requireViewer(Principal caller, String orgId) {
    access.require(caller, orgId, Action.AUDIT_VIEW);
  }

  /** One page of the org's events matching {@code query}, newest first; 400 when {@code since} is not before {@code until}. */
  public Page<AuditEvent> list(Principal caller, String orgId, AuditQuery query, int limit, String cursor) {
    access.require(caller, orgId, Action.AUDIT_VIEW);
    Listing.requireLimit(limit);
    if (query.since().isPresent() && query.until().isPresent() && !query.since().get().isBefore(query.until().get())) {
      throw DomainException.invalidField("until", "must be after since");
    }
    String scope = "audit-events\n" + orgId + "\n" + query.scope();
    ListPage<AuditEvent> page = store.list(orgId, query, Instant.now(clock), cursors.decode(scope, cursor), limit);
    return new Page<>(page.rows(), cursors.encode(scope, page.next()));
  }
}
