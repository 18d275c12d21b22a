package io.usersroles.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Action;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.json.JsonTrees;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * All custom roles of an organisation in one item ({@code ORG#id / ROLES}), so that a check reads
 * the principal's item and every role in one BatchGetItem, and every role edit is one conditional
 * write on the item's version (no lost updates, names unique by construction).
 */
public final class CustomRolesItem extends TableItem {
  /** Stored as "role-catalog", the type's first name, so that existing items still read. */
  static final ItemType<CustomRolesItem> TYPE =
      new ItemType<>("role-catalog", CustomRolesItem.class, CustomRolesItem::new);
  /** Every custom role of the org, as one JSON array (see {@link #encode}). */
  static final Attribute<String> ROLES = TYPE.string("roles");
  static final Attribute<Long> VERSION = TYPE.version();
  /**
   * One role's share of the item: 100 roles of this size (the per-org limit the product guarantees)
   * stay below DynamoDB's 400 KB item limit.
   */
  public static final int MAX_ROLE_JSON_BYTES = 3_600;
  /** 100 full-size roles plus the JSON array around them. */
  static final int MAX_ROLES_JSON_BYTES = 100 * (MAX_ROLE_JSON_BYTES + 1) + 2;

  CustomRolesItem() {
    super(TYPE);
  }

  static CustomRolesItem of(String orgId, List<CustomRole> customRoles, Long version) {
    CustomRolesItem item = new CustomRolesItem();
    item.setKey(Keys.org(orgId), Keys.ROLES);
    item.set(ROLES, encode(customRoles));
    item.set(VERSION, version);
    return item;
  }

  List<CustomRole> customRoles() {
    String roles = get(ROLES);
    return roles == null ? List.of() : decode(roles);
  }

  /** One role's size as stored, for the per-role limit that keeps 100 roles in one item. */
  public static int encodedSize(CustomRole role) {
    return encodedSize(List.of(role)) - 2;
  }

  /** The roles' size as stored, for the per-org limit. */
  static int encodedSize(List<CustomRole> customRoles) {
    return encode(customRoles).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static String encode(List<CustomRole> customRoles) {
    ArrayNode array = JsonTrees.array();
    for (CustomRole role : customRoles) {
      ObjectNode node = array.addObject();
      node.put("id", role.id());
      node.put("name", role.name());
      node.put("description", role.description());
      role.idpGroups().forEach(node.putArray("idpGroups")::add);
      node.put("allProjects", role.allProjects());
      role.projects().forEach(node.putArray("projects")::add);
      wireNames(role.permissions()).forEach(node.putArray("permissions")::add);
      ArrayNode files = node.putArray("filePermissions");
      for (FilePermission grant : role.filePermissions()) {
        ObjectNode file = files.addObject();
        file.put("project", grant.project());
        file.put("path", grant.path());
        wireNames(grant.permissions()).forEach(file.putArray("permissions")::add);
      }
    }
    return JsonTrees.text(array);
  }

  private static List<CustomRole> decode(String text) {
    try {
      List<CustomRole> decoded = new ArrayList<>();
      for (JsonNode node : JsonTrees.read(text)) {
        List<FilePermission> files = new ArrayList<>();
        for (JsonNode file : node.path("filePermissions")) {
          files.add(new FilePermission(file.path("project").asText(), file.path("path").asText(),
              actions(file.path("permissions"))));
        }
        decoded.add(new CustomRole(node.path("id").asText(), node.path("name").asText(),
            node.path("description").asText(""), strings(node.path("idpGroups")), node.path("allProjects").asBoolean(),
            strings(node.path("projects")), actions(node.path("permissions")), files));
      }
      return List.copyOf(decoded);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the custom roles item holds invalid JSON", e);
    }
  }

  /** Wire names in catalog order, so equal sets encode equally. */
  private static List<String> wireNames(Set<Action> actions) {
    List<String> names = new ArrayList<>();
    for (Action action : Action.values()) {
      if (actions.contains(action)) {
        names.add(action.wireName());
      }
    }
    return names;
  }

  private static Set<Action> actions(JsonNode array) {
    Set<Action> actions = EnumSet.noneOf(Action.class);
    // an action dropped from the catalog in a later release grants nothing rather than failing reads
    array.forEach(name -> Action.fromWire(name.asText()).ifPresent(actions::add));
    return actions;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
