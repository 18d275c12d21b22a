package io.usersroles.access;

import io.usersroles.domain.Principal;
import java.util.List;

/**
 * Decides whether a caller may act on an organisation. Every service asks through this one
 * interface, so the permission engine can replace the implementation without touching callers.
 */
public interface AccessControl {
  /**
   * The caller's standing in {@code orgId}. Not found (never forbidden) when the org does not exist
   * or the caller is not a member of it: non-members must not learn that an org exists.
   */
  OrgAccess member(Principal caller, String orgId);

  /** As {@link #member}, then forbidden unless the caller may perform {@code action} org-wide. */
  OrgAccess require(Principal caller, String orgId, Action action);

  /**
   * Checks that {@code roleIds} name roles of the org (else invalid) and that the caller holds every
   * permission of each (else forbidden: no escalation).
   */
  default void requireGrantable(OrgAccess caller, List<String> roleIds) {
    requireGrantable(caller, caller.catalog(), roleIds);
  }

  /**
   * As {@link #requireGrantable(OrgAccess, List)} for roles as they would be in {@code proposed} (a
   * role being created or replaced): the roles are looked up in {@code proposed}, while what the caller
   * holds is always taken from the catalog it holds its roles in now ({@code caller.catalog()}), so
   * that editing one's own role, or a role one's IdP group maps to, cannot hand oneself more.
   */
  void requireGrantable(OrgAccess caller, RoleCatalog proposed, List<String> roleIds);
}
