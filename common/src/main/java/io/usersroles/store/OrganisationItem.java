package io.usersroles.store;

import io.usersroles.domain.Organisation;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The organisation's profile item ({@code ORG#id / PROFILE}); it also counts the org's owners. */
public final class OrganisationItem extends StoredItem {
  static final String ENTITY = "organisation";

  /** The table schema of this entity, for the enhanced client. */
  static TableSchema<OrganisationItem> schema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final TableSchema<OrganisationItem> OF = StaticTableSchema.builder(OrganisationItem.class)
        .newItemSupplier(OrganisationItem::new)
        .extend(StoredItem.sharedSchema())
        .addAttribute(String.class, a -> a.name("orgId").getter(OrganisationItem::getOrgId).setter(OrganisationItem::setOrgId))
        .addAttribute(String.class, a -> a.name("name").getter(OrganisationItem::getName).setter(OrganisationItem::setName))
        .addAttribute(String.class, a -> a.name("avatarUrl").getter(OrganisationItem::getAvatarUrl)
            .setter(OrganisationItem::setAvatarUrl))
        .addAttribute(Long.class, a -> a.name("createdAt").getter(OrganisationItem::getCreatedAt)
            .setter(OrganisationItem::setCreatedAt))
        .addAttribute(String.class, a -> a.name("createdBy").getter(OrganisationItem::getCreatedBy)
            .setter(OrganisationItem::setCreatedBy))
        .addAttribute(Integer.class, a -> a.name("ownerCount").getter(OrganisationItem::getOwnerCount)
            .setter(OrganisationItem::setOwnerCount))
        .addAttribute(Long.class, a -> a.name("version").getter(OrganisationItem::getVersion)
            .setter(OrganisationItem::setVersion).tags(VersionedRecordExtension.AttributeTags.versionAttribute()))
        .build();
  }

  private String orgId;
  private String name;
  private String avatarUrl;
  private Long createdAt;
  private String createdBy;
  private Integer ownerCount;
  private Long version;

  public OrganisationItem() {
    super(ENTITY);
  }

  /** Decodes a raw item without the schema (see {@link Table#toItem}): every request reads the profile. */
  static OrganisationItem read(Map<String, AttributeValue> raw) {
    OrganisationItem item = new OrganisationItem();
    item.readShared(raw);
    item.orgId = string(raw, "orgId");
    item.name = string(raw, "name");
    item.avatarUrl = string(raw, "avatarUrl");
    item.createdAt = number(raw, "createdAt");
    item.createdBy = string(raw, "createdBy");
    item.ownerCount = integer(raw, "ownerCount");
    item.version = number(raw, "version");
    return item;
  }

  static OrganisationItem of(Organisation org, String createdBy, int ownerCount) {
    OrganisationItem item = new OrganisationItem();
    item.setPk(Keys.org(org.orgId()));
    item.setSk(Keys.PROFILE);
    item.orgId = org.orgId();
    item.name = org.name();
    item.avatarUrl = org.avatarUrl();
    item.createdAt = org.createdAt().toEpochMilli();
    item.createdBy = createdBy;
    item.ownerCount = ownerCount;
    return item;
  }

  Organisation toOrganisation() {
    return new Organisation(orgId, name, avatarUrl, Instant.ofEpochMilli(createdAt));
  }

  public String getOrgId() {
    return orgId;
  }

  public void setOrgId(String orgId) {
    this.orgId = orgId;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getAvatarUrl() {
    return avatarUrl;
  }

  public void setAvatarUrl(String avatarUrl) {
    this.avatarUrl = avatarUrl;
  }

  public Long getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(Long createdAt) {
    this.createdAt = createdAt;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public void setCreatedBy(String createdBy) {
    this.createdBy = createdBy;
  }

  public Integer getOwnerCount() {
    return ownerCount;
  }

  public void setOwnerCount(Integer ownerCount) {
    this.ownerCount = ownerCount;
  }

  public Long getVersion() {
    return version;
  }

  public void setVersion(Long version) {
    this.version = version;
  }
}
