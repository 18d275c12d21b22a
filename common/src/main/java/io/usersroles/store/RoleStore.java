package io.usersroles.store;

import io.usersroles.access.CustomRole;
import io.usersroles.domain.DomainException;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;

/**
 * The role catalog item of an org and the membership changes that go with a role edit: a role's
 * {@code users} are stored as role ids on the memberships, written in the same transaction as the
 * catalog, which is conditional on the version it was read at (no lost updates).
 */
@Singleton
public final class RoleStore {
  private final Table table;

  @Inject
  public RoleStore(Table table) {
    this.table = table;
  }

  /** An org's custom roles and the catalog version they were read at (null: no catalog item yet). */
  public record Catalog(List<CustomRole> roles, Long version) {}

  /** Strongly consistent read of the catalog. */
  public Catalog load(String orgId) {
    RoleCatalogItem item = table.roleCatalogs().getItem(r -> r.key(StoredItem.key(Keys.org(orgId), Keys.ROLES))
        .consistentRead(true));
    return item == null ? new Catalog(List.of(), null) : new Catalog(item.customRoles(), item.getVersion());
  }

  /**
   * Replaces the catalog read as {@code read} with {@code roles} and sets the roles of the changed
   * members ({@code memberRoles}: membership as read → its new role ids), all or nothing.
   */
  public void save(String orgId, Catalog read, List<CustomRole> roles, Map<MembershipStore.Stored, List<String>> memberRoles) {
    if (RoleCatalogItem.encodedSize(roles) > RoleCatalogItem.MAX_ROLES_JSON_BYTES) {
      throw DomainException.conflict("role-catalog-full",
          "The organisation's roles are too large to store; remove or shorten some roles");
    }
    if (memberRoles.size() > 99) {
      throw DomainException.invalidField("users", "at most 99 users can be added or removed in one request");
    }
    TransactWriteItemsEnhancedRequest.Builder tx = TransactWriteItemsEnhancedRequest.builder()
        .addPutItem(table.roleCatalogs(), RoleCatalogItem.of(orgId, roles, read.version()));
    memberRoles.forEach((member, newRoles) -> tx.addUpdateItem(table.memberships(), member.withRoles(newRoles)));
    table.transact(tx.build());
  }
}
