package io.usersroles.store;

import io.usersroles.domain.ServiceAccount;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A service account ({@code ORG#id / SA#serviceAccountId}) and the hash of its current secret. */
public final class ServiceAccountItem extends StoredItem {
  static final String ENTITY = "service-account";

  /** The table schema of this entity, for the enhanced client. */
  static TableSchema<ServiceAccountItem> schema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final TableSchema<ServiceAccountItem> OF = StaticTableSchema.builder(ServiceAccountItem.class)
        .newItemSupplier(ServiceAccountItem::new)
        .extend(StoredItem.sharedSchema())
        .addAttribute(String.class, a -> a.name("orgId").getter(ServiceAccountItem::getOrgId)
            .setter(ServiceAccountItem::setOrgId))
        .addAttribute(String.class, a -> a.name("serviceAccountId").getter(ServiceAccountItem::getServiceAccountId)
            .setter(ServiceAccountItem::setServiceAccountId))
        .addAttribute(String.class, a -> a.name("name").getter(ServiceAccountItem::getName)
            .setter(ServiceAccountItem::setName))
        .addAttribute(EnhancedType.listOf(String.class), a -> a.name("roles").getter(ServiceAccountItem::getRoles)
            .setter(ServiceAccountItem::setRoles))
        .addAttribute(Long.class, a -> a.name("createdAt").getter(ServiceAccountItem::getCreatedAt)
            .setter(ServiceAccountItem::setCreatedAt))
        .addAttribute(String.class, a -> a.name("createdBy").getter(ServiceAccountItem::getCreatedBy)
            .setter(ServiceAccountItem::setCreatedBy))
        .addAttribute(String.class, a -> a.name("secretHash").getter(ServiceAccountItem::getSecretHash)
            .setter(ServiceAccountItem::setSecretHash))
        .addAttribute(Long.class, a -> a.name("version").getter(ServiceAccountItem::getVersion)
            .setter(ServiceAccountItem::setVersion).tags(VersionedRecordExtension.AttributeTags.versionAttribute()))
        .build();
  }

  private String orgId;
  private String serviceAccountId;
  private String name;
  private List<String> roles;
  private Long createdAt;
  private String createdBy;
  private String secretHash;
  private Long version;

  public ServiceAccountItem() {
    super(ENTITY);
  }

  /** Decodes a raw item without the schema (see {@link Table#toItem}). */
  static ServiceAccountItem read(Map<String, AttributeValue> raw) {
    ServiceAccountItem item = new ServiceAccountItem();
    item.readShared(raw);
    item.orgId = string(raw, "orgId");
    item.serviceAccountId = string(raw, "serviceAccountId");
    item.name = string(raw, "name");
    item.roles = strings(raw, "roles");
    item.createdAt = number(raw, "createdAt");
    item.createdBy = string(raw, "createdBy");
    item.secretHash = string(raw, "secretHash");
    item.version = number(raw, "version");
    return item;
  }

  static ServiceAccountItem of(ServiceAccount account, String secretHash) {
    ServiceAccountItem item = new ServiceAccountItem();
    item.setPk(Keys.org(account.orgId()));
    item.setSk(Keys.serviceAccount(account.id()));
    item.orgId = account.orgId();
    item.serviceAccountId = account.id();
    item.name = account.name();
    item.roles = account.roles();
    item.createdAt = account.createdAt().toEpochMilli();
    item.createdBy = account.createdBy();
    item.secretHash = secretHash;
    return item;
  }

  ServiceAccount toServiceAccount() {
    return new ServiceAccount(serviceAccountId, orgId, name, roles == null ? List.of() : roles,
        Instant.ofEpochMilli(createdAt), createdBy);
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

  public String getSecretHash() {
    return secretHash;
  }

  public void setSecretHash(String secretHash) {
    this.secretHash = secretHash;
  }

  public Long getVersion() {
    return version;
  }

  public void setVersion(Long version) {
    this.version = version;
  }
}
