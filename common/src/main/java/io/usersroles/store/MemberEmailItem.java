package io.usersroles.store;

/**
 * Records that a member holds an email address in an organisation ({@code ORG#id / EMAIL#address}),
 * so that an invitation request can tell {@code already_member} for 100 addresses with one batch read.
 */
public final class MemberEmailItem extends TableItem {
  static final ItemType<MemberEmailItem> TYPE =
      new ItemType<>("member-email", MemberEmailItem.class, MemberEmailItem::new);
  static final Attribute<String> EMAIL = TYPE.string("email");
  static final Attribute<String> USER_ID = TYPE.string("userId");

  MemberEmailItem() {
    super(TYPE);
  }

  static MemberEmailItem of(String orgId, String email, String userId) {
    MemberEmailItem item = new MemberEmailItem();
    item.setKey(Keys.org(orgId), Keys.email(email));
    item.set(EMAIL, email);
    item.set(USER_ID, userId);
    return item;
  }
}
