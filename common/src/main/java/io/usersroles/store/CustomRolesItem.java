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
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * All custom roles of an organisation in one item ({@code ORG#id / ROLES}), so that a check reads
 * the principal's item and the whole catalog in one BatchGetItem, and every role edit is one
 * conditional write on the catalog's version (no lost updates, names unique by construction).
 */
public final class CustomRolesItem extends StoredItem {
  static final String ENTITY = "role-catalog";
  /**
   * One role's share of the item: 100 roles of this size (the per-org limit SPEC guarantees) stay
   * below DynamoDB's 400 KB item limit.
   */
  public static final int MAX_ROLE_JSON_BYTES = 3_600;
  /** 100 full-size roles plus the JSON array around them. */
  static final int MAX_ROLES_JSON_BYTES = 100 * (MAX_ROLE_JSON_BYTES + 1) + 2;

  /** The table schema of this entity, for the enhanced client. */
  static TableSchema<CustomRolesItem> schema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final TableSchema<CustomRolesItem> OF = StaticTableSchema.builder(CustomRolesItem.class)
        .newItemSupplier(CustomRolesItem::new)
        .extend(StoredItem.sharedSchema())
        .addAttribute(String.class, a -> a.name("roles").getter(CustomRolesItem::getRoles)
            .setter(CustomRolesItem::setRoles))
        .addAttribute(Long.class, a -> a.name("version").getter(CustomRolesItem::getVersion)
            .setter(CustomRolesItem::setVersion).tags(VersionedRecordExtension.AttributeTags.versionAttribute()))
        .build();
  }

  private String roles;
  private Long version;

  public CustomRolesItem() {
    super(ENTITY);
  }

  /** Decodes a raw item without the schema (see {@link Table#toItem}). */
  static CustomRolesItem read(Map<String, AttributeValue> raw) {
    CustomRolesItem item = new CustomRolesItem();
    item.readShared(raw);
    item.roles = string(raw, "roles");
    item.version = number(raw, "version");
    return item;
  }

  static CustomRolesItem of(String orgId, List<CustomRole> customRoles, Long version) {
    CustomRolesItem item = new CustomRolesItem();
    item.setPk(Keys.org(orgId));
    item.setSk(Keys.ROLES);
    item.roles = encode(customRoles);
    item.version = version;
    return item;
  }

  List<CustomRole> customRoles() {
    return roles == null ? List.of() : decode(roles);
  }

  /** One role's size as stored, for the per-role limit that keeps 100 roles in one item. */
  public static int encodedSize(CustomRole role) {
    return encodedSize(List.of(role)) - 2;
  }

  /** The catalog's size as stored, for the per-org limit. */
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
      throw new IllegalStateException("the role catalog item holds invalid JSON", e);
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

  public String getRoles() {
    return roles;
  }

  public void setRoles(String roles) {
    this.roles = roles;
  }

  public Long getVersion() {
    return version;
  }

  public void setVersion(Long version) {
    this.version = version;
  }
}
