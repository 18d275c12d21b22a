package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.access.BuiltInRole;
import io.usersroles.access.EffectivePermissions;
import io.usersroles.access.PermissionEngine;
import io.usersroles.access.RoleHolder;
import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Membership;
import io.usersroles.domain.Page;
import io.usersroles.domain.Principal;
import io.usersroles.domain.ServiceAccount;
import io.usersroles.domain.UserRow;
import io.usersroles.store.Cursors;
import io.usersroles.store.ListPage;
import io.usersroles.store.MembershipStore;
import io.usersroles.store.OptimisticRetry;
import io.usersroles.store.OrganisationStore;
import io.usersroles.store.VersionedMembership;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The organisation's users ({@code /orgs/{orgId}/users}): the list of active members, service
 * accounts and pending invitations; one member or service account, and what it may do; changing a
 * member's roles; removing members. Role changes and
 * removals keep at least one owner, also under concurrency: the owner count moves in the same
 * conditional transaction as the membership.
 */
@Singleton
public final class UserService {
  private static final int MAX_ROLES = 50;
  private static final String OWNER = BuiltInRole.OWNER.id();

  private final MembershipStore memberships;
  private final OrganisationStore organisations;
  private final AccessControl access;
  private final PermissionEngine engine;
  private final Cursors cursors;
  private final Clock clock;

  @Inject
  public UserService(MembershipStore memberships, OrganisationStore organisations, AccessControl access,
      PermissionEngine engine, Cursors cursors, Clock clock) {
    this.memberships = memberships;
    this.organisations = organisations;
    this.access = access;
    this.engine = engine;
    this.cursors = cursors;
    this.clock = clock;
  }

