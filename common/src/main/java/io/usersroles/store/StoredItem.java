package io.usersroles.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/** The attributes every item of the single table has: its keys and the name of its entity type. */
public abstract class StoredItem {
  private String pk;
  private String sk;
  private String entity;

  /** The schema of the shared attributes, extended by every entity's schema. */
  static final StaticTableSchema<StoredItem> SCHEMA = StaticTableSchema.builder(StoredItem.class)
      .addAttribute(String.class, a -> a.name(Keys.PARTITION_KEY).getter(StoredItem::getPk).setter(StoredItem::setPk)
          .tags(primaryPartitionKey()))
      .addAttribute(String.class, a -> a.name(Keys.SORT_KEY).getter(StoredItem::getSk).setter(StoredItem::setSk)
          .tags(primarySortKey()))
      .addAttribute(String.class, a -> a.name(Keys.ENTITY).getter(StoredItem::getEntity).setter(StoredItem::setEntity))
      .build();

  protected StoredItem(String entity) {
    this.entity = entity;
  }

  public String getPk() {
    return pk;
  }

  public void setPk(String pk) {
    this.pk = pk;
  }

  public String getSk() {
    return sk;
  }

  public void setSk(String sk) {
    this.sk = sk;
  }

  public String getEntity() {
    return entity;
  }

  public void setEntity(String entity) {
    this.entity = entity;
  }

  /** This item's primary key. */
  public Key key() {
    return key(pk, sk);
  }

  static Key key(String pk, String sk) {
    return Key.builder().partitionValue(pk).sortValue(sk).build();
  }
}
