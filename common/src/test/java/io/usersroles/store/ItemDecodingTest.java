package io.usersroles.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.IndexMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every item type's declaration, read by hand ({@link ItemType#decode}, every read of the service) and
 * written by each attribute's {@link Attribute#encode} (every write), must map items exactly as the
 * SDK's enhanced client would: through {@link ItemSchema} (a schema over those encodings), held to a
 * {@link StaticTableSchema} declaring the same attributes with the enhanced client's standard converters
 * and tags ({@link #reference}), on every attribute, present, absent or null.
 */
class ItemDecodingTest {
  static Stream<Arguments> itemTypes() {
    return ItemTypes.ALL.stream().map(type -> Arguments.of(type.entity(), type));
  }

  /** An item of {@code type} with every attribute set to a value of its kind that is easy to get wrong. */
  private static <T extends TableItem> T full(ItemType<T> type) {
    T item = type.newItem();
    for (Attribute<?> attribute : type.attributes()) {
      if (attribute == TableItem.ENTITY) {
        continue;
      }
      item.values[attribute.slot] = switch (attribute.kind()) {
        case STRING -> attribute.name() + " \u00e9\u00e8 \ud83d\ude00 \"quoted\"";
        case LONG -> Long.MAX_VALUE - attribute.slot;
        case INTEGER -> Integer.MIN_VALUE + attribute.slot;
        case BOOLEAN -> Boolean.TRUE;
        case STRING_LIST -> new ArrayList<>(List.of("owner", "", "r\u00f4le"));
        case BYTES -> SdkBytes.fromByteArray(new byte[] {0, -1, 120, 0x7f, -128, (byte) attribute.slot});
      };
    }
    return item;
  }

  /** The schema the enhanced client would build from the declaration with its standard converters and tags. */
  @SuppressWarnings("unchecked")
  static <T extends TableItem> TableSchema<T> reference(ItemType<T> type) {
    Class<T> itemClass = (Class<T>) type.newItem().getClass();
    StaticTableSchema.Builder<T> builder = StaticTableSchema.builder(itemClass).newItemSupplier(type::newItem);
    for (Attribute<?> attribute : type.attributes()) {
      addTo(builder, attribute);
    }
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private static <T extends TableItem, V> void addTo(StaticTableSchema.Builder<T> builder, Attribute<V> attribute) {
    EnhancedType<V> type = (EnhancedType<V>) switch (attribute.kind()) {
      case STRING -> EnhancedType.of(String.class);
      case LONG -> EnhancedType.of(Long.class);
      case INTEGER -> EnhancedType.of(Integer.class);
      case BOOLEAN -> EnhancedType.of(Boolean.class);
      case STRING_LIST -> EnhancedType.listOf(String.class);
      case BYTES -> EnhancedType.of(SdkBytes.class);
    };
    StaticAttributeTag[] tags = switch (attribute.role()) {
      case PARTITION_KEY -> new StaticAttributeTag[] {StaticAttributeTags.primaryPartitionKey()};
      case SORT_KEY -> new StaticAttributeTag[] {StaticAttributeTags.primarySortKey()};
      case INDEX_PARTITION_KEY -> new StaticAttributeTag[] {StaticAttributeTags.secondaryPartitionKey(attribute.index())};
      case INDEX_SORT_KEY -> new StaticAttributeTag[] {StaticAttributeTags.secondarySortKey(attribute.index())};
      case VERSION -> new StaticAttributeTag[] {VersionedRecordExtension.AttributeTags.versionAttribute()};
      case VALUE -> new StaticAttributeTag[0];
    };
    builder.addAttribute(type, a -> a.name(attribute.name())
        .getter(item -> item.get(attribute))
        .setter((item, value) -> item.set(attribute, value))
        .tags(tags));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("itemTypes")
  <T extends TableItem> void theSchemaWritesAndDescribesItemsAsTheStaticSchemaWould(String entity, ItemType<T> type) {
    TableSchema<T> schema = ItemSchema.of(type);
    TableSchema<T> reference = reference(type);
    T full = full(type);
    T sparse = type.newItem();
    sparse.set(TableItem.PK, "ORG#o");
    sparse.set(TableItem.SK, "X");
    for (T item : List.of(full, sparse)) {
      assertThat(schema.itemToMap(item, true)).isEqualTo(reference.itemToMap(item, true));
      assertThat(schema.itemToMap(item, false)).isEqualTo(reference.itemToMap(item, false));
      assertThat(schema.itemToMap(item, schema.attributeNames()))
          .isEqualTo(reference.itemToMap(item, reference.attributeNames()));
      for (String attribute : schema.attributeNames()) {
        assertThat(schema.attributeValue(item, attribute)).as(attribute)
            .isEqualTo(reference.attributeValue(item, attribute));
      }
    }
    assertThat(schema.mapToItem(Map.of())).isNull();
    assertThat(reference.mapToItem(Map.of())).isNull();
    assertThat(schema.attributeNames()).containsExactlyElementsOf(reference.attributeNames());
    assertThat(schema.itemType()).isEqualTo(reference.itemType());
    assertThat(schema.isAbstract()).isEqualTo(reference.isAbstract());
    TableMetadata ours = schema.tableMetadata();
    TableMetadata theirs = reference.tableMetadata();
    assertThat(ours.primaryPartitionKey()).isEqualTo(theirs.primaryPartitionKey());
    assertThat(ours.primarySortKey()).isEqualTo(theirs.primarySortKey());
    assertThat(ours.customMetadata()).isEqualTo(theirs.customMetadata());
    assertThat(ours.indices()).extracting(IndexMetadata::name)
        .containsExactlyInAnyOrderElementsOf(theirs.indices().stream().map(IndexMetadata::name).toList());
    for (IndexMetadata index : theirs.indices()) {
      assertThat(ours.indexKeys(index.name())).as(index.name()).containsExactlyInAnyOrderElementsOf(
          theirs.indexKeys(index.name()));
      assertThat(ours.indexPartitionKey(index.name())).isEqualTo(theirs.indexPartitionKey(index.name()));
      assertThat(ours.indexSortKey(index.name())).isEqualTo(theirs.indexSortKey(index.name()));
    }
    assertThat(ours.keyAttributes()).extracting(key -> key.name() + ":" + key.attributeValueType())
        .containsExactlyInAnyOrderElementsOf(theirs.keyAttributes().stream()
            .map(key -> key.name() + ":" + key.attributeValueType()).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("itemTypes")
  <T extends TableItem> void aFullItemReadsBackAttributeForAttribute(String entity, ItemType<T> type) {
    TableSchema<T> schema = reference(type);
    Map<String, AttributeValue> raw = schema.itemToMap(full(type), true);
    // every attribute of the schema is set, so a decoder that skips one cannot pass
    assertThat(raw.keySet()).containsExactlyInAnyOrderElementsOf(schema.attributeNames());
    assertThat(raw.get(Keys.ENTITY).s()).isEqualTo(entity);

    TableItem decoded = Table.toItem(raw);

    assertThat(decoded).isExactlyInstanceOf(type.newItem().getClass());
    assertThat(decoded.values).containsExactly(schema.mapToItem(raw).values);
    assertThat(schema.itemToMap(type.decode(raw), true)).isEqualTo(raw);
    assertThat(ItemSchema.of(type).mapToItem(raw).values).containsExactly(decoded.values);
    assertThat(ItemSchema.of(type).itemToMap(type.decode(raw), true)).isEqualTo(raw);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("itemTypes")
  <T extends TableItem> void absentAndNullAttributesReadAsTheSchemaReadsThem(String entity, ItemType<T> type) {
    TableSchema<T> schema = reference(type);
    Map<String, AttributeValue> raw = schema.itemToMap(full(type), true);
    for (String attribute : schema.attributeNames()) {
      if (attribute.equals(Keys.ENTITY)) {
        continue;
      }
      Map<String, AttributeValue> without = new HashMap<>(raw);
      without.remove(attribute);
      assertThat(type.decode(without).values).as("without " + attribute)
          .containsExactly(schema.mapToItem(without).values);
      assertThat(ItemSchema.of(type).mapToItem(without).values).as("without " + attribute)
          .containsExactly(schema.mapToItem(without).values);
      Map<String, AttributeValue> nulled = new HashMap<>(raw);
      nulled.put(attribute, AttributeValue.fromNul(true));
      assertThat(type.decode(nulled).values).as("null " + attribute)
          .containsExactly(schema.mapToItem(nulled).values);
      assertThat(ItemSchema.of(type).mapToItem(nulled).values).as("null " + attribute)
          .containsExactly(schema.mapToItem(nulled).values);
    }
  }

  @Test
  void everyTypeHasItsOwnEntityNameAndStartsWithTheSharedKeys() {
    assertThat(ItemTypes.ALL).extracting(ItemType::entity).doesNotHaveDuplicates();
    for (ItemType<?> type : ItemTypes.ALL) {
      assertThat(type.attributes().subList(0, 3)).containsExactlyElementsOf(TableItem.SHARED);
      assertThat(ItemTypes.byEntity(type.entity())).isSameAs(type);
      assertThat(type.newItem().get(TableItem.ENTITY)).isEqualTo(type.entity());
    }
  }
}
