package io.usersroles.store;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * {@code SECRET#hash / SECRET}: which service account a secret belongs to. It exists exactly while
 * that secret is the account's current one (created, replaced and deleted in the same transactions
 * as the account), so one strongly consistent GetItem by hash authenticates a machine.
 */
public final class SecretItem extends StoredItem {
  static final String ENTITY = "secret";

  /** The table schema of this entity, for the enhanced client. */
  static TableSchema<SecretItem> schema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final TableSchema<SecretItem> OF = StaticTableSchema.builder(SecretItem.class)
        .newItemSupplier(SecretItem::new)
        .extend(StoredItem.sharedSchema())
        .addAttribute(String.class, a -> a.name("orgId").getter(SecretItem::getOrgId).setter(SecretItem::setOrgId))
        .addAttribute(String.class, a -> a.name("serviceAccountId").getter(SecretItem::getServiceAccountId)
            .setter(SecretItem::setServiceAccountId))
        .build();
  }

  private String orgId;
  private String serviceAccountId;

  public SecretItem() {
    super(ENTITY);
  }

  static SecretItem of(String secretHash, String orgId, String serviceAccountId) {
    SecretItem item = new SecretItem();
    item.setPk(Keys.secret(secretHash));
    item.setSk(Keys.SECRET);
    item.orgId = orgId;
    item.serviceAccountId = serviceAccountId;
    return item;
  }

  public String getOrgId() {
    return orgId;
  }

  public void setOrgId(String orgId) {
    this.orgId = orgId;
  }

  public String getServiceAccountId() {
    return serviceAccountId;
  }

  public void setServiceAccountId(String serviceAccountId) {
    this.serviceAccountId = serviceAccountId;
  }
}
