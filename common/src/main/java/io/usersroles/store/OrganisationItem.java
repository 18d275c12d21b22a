package io.usersroles.store;

import io.usersroles.domain.Organisation;
import java.time.Instant;

/** The organisation's profile item ({@code ORG#id / PROFILE}); it also counts the org's owners. */
public final class OrganisationItem extends TableItem {
  static final ItemType<OrganisationItem> TYPE =
      new ItemType<>("organisation", OrganisationItem.class, OrganisationItem::new);
  static final Attribute<String> ORG_ID = TYPE.string("orgId");
  static final Attribute<String> NAME = TYPE.string("name");
  static final Attribute<String> AVATAR_URL = TYPE.string("avatarUrl");
  static final Attribute<Long> CREATED_AT = TYPE.number("createdAt");
  static final Attribute<String> CREATED_BY = TYPE.string("createdBy");
  static final Attribute<Integer> OWNER_COUNT = TYPE.integer("ownerCount");
  static final Attribute<Long> VERSION = TYPE.version();

  OrganisationItem() {
    super(TYPE);
  }

  static OrganisationItem of(Organisation org, String createdBy, int ownerCount) {
    OrganisationItem item = new OrganisationItem();
    item.setKey(Keys.org(org.orgId()), Keys.PROFILE);
    item.set(ORG_ID, org.orgId());
    item.set(NAME, org.name());
    item.set(AVATAR_URL, org.avatarUrl());
    item.set(CREATED_AT, org.createdAt().toEpochMilli());
    item.set(CREATED_BY, createdBy);
    item.set(OWNER_COUNT, ownerCount);
    return item;
  }

  Organisation toOrganisation() {
    return new Organisation(get(ORG_ID), get(NAME), get(AVATAR_URL), Instant.ofEpochMilli(get(CREATED_AT)));
  }

  /** How many members hold the owner role (0 when never counted). */
  int ownerCount() {
    Integer count = get(OWNER_COUNT);
    return count == null ? 0 : count;
  }
}
