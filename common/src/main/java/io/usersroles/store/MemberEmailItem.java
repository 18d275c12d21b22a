package io.usersroles.store;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * Records that a member holds an email address in an organisation ({@code ORG#id / EMAIL#address}),
 * so that an invitation request can tell {@code already_member} for 100 addresses with one batch read.
 */
public final class MemberEmailItem extends StoredItem {
  static final String ENTITY = "member-email";

  static final TableSchema<MemberEmailItem> SCHEMA = StaticTableSchema.builder(MemberEmailItem.class)
      .newItemSupplier(MemberEmailItem::new)
      .extend(StoredItem.SCHEMA)
      .addAttribute(String.class, a -> a.name("email").getter(MemberEmailItem::getEmail).setter(MemberEmailItem::setEmail))
      .addAttribute(String.class, a -> a.name("userId").getter(MemberEmailItem::getUserId)
          .setter(MemberEmailItem::setUserId))
      .build();

  private String email;
  private String userId;

  public MemberEmailItem() {
    super(ENTITY);
  }

  static MemberEmailItem of(String orgId, String email, String userId) {
    MemberEmailItem item = new MemberEmailItem();
    item.setPk(Keys.org(orgId));
    item.setSk(Keys.email(email));
    item.email = email;
    item.userId = userId;
    return item;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }
}
