package io.usersroles.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One attribute of an item type, declared once: its name, its kind (which fixes how it is written
 * and read, {@link #encode} and {@link #decode}) and, for keys and the version, its role. {@code V}
 * is its Java type.
 */
public final class Attribute<V> {
  /** The Java and DynamoDB shape of an attribute's value. */
  enum Kind {
    /** {@code String}, stored as S. */
    STRING,
    /** {@code Long}, stored as N. */
    LONG,
    /** {@code Integer}, stored as N. */
    INTEGER,
    /** {@code Boolean}, stored as BOOL. */
    BOOLEAN,
    /** {@code List<String>}, stored as an L of S. */
    STRING_LIST,
    /** {@code SdkBytes}, stored as B. */
    BYTES
  }

  /** What an attribute is to the table besides a value: a key of the table or of an index, or the version. */
  enum Role { VALUE, PARTITION_KEY, SORT_KEY, INDEX_PARTITION_KEY, INDEX_SORT_KEY, VERSION }

  private final String name;
  private final Kind kind;
  private final Role role;
  /** The index it keys, for {@link Role#INDEX_PARTITION_KEY} and {@link Role#INDEX_SORT_KEY}. */
  private final String index;
  /** Its slot in the values of an item of its type. */
  final int slot;

  Attribute(String name, Kind kind, Role role, String index, int slot) {
    this.name = name;
    this.kind = kind;
    this.role = role;
    this.index = index;
    this.slot = slot;
  }

  /** The attribute's name in the table (and in condition and update expressions). */
  public String name() {
    return name;
  }

  Kind kind() {
    return kind;
  }

  Role role() {
    return role;
  }

  String index() {
    return index;
  }

  /** The value of this attribute in a raw item, read the way the enhanced client's schema reads it. */
  Object decode(Map<String, AttributeValue> item) {
    AttributeValue value = item.get(name);
    if (value == null) {
      return null;
    }
    switch (kind) {
      case STRING:
        return value.s();
      case LONG:
        return value.n() == null ? null : Long.valueOf(value.n());
      case INTEGER:
        return value.n() == null ? null : Integer.valueOf(value.n());
      case BOOLEAN:
        return value.bool();
      case STRING_LIST:
        if (!value.hasL()) {
          return null;
        }
        List<String> strings = new ArrayList<>(value.l().size());
        for (AttributeValue element : value.l()) {
          strings.add(element.s());
        }
        return strings;
      case BYTES:
        return value.b();
      default:
        throw new IllegalStateException("no decoding for " + kind);
    }
  }

  /**
   * {@code value} (not null) as the item stores it, as the enhanced client's standard converter of
   * the kind writes it.
   */
  AttributeValue encode(Object value) {
    switch (kind) {
      case STRING:
        return AttributeValue.fromS((String) value);
      case LONG:
      case INTEGER:
        return AttributeValue.fromN(value.toString());
      case BOOLEAN:
        return AttributeValue.fromBool((Boolean) value);
      case STRING_LIST: {
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) value;
        List<AttributeValue> elements = new ArrayList<>(strings.size());
        for (String element : strings) {
          elements.add(AttributeValue.fromS(element));
        }
        return AttributeValue.fromL(elements);
      }
      case BYTES:
        return AttributeValue.fromB((SdkBytes) value);
      default:
        throw new IllegalStateException("no encoding for " + kind);
    }
  }

  /** The DynamoDB type of the kind's values, for the table's metadata. */
  AttributeValueType valueType() {
    switch (kind) {
      case STRING:
        return AttributeValueType.S;
      case LONG:
      case INTEGER:
        return AttributeValueType.N;
      case BOOLEAN:
        return AttributeValueType.BOOL;
      case STRING_LIST:
        return AttributeValueType.L;
      case BYTES:
        return AttributeValueType.B;
      default:
        throw new IllegalStateException("no type for " + kind);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
