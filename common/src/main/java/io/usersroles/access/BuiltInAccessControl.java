package io.usersroles.access;

import io.usersroles.domain.DomainException;
import io.usersroles.domain.Membership;
import io.usersroles.domain.Principal;
import io.usersroles.store.OrganisationStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Access control with the three built-in roles only: one strongly consistent read of the org and the
 * caller's membership per request.
 */
@Singleton
public final class BuiltInAccessControl implements AccessControl {
  private final OrganisationStore organisations;

  @Inject
  public BuiltInAccessControl(OrganisationStore organisations) {
    this.organisations = organisations;
  }

  @Override
  public OrgAccess member(Principal caller, String orgId) {
    if (!(caller instanceof Principal.User)) {
      throw notFound(); // service accounts arrive with the permission engine
    }
    OrganisationStore.Snapshot snapshot = organisations.snapshot(orgId, caller.id());
    if (snapshot.organisation().isEmpty() || snapshot.membership().isEmpty()) {
      throw notFound();
    }
    Membership membership = snapshot.membership().get();
    return new OrgAccess(snapshot.organisation().get(), caller, Optional.of(membership), membership.roles());
  }

  @Override
  public OrgAccess require(Principal caller, String orgId, Action action) {
    OrgAccess access = member(caller, orgId);
    if (!grantsEverywhere(access.roles(), action)) {
      throw DomainException.forbidden("permission-denied",
          "You do not have permission '" + action.wireName() + "' in this organisation");
    }
    return access;
  }

  @Override
  public void requireGrantable(OrgAccess caller, List<String> roleIds) {
    List<String> unknown = new ArrayList<>();
    Set<Action> wanted = EnumSet.noneOf(Action.class);
    Set<Action> wantedOwnOnly = EnumSet.noneOf(Action.class);
    for (String id : roleIds) {
      Optional<BuiltInRole> role = BuiltInRole.fromId(id);
      if (role.isEmpty()) {
        unknown.add(id);
      } else {
        wanted.addAll(role.get().always());
        wantedOwnOnly.addAll(role.get().ownOnly());
      }
    }
    if (!unknown.isEmpty()) {
      throw DomainException.invalidField("roles", "unknown role(s): " + String.join(", ", unknown));
    }
    Set<Action> held = EnumSet.noneOf(Action.class);
    Set<Action> heldOwnOnly = EnumSet.noneOf(Action.class);
    for (String id : caller.roles()) {
      BuiltInRole.fromId(id).ifPresent(role -> {
        held.addAll(role.always());
        heldOwnOnly.addAll(role.ownOnly());
      });
    }
    wantedOwnOnly.removeAll(held);
    if (!held.containsAll(wanted) || !heldOwnOnly.containsAll(wantedOwnOnly)) {
      throw DomainException.forbidden("role-escalation",
          "You can only grant roles whose permissions you hold yourself");
    }
  }

  private static boolean grantsEverywhere(List<String> roleIds, Action action) {
    for (String id : roleIds) {
      Optional<BuiltInRole> role = BuiltInRole.fromId(id);
      if (role.isPresent() && role.get().grantsEverywhere(action)) {
        return true;
      }
    }
    return false;
  }

  private static DomainException notFound() {
    return DomainException.notFound("No such organisation");
  }
}
