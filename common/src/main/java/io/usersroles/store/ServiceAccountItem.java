package io.usersroles.store;

import io.usersroles.domain.ServiceAccount;
import java.time.Instant;
import java.util.List;

/**
 * A service account ({@code ORG#id / SA#serviceAccountId}) and the hash of its current secret. An empty
 * description is not stored (nor is one on accounts written before descriptions existed): absent reads
 * as {@code ""}.
 */
public final class ServiceAccountItem extends TableItem {
  static final ItemType<ServiceAccountItem> TYPE =
      new ItemType<>("service-account", ServiceAccountItem.class, ServiceAccountItem::new);
  static final Attribute<String> ORG_ID = TYPE.string("orgId");
  static final Attribute<String> SERVICE_ACCOUNT_ID = TYPE.string("serviceAccountId");
  static final Attribute<String> NAME = TYPE.string("name");
  static final Attribute<String> DESCRIPTION = TYPE.string("description");
  static final Attribute<List<String>> ROLES = TYPE.strings("roles");
  static final Attribute<Long> CREATED_AT = TYPE.number("createdAt");
  static final Attribute<String> CREATED_BY = TYPE.string("createdBy");
  static final Attribute<String> SECRET_HASH = TYPE.string("secretHash");
  static final Attribute<Long> VERSION = TYPE.version();

  ServiceAccountItem() {
    super(TYPE);
  }

  static ServiceAccountItem of(ServiceAccount account, String secretHash) {
    ServiceAccountItem item = new ServiceAccountItem();
    item.setKey(Keys.org(account.orgId()), Keys.serviceAccount(account.id()));
    item.set(ORG_ID, account.orgId());
    item.set(SERVICE_ACCOUNT_ID, account.id());
    item.set(NAME, account.name());
    item.set(DESCRIPTION, account.description().isEmpty() ? null : account.description());
    item.set(ROLES, account.roles());
    item.set(CREATED_AT, account.createdAt().toEpochMilli());
    item.set(CREATED_BY, account.createdBy());
    item.set(SECRET_HASH, secretHash);
    return item;
  }

  ServiceAccount toServiceAccount() {
    List<String> roles = get(ROLES);
    String description = get(DESCRIPTION);
    return new ServiceAccount(get(SERVICE_ACCOUNT_ID), get(ORG_ID), get(NAME), description == null ? "" : description,
        roles == null ? List.of() : roles, Instant.ofEpochMilli(get(CREATED_AT)), get(CREATED_BY));
  }
}
