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
  void requireGrantable(OrgAccess caller, List<String> roleIds);
}