  /** Checks that the caller may view the users of {@code orgId}: not found for non-members. */
  public void requireViewer(Principal caller, String orgId) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
  }

  /** One page of user rows, optionally only those of one status and/or one type. */
  public Page<UserRow> list(Principal caller, String orgId, Optional<UserRow.Status> status,
      Optional<UserRow.Type> type, int limit, String cursor) {
    access.require(caller, orgId, Action.MEMBERS_VIEW);
    Listing.requireLimit(limit);
    boolean active = status.map(s -> s == UserRow.Status.ACTIVE).orElse(true);
    boolean pending = status.map(s -> s == UserRow.Status.PENDING).orElse(true);
    boolean humans = type.map(t -> t == UserRow.Type.MEMBER).orElse(true);
    boolean machines = type.map(t -> t == UserRow.Type.SERVICE_ACCOUNT).orElse(true);
    MembershipStore.UserFilter filter = new MembershipStore.UserFilter(active && humans, active && machines,
        pending && humans);
    String scope = "users\n" + orgId + "\n" + status.map(Enum::name).orElse("") + "\n"
        + type.map(Enum::name).orElse("");
    ListPage<UserRow> page = memberships.listUsers(orgId, caller.id(), filter, Instant.now(clock),
        cursors.decode(scope, cursor), limit);
    return new Page<>(page.rows(), cursors.encode(scope, page.next()));
  }

  /**
   * The row of member or service account {@code userId} (404 for anyone else, an invitation's id
   * included: pending rows are read as invitations). Needs {@code members:view}, unless the caller asks
   * for its own row.
   */
  public UserRow get(Principal caller, String orgId, String userId) {
    OrgAccess standing = access.requireUnlessSelf(caller, orgId, userId, Action.MEMBERS_VIEW);
    if (standing.isCaller(userId) && standing.membership().isPresent()) {
      return UserRow.of(standing.membership().get(), caller.id()); // read with the caller's access, just now
    }
    OrganisationStore.PrincipalsSnapshot found = find(orgId, userId);
    Membership membership = found.memberships().get(userId);
    return membership != null ? UserRow.of(membership, caller.id())
        : UserRow.of(found.serviceAccounts().get(userId), caller.id());
  }

  /**
   * What member or service account {@code userId} may do in the org: the effective permissions of
   * its assigned roles. For the caller itself they also include the roles its token's IdP groups map
   * to, as every request and check of its own does; another member's groups come from its own token
   * and are not stored, so they are not known here (a check naming it with {@code principal.groups}
   * answers for them). Needs {@code members:view}, unless the caller asks about itself.
   */
  public EffectivePermissions permissions(Principal caller, String orgId, String userId) {
    OrgAccess standing = access.requireUnlessSelf(caller, orgId, userId, Action.MEMBERS_VIEW);
    RoleHolder holder;
    if (standing.isCaller(userId)) {
      holder = standing.holder();
    } else {
      OrganisationStore.PrincipalsSnapshot found = find(orgId, userId);
      Membership membership = found.memberships().get(userId);
      ServiceAccount account = found.serviceAccounts().get(userId);
      holder = membership != null ? RoleHolder.member(userId, membership.roles(), Set.of())
          : RoleHolder.serviceAccount(userId, account.roles());
    }
    return engine.effective(standing.compiledRoles(), holder);
  }

  /** The member or service account {@code userId}, in one strongly consistent read; 404 when neither exists. */
  private OrganisationStore.PrincipalsSnapshot find(String orgId, String userId) {
    OrganisationStore.PrincipalsSnapshot found = organisations.principals(orgId, List.of(userId), List.of(userId),
        false);
    if (!found.memberships().containsKey(userId) && !found.serviceAccounts().containsKey(userId)) {
      throw DomainException.notFound("No such member or service account");
    }
    return found;
  }

  /** Checks that the caller may change roles in {@code orgId}: not found for non-members, else forbidden. */
  public void requireRoleUpdater(Principal caller, String orgId) {
    access.require(caller, orgId, Action.MEMBERS_UPDATE_ROLE);
  }

  /** Replaces the roles assigned to member {@code userId}; returns its user row. */
  public UserRow updateRoles(Principal caller, String requestId, String orgId, String userId, List<String> roles) {
    if (roles.size() > MAX_ROLES) {
      throw DomainException.invalidField("roles", "at most " + MAX_ROLES + " roles");
    }
    List<String> wanted = List.copyOf(new LinkedHashSet<>(roles));
    // Authorised once, as the request arrives; a retry after a lost race re-reads the target and the
    // owner count, not the caller's standing. So when two owners demote each other at once, the loser
    // is told the truth about its request, 409 last owner, rather than a 403 about its own demotion
    // by the winner (a request that started before that demotion returned may still be judged by
    // the standing it started with: revocation is immediate for requests that start after it).
    OrgAccess standing = access.require(caller, orgId, Action.MEMBERS_UPDATE_ROLE);
    return OptimisticRetry.get(() -> {
      VersionedMembership target = memberships.findVersioned(orgId, userId)
          .orElseThrow(() -> DomainException.notFound("No such member"));
      Membership membership = target.membership();
      List<String> unknown = wanted.stream().filter(id -> !standing.compiledRoles().hasRole(id)).toList();
      if (!unknown.isEmpty()) {
        throw DomainException.invalidField("roles", "unknown role(s): " + String.join(", ", unknown));
      }
      // granting and taking away both need the caller to hold what the role grants (no escalation,
      // and no one demotes an owner without being able to make one)
      Set<String> changed = new LinkedHashSet<>(wanted);
      changed.removeAll(membership.roles());
      List<String> removed = new ArrayList<>(membership.roles());
      removed.removeAll(wanted);
      removed.removeIf(id -> !standing.compiledRoles().hasRole(id)); // assignments of deleted roles just go
      changed.addAll(removed);
      access.requireGrantable(standing, List.copyOf(changed));
      boolean wasOwner = membership.roles().contains(OWNER);
      boolean isOwner = wanted.contains(OWNER);
      if (!wanted.equals(membership.roles())) {
        memberships.changeRoles(target, wanted, wasOwner == isOwner ? 0 : isOwner ? 1 : -1,
            AuditEvent.of(caller, requestId, orgId, AuditAction.MEMBER_ROLES_UPDATED, clock)
                .withTarget(AuditEvent.Target.member(membership))
                .withChange("roles", membership.roles(), wanted));
      }
      return UserRow.of(new Membership(membership.orgId(), membership.userId(), membership.email(),
          membership.name(), wanted, membership.joinedAt()), caller.id());
    });
  }

  /**
   * The caller leaves {@code orgId}: its membership, address claim and every role assignment go at
   * once, as when it is removed, but nothing needs a permission (anyone may leave). Not found for
   * non-members (a service account of another org included); a service account of the org cannot
   * leave it (delete it instead); the last owner cannot leave (409), judged in the same conditional
   * transaction as the removal, so a demotion racing it cannot leave the org without an owner.
   */
  public void leave(Principal caller, String requestId, String orgId) {
    access.member(caller, orgId);
    if (!(caller instanceof Principal.User)) {
      throw DomainException.forbidden("human-only",
          "A service account cannot leave its organisation; a member with service-accounts:manage deletes it");
    }
    OptimisticRetry.run(() -> {
      VersionedMembership own = memberships.findVersioned(orgId, caller.id())
          .orElseThrow(() -> DomainException.notFound("No such organisation")); // removed a moment ago
      memberships.remove(own, own.membership().roles().contains(OWNER),
          AuditEvent.of(caller, requestId, orgId, AuditAction.MEMBER_LEFT, clock)
              .withTarget(AuditEvent.Target.member(own.membership())));
    });
  }

  /** Removes member {@code userId}: its membership, address claim and every role assignment go at once. */
  public void remove(Principal caller, String requestId, String orgId, String userId) {
    OrgAccess standing = access.require(caller, orgId, Action.MEMBERS_REMOVE); // once: see updateRoles
    OptimisticRetry.run(() -> {
      VersionedMembership target = memberships.findVersioned(orgId, userId)
          .orElseThrow(() -> DomainException.notFound("No such member"));
      List<String> held = target.membership().roles().stream().filter(standing.compiledRoles()::hasRole).toList();
      access.requireGrantable(standing, held);
      memberships.remove(target, target.membership().roles().contains(OWNER),
          AuditEvent.of(caller, requestId, orgId, AuditAction.MEMBER_REMOVED, clock)
              .withTarget(AuditEvent.Target.member(target.membership())));
    });
  }
}
