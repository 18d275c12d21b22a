package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.access.Check;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.CompiledRolesCache;
import io.usersroles.access.EscalationGuard;
import io.usersroles.access.PermissionEngine;
import io.usersroles.access.RoleHolder;
import io.usersroles.config.AwsFailures;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Membership;
import io.usersroles.domain.Principal;
import io.usersroles.domain.ServiceAccount;
import io.usersroles.store.ConcurrentChangeException;
import io.usersroles.store.MembershipStore;
import io.usersroles.store.OrganisationStore;
import io.usersroles.store.VersionedMembership;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Decides whether a caller may act on an organisation, for every use case: one strongly consistent
 * BatchGetItem reads the org, the caller's membership (or service account) and the org's custom
 * roles; the permission engine decides on that snapshot.
 */
@Singleton
public final class AccessControl {
  private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);

  private final OrganisationStore organisations;
  private final MembershipStore memberships;
  private final CompiledRolesCache compiledRoles;
  private final PermissionEngine engine;

  @Inject
  public AccessControl(OrganisationStore organisations, MembershipStore memberships, CompiledRolesCache compiledRoles,
      PermissionEngine engine) {
    this.organisations = organisations;
    this.memberships = memberships;
    this.compiledRoles = compiledRoles;
    this.engine = engine;
  }

  /**
   * The caller's standing in {@code orgId}. Not found (never forbidden) when the org does not exist
   * or the caller is not a member of it: non-members must not learn that an org exists. A member's
   * name and email follow its token: when the token's differ from the stored ones, they are written
   * (the only write an authorisation makes, and only then).
   */
  public OrgAccess member(Principal caller, String orgId) {
    return standing(caller, orgId, true);
  }

  /** As {@link #member}, never writing: for checks, whose path stays one read. */
  public OrgAccess memberForCheck(Principal caller, String orgId) {
    return standing(caller, orgId, false);
  }

  private OrgAccess standing(Principal caller, String orgId, boolean followToken) {
    if (caller instanceof Principal.ServiceAccount) {
      return serviceAccount((Principal.ServiceAccount) caller, orgId);
    }
    Principal.User user = (Principal.User) caller;
    OrganisationStore.Snapshot snapshot = organisations.snapshot(orgId, user.id());
    if (snapshot.organisation().isEmpty() || snapshot.membership().isEmpty()) {
      throw notFound();
    }
    Membership membership = followToken ? followToken(user, snapshot.membership().get())
        : snapshot.membership().get().membership();
    RoleHolder holder = RoleHolder.member(user.id(), membership.roles(), Set.copyOf(user.groups()));
    return new OrgAccess(snapshot.organisation().get(), caller, Optional.of(membership), membership.roles(),
        compiled(orgId, snapshot), holder, snapshot.roles());
  }

  /** A service account is a member of its own org only; a deleted one of none. */
  private OrgAccess serviceAccount(Principal.ServiceAccount caller, String orgId) {
    if (!caller.orgId().equals(orgId)) {
      throw notFound();
    }
    OrganisationStore.Snapshot snapshot = organisations.snapshotForServiceAccount(orgId, caller.id());
    if (snapshot.organisation().isEmpty() || snapshot.serviceAccount().isEmpty()) {
      throw notFound();
    }
    ServiceAccount account = snapshot.serviceAccount().get();
    return new OrgAccess(snapshot.organisation().get(), caller, Optional.empty(), account.roles(),
        compiled(orgId, snapshot), RoleHolder.serviceAccount(account.id(), account.roles()), snapshot.roles());
  }

  /** As {@link #member}, then forbidden unless the caller may perform {@code action} org-wide. */
  public OrgAccess require(Principal caller, String orgId, Action action) {
    OrgAccess access = member(caller, orgId);
    requireAllowed(access, action);
    return access;
  }

  /**
   * As {@link #require}, except that a caller asking about itself ({@code principalId} is its own id)
   * needs no permission, only to be a member.
   */
  public OrgAccess requireUnlessSelf(Principal caller, String orgId, String principalId, Action action) {
    OrgAccess access = member(caller, orgId);
    if (!access.isCaller(principalId)) {
      requireAllowed(access, action);
    }
    return access;
  }

  private void requireAllowed(OrgAccess access, Action action) {
    if (!engine.decide(access.compiledRoles(), access.holder(), Check.of(action)).allowed()) {
      throw DomainException.forbidden("permission-denied",
          "You do not have permission '" + action.wireName() + "' in this organisation");
    }
  }

  /**
   * Checks that {@code roleIds} name roles of the org (else invalid) and that the caller holds every
   * permission of each (else forbidden: no escalation).
   */
  public void requireGrantable(OrgAccess caller, List<String> roleIds) {
    requireGrantable(caller, caller.compiledRoles(), roleIds);
  }

  /**
   * As {@link #requireGrantable(OrgAccess, List)} for roles as they would be in {@code proposed} (a
   * role being created or replaced): the roles are looked up in {@code proposed}, while what the
   * caller holds is always taken from the roles it holds now, so that editing one's own role, or a
   * role one's IdP group maps to, cannot hand oneself more.
   */
  public void requireGrantable(OrgAccess caller, CompiledRoles proposed, List<String> roleIds) {
    EscalationGuard.requireGrantable(caller.compiledRoles(), caller.holder(), proposed, roleIds);
  }

  /**
   * The membership with the name and email of the caller's token, written when they differ: the name
   * whenever the token has one, the email only from a token whose email is verified. Best effort: a
   * write that loses a race or finds the table busy is left for the member's next request.
   */
  private Membership followToken(Principal.User user, VersionedMembership stored) {
    Membership membership = stored.membership();
    String name = user.name() != null ? user.name() : membership.name();
    String email = user.emailVerified() && user.email() != null ? user.email() : membership.email();
    if (Objects.equals(name, membership.name()) && Objects.equals(email, membership.email())) {
      return membership;
    }
    try {
      memberships.updateProfile(stored, name, email);
    } catch (ConcurrentChangeException taken) {
      if (Objects.equals(name, membership.name())) {
        return membership; // the new address is another member's: nothing else to write
      }
      // the new address is another member's, or the membership changed meanwhile: try the name alone
      email = membership.email();
      try {
        memberships.updateProfile(stored, name, email);
      } catch (ConcurrentChangeException changed) {
        return membership;
      }
    } catch (SdkException failed) {
      if (!AwsFailures.isTransient(failed)) {
        throw failed;
      }
      LOG.warn("the profile of member {} of org {} could not be brought up to date: {}", membership.userId(),
          membership.orgId(), failed.toString());
      return membership;
    }
    return new Membership(membership.orgId(), membership.userId(), email, name, membership.roles(),
        membership.joinedAt());
  }

  private CompiledRoles compiled(String orgId, OrganisationStore.Snapshot snapshot) {
    return compiledRoles.of(orgId, snapshot.roles().version(), snapshot.roles()::roles);
  }

  private static DomainException notFound() {
    return DomainException.notFound("No such organisation");
  }
}
