package io.usersroles.store;

import io.usersroles.domain.Membership;
import java.time.Instant;
import java.util.List;

/**
 * A member of an organisation ({@code ORG#id / MEMBER#userId}) with its directly assigned roles. It
 * carries {@code personKey} {@code USER#userId}, which puts it in the {@code ByPerson} index under its
 * user ("my organisations"); memberships written before that index existed get it when next written.
 */
public final class MembershipItem extends TableItem {
  static final ItemType<MembershipItem> TYPE =
      new ItemType<>("membership", MembershipItem.class, MembershipItem::new);
  static final Attribute<String> ORG_ID = TYPE.stringIndexSortKey(Keys.ORG_ID, Keys.PERSON_INDEX);
  static final Attribute<String> USER_ID = TYPE.string("userId");
  static final Attribute<String> EMAIL = TYPE.string("email");
  static final Attribute<String> NAME = TYPE.string("name");
  static final Attribute<List<String>> ROLES = TYPE.strings("roles");
  static final Attribute<Long> JOINED_AT = TYPE.number("joinedAt");
  static final Attribute<String> INVITATION_ID = TYPE.string("invitationId");
  static final Attribute<String> PERSON_KEY = TYPE.indexPartitionKey(Keys.PERSON_KEY, Keys.PERSON_INDEX);
  static final Attribute<Long> VERSION = TYPE.version();

  MembershipItem() {
    super(TYPE);
  }

  static MembershipItem of(Membership membership, String invitationId) {
    MembershipItem item = new MembershipItem();
    item.setKey(Keys.org(membership.orgId()), Keys.member(membership.userId()));
    item.set(ORG_ID, membership.orgId());
    item.set(USER_ID, membership.userId());
    item.set(EMAIL, membership.email());
    item.set(NAME, membership.name());
    item.set(ROLES, membership.roles());
    item.set(JOINED_AT, membership.joinedAt().toEpochMilli());
    item.set(INVITATION_ID, invitationId);
    item.set(PERSON_KEY, Keys.personOfUser(membership.userId()));
    return item;
  }

  Membership toMembership() {
    List<String> roles = get(ROLES);
    return new Membership(get(ORG_ID), get(USER_ID), get(EMAIL), get(NAME), roles == null ? List.of() : roles,
        Instant.ofEpochMilli(get(JOINED_AT)));
  }

  /** A copy of this item with other roles, to write back on the version it was read at. */
  MembershipItem withRoles(List<String> roles) {
    MembershipItem copy = copyInto(new MembershipItem());
    copy.set(ROLES, List.copyOf(roles));
    copy.set(PERSON_KEY, Keys.personOfUser(get(USER_ID))); // a membership of an earlier release joins the index
    return copy;
  }
}
