package io.usersroles.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every item type of the single table: a new type is one more line here. */
final class ItemTypes {
  static final List<ItemType<?>> ALL = List.of(
      OrganisationItem.TYPE,
      MembershipItem.TYPE,
      MemberEmailItem.TYPE,
      InvitationItem.TYPE,
      CustomRolesItem.TYPE,
      ServiceAccountItem.TYPE,
      SecretItem.TYPE,
      IdempotencyItem.TYPE,
      UsageItem.TYPE,
      AuditEventItem.TYPE);

  private static final Map<String, ItemType<?>> BY_ENTITY = new HashMap<>();

  static {
    for (ItemType<?> type : ALL) {
      if (BY_ENTITY.put(type.entity(), type) != null) {
        throw new ExceptionInInitializerError("two item types named " + type.entity());
      }
    }
  }

  private ItemTypes() {}

  /** The type of the items whose {@code entity} attribute is {@code entity}, or null. */
  static ItemType<?> byEntity(String entity) {
    return BY_ENTITY.get(entity);
  }
}
