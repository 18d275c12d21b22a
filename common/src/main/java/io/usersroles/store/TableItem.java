package io.usersroles.store;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A row of the single table: its values, one per attribute of its {@link ItemType}, read and
 * written through the attributes' declarations ({@code item.get(MembershipItem.ROLES)}). Every item
 * has a partition key, a sort key and the name of its type.
 */
public abstract class TableItem {
  static final String VERSION_ATTRIBUTE = "version";
  static final Attribute<String> PK =
      new Attribute<>(Keys.PARTITION_KEY, Attribute.Kind.STRING, Attribute.Role.PARTITION_KEY, null, 0);
  static final Attribute<String> SK =
      new Attribute<>(Keys.SORT_KEY, Attribute.Kind.STRING, Attribute.Role.SORT_KEY, null, 1);
  static final Attribute<String> ENTITY =
      new Attribute<>(Keys.ENTITY, Attribute.Kind.STRING, Attribute.Role.VALUE, null, 2);
  /** The attributes every item type starts with. */
  static final List<Attribute<?>> SHARED = List.of(PK, SK, ENTITY);

  final Object[] values;

  protected TableItem(ItemType<?> type) {
    values = new Object[type.size()];
    values[ENTITY.slot] = type.entity();
  }

  /** The value of {@code attribute} ({@code null}: absent). */
  @SuppressWarnings("unchecked")
  public final <V> V get(Attribute<V> attribute) {
    return (V) values[attribute.slot];
  }

  /** Sets {@code attribute} ({@code null}: absent). */
  public final <V> void set(Attribute<V> attribute, V value) {
    values[attribute.slot] = value;
  }

  /** Where this item lives in the table. */
  final void setKey(String pk, String sk) {
    set(PK, pk);
    set(SK, sk);
  }

  public final String getPk() {
    return get(PK);
  }

  public final String getSk() {
    return get(SK);
  }

  /** A copy with the same values, to change and write back. */
  final <T extends TableItem> T copyInto(T copy) {
    System.arraycopy(values, 0, copy.values, 0, values.length);
    return copy;
  }

  /**
   * A primary key as DynamoDB takes it. Every read and delete uses these: the enhanced client's {@code Key}
   * builds its whole attribute-converter registry on first use (see {@link Table}).
   */
  static Map<String, AttributeValue> rawKey(String pk, String sk) {
    return Map.of(Keys.PARTITION_KEY, AttributeValue.fromS(pk), Keys.SORT_KEY, AttributeValue.fromS(sk));
  }

  @Override
  public String toString() {
    return get(ENTITY) + " " + getPk() + " " + getSk();
  }
}
