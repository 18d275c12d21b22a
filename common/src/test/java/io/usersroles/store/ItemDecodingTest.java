package io.usersroles.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The items a check reads are decoded by hand (Table.toItem), the rest by their schemas: the hand
 * decoders must read every attribute the schema writes, exactly as the schema would read it back.
 */
class ItemDecodingTest {
  static Stream<Arguments> handDecodedEntities() {
    return Stream.of(
        Arguments.of(OrganisationItem.ENTITY, (Supplier<StoredItem>) () -> {
          OrganisationItem item = new OrganisationItem();
          item.setPk("ORG#org_1");
          item.setSk("PROFILE");
          item.setOrgId("org_1");
          item.setName("Acme \u00e9");
          item.setAvatarUrl("https://example.com/a.png");
          item.setCreatedAt(1_700_000_000_000L);
          item.setCreatedBy("usr_1");
          item.setOwnerCount(2);
          item.setVersion(7L);
          return item;
        }),
        Arguments.of(MembershipItem.ENTITY, (Supplier<StoredItem>) () -> {
          MembershipItem item = new MembershipItem();
          item.setPk("ORG#org_1");
          item.setSk("MEMBER#usr_1");
          item.setOrgId("org_1");
          item.setUserId("usr_1");
          item.setEmail("ada@example.com");
          item.setName("Ada \u00e9\u00e8 \ud83d\ude00");
          item.setRoles(new ArrayList<>(List.of("owner", "role_7", "")));
          item.setJoinedAt(1_700_000_000_123L);
          item.setInvitationId("inv_1");
          item.setVersion(42L);
          return item;
        }),
        Arguments.of(ServiceAccountItem.ENTITY, (Supplier<StoredItem>) () -> {
          ServiceAccountItem item = new ServiceAccountItem();
          item.setPk("ORG#org_1");
          item.setSk("SA#sa_1");
          item.setOrgId("org_1");
          item.setServiceAccountId("sa_1");
          item.setName("deployer");
          item.setRoles(new ArrayList<>(List.of()));
          item.setCreatedAt(1L);
          item.setCreatedBy("usr_1");
          item.setSecretHash("c2VjcmV0");
          item.setVersion(Long.MAX_VALUE);
          return item;
        }),
        Arguments.of(CustomRolesItem.ENTITY, (Supplier<StoredItem>) () -> {
          CustomRolesItem item = new CustomRolesItem();
          item.setPk("ORG#org_1");
          item.setSk("ROLES");
          item.setRoles("[{\"id\":\"role_1\"}]");
          item.setVersion(3L);
          return item;
        }));
  }

  @ParameterizedTest
  @MethodSource("handDecodedEntities")
  void aFullItemReadsBackAttributeForAttribute(String entity, Supplier<StoredItem> full) {
    @SuppressWarnings("unchecked")
    TableSchema<StoredItem> schema = (TableSchema<StoredItem>) Table.schemaOf(entity);
    Map<String, AttributeValue> raw = schema.itemToMap(full.get(), true);
    // every attribute of the schema is set, so a decoder that skips one cannot pass
    assertThat(raw.keySet()).containsExactlyInAnyOrderElementsOf(schema.attributeNames());

    StoredItem decoded = Table.toItem(raw);

    assertThat(decoded).isExactlyInstanceOf(full.get().getClass());
    assertThat(schema.itemToMap(decoded, true)).isEqualTo(raw);
    assertThat(schema.itemToMap(decoded, false)).isEqualTo(schema.itemToMap(schema.mapToItem(raw), false));
  }

  @ParameterizedTest
  @MethodSource("handDecodedEntities")
  void absentAttributesReadAsTheSchemaReadsThem(String entity, Supplier<StoredItem> full) {
    @SuppressWarnings("unchecked")
    TableSchema<StoredItem> schema = (TableSchema<StoredItem>) Table.schemaOf(entity);
    Map<String, AttributeValue> raw = schema.itemToMap(full.get(), true);
    for (String attribute : schema.attributeNames()) {
      if (attribute.equals(Keys.ENTITY)) {
        continue;
      }
      Map<String, AttributeValue> without = new java.util.HashMap<>(raw);
      without.remove(attribute);
      assertThat(schema.itemToMap(Table.toItem(without), false)).as("without " + attribute)
          .isEqualTo(schema.itemToMap(schema.mapToItem(without), false));
      Map<String, AttributeValue> nulled = new java.util.HashMap<>(raw);
      nulled.put(attribute, AttributeValue.fromNul(true));
      assertThat(schema.itemToMap(Table.toItem(nulled), false)).as("null " + attribute)
          .isEqualTo(schema.itemToMap(schema.mapToItem(nulled), false));
    }
  }
}
