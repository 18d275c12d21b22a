package io.usersroles.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One kind of item of the single table, declared once: its {@code entity} name (stored in every
 * item, so a raw item says what it is) and its attributes. Both ways of reading an item come from
 * that one declaration:
 *
 * <ul>
 *   <li>{@link #decode}, a hand decoder over the raw attribute map, used for every item that
 *       {@link Table#getAll} reads (the access check of every request, every permission check);
 *   <li>{@link #schema}, the enhanced client's {@link StaticTableSchema}, used for everything else
 *       (writes, transactions, queries with conditions and extensions).
 * </ul>
 *
 * <p>Why two: building the enhanced client and its schemas (attribute converters, tags, the lambdas
 * of each attribute) costs a cold start more than the check itself (docs/benchmarks.md), so the
 * schema is built on first use only, and the paths every request takes decode by hand. Neither a
 * declaration nor decoding touches an enhanced-client class. ItemDecodingTest holds the two to the
 * same reading of every attribute.
 *
 * <p>Declare a type as static fields of its item class, the type first and then its attributes in
 * order, and add it to {@link ItemTypes}.
 */
public final class ItemType<T extends TableItem> {
  private final String entity;
  private final Class<T> itemClass;
  private final Supplier<T> newItem;
  private final List<Attribute<?>> attributes = new ArrayList<>(TableItem.SHARED);
  private volatile TableSchema<T> schema;

  ItemType(String entity, Class<T> itemClass, Supplier<T> newItem) {
    this.entity = entity;
    this.itemClass = itemClass;
    this.newItem = newItem;
  }

  /** The name every item of this type carries in its {@code entity} attribute. */
  public String entity() {
    return entity;
  }

  /** The attributes in declaration order, the shared keys and entity name first. */
  List<Attribute<?>> attributes() {
    return Collections.unmodifiableList(attributes);
  }

  int size() {
    return attributes.size();
  }

  Attribute<String> string(String name) {
    return add(name, Attribute.Kind.STRING, Attribute.Role.VALUE, null);
  }

  Attribute<Long> number(String name) {
    return add(name, Attribute.Kind.LONG, Attribute.Role.VALUE, null);
  }

  Attribute<Integer> integer(String name) {
    return add(name, Attribute.Kind.INTEGER, Attribute.Role.VALUE, null);
  }

  Attribute<Boolean> bool(String name) {
    return add(name, Attribute.Kind.BOOLEAN, Attribute.Role.VALUE, null);
  }

  Attribute<List<String>> strings(String name) {
    return add(name, Attribute.Kind.STRING_LIST, Attribute.Role.VALUE, null);
  }

  Attribute<SdkBytes> bytes(String name) {
    return add(name, Attribute.Kind.BYTES, Attribute.Role.VALUE, null);
  }

  /** The partition key of {@code index}, a string. */
  Attribute<String> indexPartitionKey(String name, String index) {
    return add(name, Attribute.Kind.STRING, Attribute.Role.INDEX_PARTITION_KEY, index);
  }

  /** The sort key of {@code index}, a number. */
  Attribute<Long> indexSortKey(String name, String index) {
    return add(name, Attribute.Kind.LONG, Attribute.Role.INDEX_SORT_KEY, index);
  }

  /** The sort key of {@code index}, a string. */
  Attribute<String> stringIndexSortKey(String name, String index) {
    return add(name, Attribute.Kind.STRING, Attribute.Role.INDEX_SORT_KEY, index);
  }

  /**
   * The {@code version} attribute that makes writes of this type conditional (optimistic locking,
   * by the enhanced client's versioned-record extension): an item without one is written only if
   * absent, an item with one only if the stored version still equals it.
   */
  Attribute<Long> version() {
    return add(TableItem.VERSION_ATTRIBUTE, Attribute.Kind.LONG, Attribute.Role.VERSION, null);
  }

  private <V> Attribute<V> add(String name, Attribute.Kind kind, Attribute.Role role, String index) {
    if (schema != null) {
      throw new IllegalStateException("attribute " + name + " declared after " + entity + " was first used");
    }
    for (Attribute<?> declared : attributes) {
      if (declared.name().equals(name)) {
        throw new IllegalArgumentException(entity + " declares " + name + " twice");
      }
    }
    Attribute<V> attribute = new Attribute<>(name, kind, role, index, attributes.size());
    attributes.add(attribute);
    return attribute;
  }

  /** A new, empty item of this type. */
  T newItem() {
    return newItem.get();
  }

  /** Reads a raw item of this type without the enhanced client. */
  T decode(Map<String, AttributeValue> raw) {
    T item = newItem.get();
    for (Attribute<?> attribute : attributes) {
      item.values[attribute.slot] = attribute.decode(raw);
    }
    return item;
  }

  /** The enhanced client's schema of this type, built on first use. */
  TableSchema<T> schema() {
    TableSchema<T> built = schema;
    if (built == null) {
      synchronized (this) {
        built = schema;
        if (built == null) {
          StaticTableSchema.Builder<T> builder = StaticTableSchema.builder(itemClass).newItemSupplier(newItem);
          for (Attribute<?> attribute : attributes) {
            addTo(builder, attribute);
          }
          built = builder.build();
          schema = built;
        }
      }
    }
    return built;
  }

  @SuppressWarnings("unchecked")
  private static <T extends TableItem, V> void addTo(StaticTableSchema.Builder<T> builder, Attribute<V> attribute) {
    EnhancedType<V> type = (EnhancedType<V>) enhancedType(attribute.kind());
    builder.addAttribute(type, a -> a.name(attribute.name())
        .getter(item -> item.get(attribute))
        .setter((item, value) -> item.set(attribute, value))
        .tags(tags(attribute)));
  }

  private static EnhancedType<?> enhancedType(Attribute.Kind kind) {
    switch (kind) {
      case STRING:
        return EnhancedType.of(String.class);
      case LONG:
        return EnhancedType.of(Long.class);
      case INTEGER:
        return EnhancedType.of(Integer.class);
      case BOOLEAN:
        return EnhancedType.of(Boolean.class);
      case STRING_LIST:
        return EnhancedType.listOf(String.class);
      case BYTES:
        return EnhancedType.of(SdkBytes.class);
      default:
        throw new IllegalStateException("no enhanced type for " + kind);
    }
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

  @Override
  public String toString() {
    return entity;
  }
}
