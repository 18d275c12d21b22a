package io.usersroles.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The attributes every item of the single table has: its keys and the name of its entity type. */
public abstract class StoredItem {
  private String pk;
  private String sk;
  private String entity;

  /** The schema of the shared attributes, extended by every entity's schema. */
  static StaticTableSchema<StoredItem> sharedSchema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final StaticTableSchema<StoredItem> OF = StaticTableSchema.builder(StoredItem.class)
        .addAttribute(String.class, a -> a.name(Keys.PARTITION_KEY).getter(StoredItem::getPk).setter(StoredItem::setPk)
            .tags(primaryPartitionKey()))
        .addAttribute(String.class, a -> a.name(Keys.SORT_KEY).getter(StoredItem::getSk).setter(StoredItem::setSk)
            .tags(primarySortKey()))
        .addAttribute(String.class, a -> a.name(Keys.ENTITY).getter(StoredItem::getEntity).setter(StoredItem::setEntity))
        .build();
  }

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

  /**
   * Reads the shared attributes of a raw item: part of the hand-written decoding of the items a
   * check reads (see {@link Table#toItem}), which must agree with the schemas (ItemDecodingTest).
   */
  void readShared(Map<String, AttributeValue> item) {
    pk = string(item, Keys.PARTITION_KEY);
    sk = string(item, Keys.SORT_KEY);
    entity = string(item, Keys.ENTITY);
  }

  static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  static Long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? null : Long.valueOf(value.n());
  }

  static Integer integer(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null || value.n() == null ? null : Integer.valueOf(value.n());
  }

  static List<String> strings(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || !value.hasL()) {
      return null;
    }
    List<String> strings = new ArrayList<>(value.l().size());
    for (AttributeValue element : value.l()) {
      strings.add(element.s());
    }
    return strings;
  }

  /** This item's primary key. */
  public Key key() {
    return key(pk, sk);
  }

  /**
   * A primary key as DynamoDB takes it, for the raw BatchGetItem reads ({@link Table#getAll}): the
   * enhanced client's {@link Key} builds its whole attribute-converter registry on first use.
   */
  static Map<String, AttributeValue> rawKey(String pk, String sk) {
    return Map.of(Keys.PARTITION_KEY, AttributeValue.fromS(pk), Keys.SORT_KEY, AttributeValue.fromS(sk));
  }

  static Key key(String pk, String sk) {
    return Key.builder().partitionValue(pk).sortValue(sk).build();
  }
}
