package io.usersroles.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One change to an organisation's access, as the audit log keeps it and EventBridge receives it: who
 * ({@code actor}) did what ({@code action}) to whom ({@code targets}), when, in which request, and for
 * updates which fields moved ({@code changes}: field → {@code {from, to}}). Never a token, a secret or
 * a request body.
 *
 * <p>A request that changes an organisation writes exactly one event, in the same transaction as the
 * change. A request that needs several transactions (inviting more people than one transaction holds,
 * deleting a role held widely) writes the same event (same id and time) in each, each adding the
 * targets its transaction changed ({@link #withTargets}).
 */
public record AuditEvent(String id, String orgId, Instant at, Actor actor, AuditAction action, List<Target> targets,
    Map<String, Change> changes, String requestId) {

  public AuditEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    targets = List.copyOf(targets);
    changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    requestId = requestId == null ? "" : requestId;
  }

  /** A new event, without targets yet, of {@code caller}'s request {@code requestId} at {@code at}. */
  public static AuditEvent of(Principal caller, String requestId, String orgId, AuditAction action, Instant at) {
    return new AuditEvent(Ids.newAuditEventId(), orgId, at, Actor.of(caller), action, List.of(), Map.of(), requestId);
  }

  /** As {@link #of(Principal, String, String, AuditAction, Instant)} at {@code clock}'s now (to the millisecond). */
  public static AuditEvent of(Principal caller, String requestId, String orgId, AuditAction action, Clock clock) {
    return of(caller, requestId, orgId, action, Instant.now(clock).truncatedTo(ChronoUnit.MILLIS));
  }

  /** Who made a change: a person, a service account, or the product itself (the reminder job). */
  public record Actor(String type, String id) {
    public static final String USER = "user";
    public static final String SERVICE_ACCOUNT = "service_account";
    public static final String SYSTEM = "system";

    public static Actor of(Principal principal) {
      return principal instanceof Principal.ServiceAccount
          ? new Actor(SERVICE_ACCOUNT, principal.id()) : new Actor(USER, principal.id());
    }

    public static Actor system(String job) {
      return new Actor(SYSTEM, job);
    }
  }

  /** What a change touched; {@code email} and {@code name} as they were at the time, where there is one. */
  public record Target(String type, String id, String email, String name) {
    public static final String ORGANISATION = "organisation";
    public static final String USER = "user";
    public static final String SERVICE_ACCOUNT = "service_account";
    public static final String INVITATION = "invitation";
    public static final String ROLE = "role";

    public Target {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
    }

    public static Target organisation(Organisation organisation) {
      return new Target(ORGANISATION, organisation.orgId(), null, organisation.name());
    }

    public static Target member(Membership member) {
      return new Target(USER, member.userId(), member.email(), member.name());
    }

    public static Target serviceAccount(ServiceAccount account) {
      return new Target(SERVICE_ACCOUNT, account.id(), null, account.name());
    }

    public static Target invitation(Invitation invitation) {
      return new Target(INVITATION, invitation.id(), invitation.email(), null);
    }

    public static Target role(String roleId, String name) {
      return new Target(ROLE, roleId, null, name);
    }
  }

  /**
   * A field's value before and after: text, a boolean, a number, or lists and maps of those ({@code null}:
   * none).
   */
  public record Change(Object from, Object to) {}

  /** The same event (same id and time) with {@code more} targets after its own. */
  public AuditEvent withTargets(List<Target> more) {
    List<Target> all = new ArrayList<>(targets);
    all.addAll(more);
    return new AuditEvent(id, orgId, at, actor, action, all, changes, requestId);
  }

  /** The same event with one more target. */
  public AuditEvent withTarget(Target target) {
    return withTargets(List.of(target));
  }

  /** The same event holding only {@code these} targets: the part of it one transaction writes. */
  public AuditEvent onlyTargets(List<Target> these) {
    return new AuditEvent(id, orgId, at, actor, action, these, changes, requestId);
  }

  /** The same event recording that {@code field} went from {@code from} to {@code to}; unchanged fields are left out. */
  public AuditEvent withChange(String field, Object from, Object to) {
    if (Objects.equals(from, to)) {
      return this;
    }
    Map<String, Change> all = new LinkedHashMap<>(changes);
    all.put(field, new Change(from, to));
    return new AuditEvent(id, orgId, at, actor, action, targets, all, requestId);
  }
}
