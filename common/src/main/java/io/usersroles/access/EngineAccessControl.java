package io.usersroles.access;

import io.usersroles.domain.DomainException;
import io.usersroles.domain.Membership;
import io.usersroles.domain.Principal;
import io.usersroles.domain.ServiceAccount;
import io.usersroles.store.OrganisationStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Authorises every request with the permission engine: one strongly consistent BatchGetItem reads
 * the org, the caller's membership and the role catalog; the engine decides on that snapshot.
 */
@Singleton
public final class EngineAccessControl implements AccessControl {
  private final OrganisationStore organisations;
  private final RoleCatalogs catalogs;
  private final PermissionEngine engine;

  @Inject
  public EngineAccessControl(OrganisationStore organisations, RoleCatalogs catalogs, PermissionEngine engine) {
    this.organisations = organisations;
    this.catalogs = catalogs;
    this.engine = engine;
  }

  @Override
  public OrgAccess member(Principal caller, String orgId) {
    if (caller instanceof Principal.ServiceAccount) {
      return serviceAccount((Principal.ServiceAccount) caller, orgId);
    }
    Principal.User user = (Principal.User) caller;
    OrganisationStore.Snapshot snapshot = organisations.snapshot(orgId, user.id());
    if (snapshot.organisation().isEmpty() || snapshot.membership().isEmpty()) {
      throw notFound();
    }
    Membership membership = snapshot.membership().get();
    RoleCatalog catalog = catalogs.of(orgId, snapshot.roles());
    RoleHolder holder = RoleHolder.member(user.id(), membership.roles(), Set.copyOf(user.groups()));
    return new OrgAccess(snapshot.organisation().get(), caller, Optional.of(membership), membership.roles(), catalog,
        holder);
  }

  /** A service account is a member of its own org only (SPEC §4); a deleted one of none. */
  private OrgAccess serviceAccount(Principal.ServiceAccount caller, String orgId) {
    if (!caller.orgId().equals(orgId)) {
      throw notFound();
    }
    OrganisationStore.Snapshot snapshot = organisations.snapshotForServiceAccount(orgId, caller.id());
    if (snapshot.organisation().isEmpty() || snapshot.serviceAccount().isEmpty()) {
      throw notFound();
    }
    ServiceAccount account = snapshot.serviceAccount().get();
    RoleCatalog catalog = catalogs.of(orgId, snapshot.roles());
    return new OrgAccess(snapshot.organisation().get(), caller, Optional.empty(), account.roles(), catalog,
        RoleHolder.serviceAccount(account.id(), account.roles()));
  }

  @Override
  public OrgAccess require(Principal caller, String orgId, Action action) {
    OrgAccess access = member(caller, orgId);
    Decision decision = engine.decide(access.catalog(), access.holder(), Check.of(action));
    if (!decision.allowed()) {
      throw DomainException.forbidden("permission-denied",
          "You do not have permission '" + action.wireName() + "' in this organisation");
    }
    return access;
  }

  @Override
  public void requireGrantable(OrgAccess caller, RoleCatalog proposed, List<String> roleIds) {
    List<String> unknown = new ArrayList<>();
    List<RoleCatalog.CompiledRole> wanted = new ArrayList<>();
    for (String id : new LinkedHashSet<>(roleIds)) {
      RoleCatalog.CompiledRole role = proposed.role(id);
      if (role == null) {
        unknown.add(id);
      } else {
        wanted.add(role);
      }
    }
    if (!unknown.isEmpty()) {
      throw DomainException.invalidField("roles", "unknown role(s): " + String.join(", ", unknown));
    }
    // what the caller holds now, never what it would hold once the proposed catalog is stored
    List<RoleCatalog.CompiledRole> held = EscalationGuard.rolesOf(caller.catalog(), caller.holder());
    for (RoleCatalog.CompiledRole role : wanted) {
      if (!EscalationGuard.mayGrant(held, role)) {
        throw DomainException.forbidden("role-escalation", "You can only grant roles whose permissions you hold "
            + "yourself; role '" + role.name + "' grants more");
      }
    }
  }

  private static DomainException notFound() {
    return DomainException.notFound("No such organisation");
  }
}
