package io.usersroles.service;

import io.usersroles.access.CompiledRoles;
import io.usersroles.access.RoleHolder;
import io.usersroles.domain.Membership;
import io.usersroles.domain.Organisation;
import io.usersroles.domain.Principal;
import io.usersroles.store.VersionedRoles;
import java.util.List;
import java.util.Optional;

/**
 * A caller's standing in one organisation, established by {@link AccessControl}: the org, the caller,
 * the caller's membership (empty for a service account), the role ids assigned to the caller, what the
 * engine needs to decide further checks (the org's compiled roles and the caller as a holder), and the
 * org's custom roles as the same consistent read found them ({@code storedRoles}, with their version, so
 * that a role edit can write on them without reading them again).
 */
public record OrgAccess(Organisation organisation, Principal caller, Optional<Membership> membership,
    List<String> roles, CompiledRoles compiledRoles, RoleHolder holder, VersionedRoles storedRoles) {
  public OrgAccess {
    roles = List.copyOf(roles);
  }

  /** Whether {@code principalId} is the caller's own id (a user's or a service account's). */
  public boolean isCaller(String principalId) {
    return caller.id().equals(principalId);
  }

  /** How the caller is named to others (in invitation emails): display name, else email, else id. */
  public String displayName() {
    return membership.map(Membership::displayName).orElse(caller.id());
  }
}
