package io.usersroles.store;

import io.usersroles.domain.Membership;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A member of an organisation ({@code ORG#id / MEMBER#userId}) with its directly assigned roles. */
public final class MembershipItem extends StoredItem {
  static final String ENTITY = "membership";

  /** The table schema of this entity, for the enhanced client. */
  static TableSchema<MembershipItem> schema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final TableSchema<MembershipItem> OF = StaticTableSchema.builder(MembershipItem.class)
        .newItemSupplier(MembershipItem::new)
        .extend(StoredItem.sharedSchema())
        .addAttribute(String.class, a -> a.name("orgId").getter(MembershipItem::getOrgId).setter(MembershipItem::setOrgId))
        .addAttribute(String.class, a -> a.name("userId").getter(MembershipItem::getUserId).setter(MembershipItem::setUserId))
        .addAttribute(String.class, a -> a.name("email").getter(MembershipItem::getEmail).setter(MembershipItem::setEmail))
        .addAttribute(String.class, a -> a.name("name").getter(MembershipItem::getName).setter(MembershipItem::setName))
        .addAttribute(EnhancedType.listOf(String.class), a -> a.name("roles").getter(MembershipItem::getRoles)
            .setter(MembershipItem::setRoles))
        .addAttribute(Long.class, a -> a.name("joinedAt").getter(MembershipItem::getJoinedAt)
            .setter(MembershipItem::setJoinedAt))
        .addAttribute(String.class, a -> a.name("invitationId").getter(MembershipItem::getInvitationId)
            .setter(MembershipItem::setInvitationId))
        .addAttribute(Long.class, a -> a.name("version").getter(MembershipItem::getVersion)
            .setter(MembershipItem::setVersion).tags(VersionedRecordExtension.AttributeTags.versionAttribute()))
        .build();
  }

  private String orgId;
  private String userId;
  private String email;
  private String name;
  private List<String> roles;
  private Long joinedAt;
  private String invitationId;
  private Long version;

  public MembershipItem() {
    super(ENTITY);
  }

  /** Decodes a raw item without the schema (see {@link Table#toItem}). */
  static MembershipItem read(Map<String, AttributeValue> raw) {
    MembershipItem item = new MembershipItem();
    item.readShared(raw);
    item.orgId = string(raw, "orgId");
    item.userId = string(raw, "userId");
    item.email = string(raw, "email");
    item.name = string(raw, "name");
    item.roles = strings(raw, "roles");
    item.joinedAt = number(raw, "joinedAt");
    item.invitationId = string(raw, "invitationId");
    item.version = number(raw, "version");
    return item;
  }

  static MembershipItem of(Membership membership, String invitationId) {
    MembershipItem item = new MembershipItem();
    item.setPk(Keys.org(membership.orgId()));
    item.setSk(Keys.member(membership.userId()));
    item.orgId = membership.orgId();
    item.userId = membership.userId();
    item.email = membership.email();
    item.name = membership.name();
    item.roles = membership.roles();
    item.joinedAt = membership.joinedAt().toEpochMilli();
    item.invitationId = invitationId;
    return item;
  }

  Membership toMembership() {
    return new Membership(orgId, userId, email, name, roles == null ? List.of() : roles,
        Instant.ofEpochMilli(joinedAt));
  }

  public String getOrgId() {
    return orgId;
  }

  public void setOrgId(String orgId) {
    this.orgId = orgId;
  }

  public String getUserId() {
    return userId;
  }

  public void setUserId(String userId) {
    this.userId = userId;
  }

  public String getEmail() {
    return email;
  }

  public void setEmail(String email) {
    this.email = email;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public List<String> getRoles() {
    return roles;
  }

  public void setRoles(List<String> roles) {
    this.roles = roles;
  }

  public Long getJoinedAt() {
    return joinedAt;
  }

  public void setJoinedAt(Long joinedAt) {
    this.joinedAt = joinedAt;
  }

  public String getInvitationId() {
    return invitationId;
  }

  public void setInvitationId(String invitationId) {
    this.invitationId = invitationId;
  }

  public Long getVersion() {
    return version;
  }

  public void setVersion(Long version) {
    this.version = version;
  }
}
