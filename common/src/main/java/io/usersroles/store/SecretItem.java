package io.usersroles.store;

/**
 * {@code SECRET#hash / SECRET}: which service account a secret belongs to. It exists exactly while
 * that secret is the account's current one (created, replaced and deleted in the same transactions
 * as the account), so one strongly consistent GetItem by hash authenticates a machine.
 */
public final class SecretItem extends TableItem {
  static final ItemType<SecretItem> TYPE = new ItemType<>("secret", SecretItem.class, SecretItem::new);
  static final Attribute<String> ORG_ID = TYPE.string("orgId");
  static final Attribute<String> SERVICE_ACCOUNT_ID = TYPE.string("serviceAccountId");

  SecretItem() {
    super(TYPE);
  }

  static SecretItem of(String secretHash, String orgId, String serviceAccountId) {
    SecretItem item = new SecretItem();
    item.setKey(Keys.secret(secretHash), Keys.SECRET);
    item.set(ORG_ID, orgId);
    item.set(SERVICE_ACCOUNT_ID, serviceAccountId);
    return item;
  }
}
