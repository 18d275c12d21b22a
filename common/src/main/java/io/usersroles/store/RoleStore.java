package io.usersroles.store;

import io.usersroles.access.CustomRole;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.DomainException;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The item holding every custom role of an org, and the assignment changes that go with a role edit:
 * a role's {@code users} are stored as role ids on the memberships and service accounts, written in the
 * same transaction as the roles item, which is conditional on the version it was read at (no lost
 * updates), as is each membership and service account.
 */
@Singleton
public final class RoleStore {
  private final Table table;
  private final AuditStore audit;

  @Inject
  public RoleStore(Table table, AuditStore audit) {
    this.table = table;
    this.audit = audit;
  }

  /** Strongly consistent read of the org's custom roles. */
  public VersionedRoles load(String orgId) {
    return table.get(CustomRolesItem.TYPE, Keys.org(orgId), Keys.ROLES).map(VersionedRoles::new)
        .orElse(VersionedRoles.NONE);
  }

  /**
   * The most assignments one role edit may change: one transaction holds them, the roles item and the
   * audit event.
   */
  public static final int MAX_ASSIGNMENT_CHANGES = 98;

  /**
   * Replaces the custom roles read as {@code read} with {@code roles} and sets the roles of the changed
   * members ({@code memberRoles}: membership as read → its new role ids) and service accounts
   * ({@code accountRoles}, likewise), with {@code event}, all or nothing; at most
   * {@link #MAX_ASSIGNMENT_CHANGES} of them.
   */
  public void save(String orgId, VersionedRoles read, List<CustomRole> roles,
      Map<VersionedMembership, List<String>> memberRoles, Map<VersionedServiceAccount, List<String>> accountRoles,
      AuditEvent event) {
    byte[] json = CustomRolesItem.json(roles);
    if (json.length > CustomRolesItem.MAX_ROLES_JSON_BYTES) {
      throw DomainException.conflict("role-catalog-full",
          "The organisation's roles are too large to store; remove or shorten some roles");
    }
    if (memberRoles.size() + accountRoles.size() > MAX_ASSIGNMENT_CHANGES) {
      throw DomainException.invalidField("users", "at most " + MAX_ASSIGNMENT_CHANGES
          + " users (members and service accounts) can be added or removed in one request");
    }
    // no version yet: the versioning extension writes the item only if there is none
    Long version = read.version() == 0 ? null : read.version();
    Table.Tx tx = table.tx()
        .put(CustomRolesItem.TYPE, CustomRolesItem.of(orgId, json, version));
    memberRoles.forEach((member, newRoles) -> tx.update(MembershipItem.TYPE,
        member.withRoles(newRoles)));
    accountRoles.forEach((account, newRoles) -> tx.update(ServiceAccountItem.TYPE,
        account.withRoles(newRoles)));
    table.transact(tx.add(List.of(audit.record(event))));
  }
}
