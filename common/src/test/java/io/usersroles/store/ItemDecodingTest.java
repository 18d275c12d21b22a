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
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every item type is read two ways from one declaration: by hand ({@link ItemType#decode}, the raw
 * batch reads of every request) and by the enhanced client's schema (everything else). Both must
 * read every attribute the schema writes, exactly alike, present, absent or null.
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("itemTypes")
  <T extends TableItem> void aFullItemReadsBackAttributeForAttribute(String entity, ItemType<T> type) {
    TableSchema<T> schema = type.schema();
    Map<String, AttributeValue> raw = schema.itemToMap(full(type), true);
    // every attribute of the schema is set, so a decoder that skips one cannot pass
    assertThat(raw.keySet()).containsExactlyInAnyOrderElementsOf(schema.attributeNames());
    assertThat(raw.get(Keys.ENTITY).s()).isEqualTo(entity);

    TableItem decoded = Table.toItem(raw);

    assertThat(decoded).isExactlyInstanceOf(type.newItem().getClass());
    assertThat(decoded.values).containsExactly(schema.mapToItem(raw).values);
    assertThat(schema.itemToMap(type.decode(raw), true)).isEqualTo(raw);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("itemTypes")
  <T extends TableItem> void absentAndNullAttributesReadAsTheSchemaReadsThem(String entity, ItemType<T> type) {
    TableSchema<T> schema = type.schema();
    Map<String, AttributeValue> raw = schema.itemToMap(full(type), true);
    for (String attribute : schema.attributeNames()) {
      if (attribute.equals(Keys.ENTITY)) {
        continue;
      }
      Map<String, AttributeValue> without = new HashMap<>(raw);
      without.remove(attribute);
      assertThat(type.decode(without).values).as("without " + attribute)
          .containsExactly(schema.mapToItem(without).values);
      Map<String, AttributeValue> nulled = new HashMap<>(raw);
      nulled.put(attribute, AttributeValue.fromNul(true));
      assertThat(type.decode(nulled).values).as("null " + attribute)
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
