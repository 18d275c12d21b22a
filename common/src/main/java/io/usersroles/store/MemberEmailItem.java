package io.usersroles.store;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * Records that a member holds an email address in an organisation ({@code ORG#id / EMAIL#address}),
 * so that an invitation request can tell {@code already_member} for 100 addresses with one batch read.
 */
public final class MemberEmailItem extends StoredItem {
  static final String ENTITY = "member-email";

  /** The table schema of this entity, for the enhanced client. */
  static TableSchema<MemberEmailItem> schema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final TableSchema<MemberEmailItem> OF = StaticTableSchema.builder(MemberEmailItem.class)
        .newItemSupplier(MemberEmailItem::new)
        .extend(StoredItem.sharedSchema())
        .addAttribute(String.class, a -> a.name("email").getter(MemberEmailItem::getEmail).setter(MemberEmailItem::setEmail))
        .addAttribute(String.class, a -> a.name("userId").getter(MemberEmailItem::getUserId)
            .setter(MemberEmailItem::setUserId))
        .build();
  }

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
