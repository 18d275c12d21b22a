package io.usersroles.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One kind of item of the single table, declared once: its {@code entity} name (stored in every
 * item, so a raw item says what it is) and its attributes, each of which encodes and decodes its own
 * values ({@link Attribute}). {@link Table} reads items with {@link #decode} and writes them with
 * each attribute's {@link Attribute#encode}, and the version attribute makes writes conditional.
 *
 * <p>Declare a type as static fields of its item class, the type first and then its attributes in
 * order, and add it to {@link ItemTypes}.
 */
public final class ItemType<T extends TableItem> {
  private final String entity;
  private final Class<T> itemClass;
  private final Supplier<T> newItem;
  private final List<Attribute<?>> attributes = new ArrayList<>(TableItem.SHARED);
  private volatile boolean used;

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
   * {@link Table}): an item without one is written only if absent, an item with one only if the stored
   * version still equals it, and the write stores the next version.
   */
  Attribute<Long> version() {
    return add(TableItem.VERSION_ATTRIBUTE, Attribute.Kind.LONG, Attribute.Role.VERSION, null);
  }

  private <V> Attribute<V> add(String name, Attribute.Kind kind, Attribute.Role role, String index) {
    if (used) {
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
    used = true;
    T item = newItem.get();
    for (Attribute<?> attribute : attributes) {
      item.values[attribute.slot] = attribute.decode(raw);
    }
    return item;
  }

  /** The class of this type's items. */
  Class<T> itemClass() {
    return itemClass;
  }

  @Override
  public String toString() {
    return entity;
  }
}
