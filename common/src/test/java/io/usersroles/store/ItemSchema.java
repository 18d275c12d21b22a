package io.usersroles.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableMetadata;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item type as the SDK's enhanced client would see it, written over the type's declared attributes:
 * each value encoded and decoded by its {@link Attribute}, the keys, indexes and version attribute in the
 * table's metadata through the enhanced client's own attribute tags. The service writes without the
 * enhanced client ({@link Table}), with the same {@link Attribute#encode}; {@link ItemDecodingTest} holds
 * this schema, and so those encodings, to a {@code StaticTableSchema} declaring the same attributes with
 * the standard converters, on every type.
 */
final class ItemSchema<T extends TableItem> implements TableSchema<T> {
  private static final AttributeValue NULL = AttributeValue.builder().nul(true).build();

  private final ItemType<T> type;
  private final EnhancedType<T> itemType;
  private final List<Attribute<?>> attributes;
  private final Map<String, Attribute<?>> byName;
  private final List<String> names;
  private final TableMetadata metadata;

  /** The schema of {@code type}. */
  static <T extends TableItem> ItemSchema<T> of(ItemType<T> type) {
    return new ItemSchema<>(type, type.itemClass());
  }

  ItemSchema(ItemType<T> type, Class<T> itemClass) {
    this.type = type;
    this.itemType = EnhancedType.of(itemClass);
    this.attributes = type.attributes();
    Map<String, Attribute<?>> byName = new HashMap<>();
    List<String> names = new ArrayList<>(attributes.size());
    StaticTableMetadata.Builder metadata = StaticTableMetadata.builder();
    for (Attribute<?> attribute : attributes) {
      byName.put(attribute.name(), attribute);
      names.add(attribute.name());
      for (StaticAttributeTag tag : tags(attribute)) {
        tag.modifyMetadata(attribute.name(), attribute.valueType()).accept(metadata);
      }
    }
    this.byName = Map.copyOf(byName);
    this.names = List.copyOf(names);
    this.metadata = metadata.build();
  }

  private static StaticAttributeTag[] tags(Attribute<?> attribute) {
    switch (attribute.role()) {
      case PARTITION_KEY:
        return new StaticAttributeTag[] {primaryPartitionKey()};
      case SORT_KEY:
        return new StaticAttributeTag[] {primarySortKey()};
      case INDEX_PARTITION_KEY:
        return new StaticAttributeTag[] {secondaryPartitionKey(attribute.index())};
      case INDEX_SORT_KEY:
        return new StaticAttributeTag[] {secondarySortKey(attribute.index())};
      case VERSION:
        return new StaticAttributeTag[] {VersionedRecordExtension.AttributeTags.versionAttribute()};
      default:
        return new StaticAttributeTag[0];
    }
  }

  /** An item with the attributes present (and not NULL) in {@code attributeMap}; null when it has none of them. */
  @Override
  public T mapToItem(Map<String, AttributeValue> attributeMap) {
    for (Attribute<?> attribute : attributes) {
      AttributeValue value = attributeMap.get(attribute.name());
      if (value != null && !Boolean.TRUE.equals(value.nul())) {
        return type.decode(attributeMap);
      }
    }
    return null;
  }

  @Override
  public Map<String, AttributeValue> itemToMap(T item, boolean ignoreNulls) {
    Map<String, AttributeValue> map = new HashMap<>();
    for (Attribute<?> attribute : attributes) {
      Object value = item.values[attribute.slot];
      if (value != null) {
        map.put(attribute.name(), attribute.encode(value));
      } else if (!ignoreNulls) {
        map.put(attribute.name(), NULL);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** The named attributes, each mapped to its value or, when it is not set, to null (not NULL). */
  @Override
  public Map<String, AttributeValue> itemToMap(T item, Collection<String> attributes) {
    Map<String, AttributeValue> map = new HashMap<>();
    for (String name : attributes) {
      map.put(name, attributeValue(item, name));
    }
    return Collections.unmodifiableMap(map);
  }

  /** The named attribute's value, null when it is not set. */
  @Override
  public AttributeValue attributeValue(T item, String attributeName) {
    Attribute<?> attribute = attribute(attributeName);
    Object value = item.values[attribute.slot];
    return value == null ? null : attribute.encode(value);
  }

  private Attribute<?> attribute(String name) {
    Attribute<?> attribute = byName.get(name);
    if (attribute == null) {
      throw new IllegalArgumentException(type + " has no attribute " + name);
    }
    return attribute;
  }

  @Override
  public TableMetadata tableMetadata() {
    return metadata;
  }

  @Override
  public EnhancedType<T> itemType() {
    return itemType;
  }

  @Override
  public List<String> attributeNames() {
    return names;
  }

  @Override
  public boolean isAbstract() {
    return false;
  }
}
