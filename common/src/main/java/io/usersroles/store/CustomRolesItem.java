package io.usersroles.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Action;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.json.JsonTrees;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import software.amazon.awssdk.core.SdkBytes;

/**
 * All custom roles of an organisation in one item ({@code ORG#id / ROLES}), so that a check reads
 * the principal's item and every role in one BatchGetItem, and every role edit is one conditional
 * write on the item's version (no lost updates, names unique by construction).
 *
 * <p>The roles are one JSON array, stored deflated ({@link #ROLES_DEFLATED}): every check reads this item,
 * a strongly consistent read costs one capacity unit per 4 KB of item, and reading a larger item takes
 * longer (the benchmark's 100 roles: 37 KB of JSON, ten units, stored as about 1.5 KB, one unit). What the per-role
 * and per-org limits measure is the JSON before deflating ({@link #encodedSize}), so the limits do not depend
 * on how well roles compress. Items written before roles were deflated hold the JSON text in {@link #ROLES},
 * and still read; their next write deflates them.
 */
public final class CustomRolesItem extends TableItem {
  /** Stored as "role-catalog", the type's first name, so that existing items still read. */
  static final ItemType<CustomRolesItem> TYPE =
      new ItemType<>("role-catalog", CustomRolesItem.class, CustomRolesItem::new);
  /** Every custom role of the org as one JSON array (see {@link #encode}), as items written before 2026-12-07 hold them. */
  static final Attribute<String> ROLES = TYPE.string("roles");
  static final Attribute<Long> VERSION = TYPE.version();
  /** Every custom role of the org as one JSON array, UTF-8, deflated (RFC 1951, no header). */
  static final Attribute<SdkBytes> ROLES_DEFLATED = TYPE.bytes("rolesDeflated");
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

  /** The item holding roles encoded by {@link #json}. */
  static CustomRolesItem of(String orgId, byte[] json, Long version) {
    CustomRolesItem item = new CustomRolesItem();
    item.setKey(Keys.org(orgId), Keys.ROLES);
    item.set(ROLES_DEFLATED, SdkBytes.fromByteArrayUnsafe(deflate(json)));
    item.set(VERSION, version);
    return item;
  }

  List<CustomRole> customRoles() {
    SdkBytes deflated = get(ROLES_DEFLATED);
    if (deflated != null) {
      return decode(new String(inflate(deflated.asByteArrayUnsafe()), UTF_8));
    }
    String roles = get(ROLES);
    return roles == null ? List.of() : decode(roles);
  }

  /**
   * The bytes as stored: raw deflate at zlib's default level. Not the best compression: on the largest
   * catalogs the limits allow (100 roles of 3,600 bytes of globs) level 9 took up to 390 ms per write for
   * at most 15% fewer bytes (one 4 KB read unit of a check's read, or none), where level 6 takes 3 to 22 ms.
   */
  static byte[] deflate(byte[] json) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(json);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** The JSON back; more than the largest catalog the limits allow is a damaged item, not roles. */
  static byte[] inflate(byte[] stored) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(stored);
      ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 8);
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("the custom roles item holds truncated deflated roles");
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_ROLES_JSON_BYTES) {
          throw new IllegalStateException("the custom roles item inflates past " + MAX_ROLES_JSON_BYTES + " bytes");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IllegalStateException("the custom roles item holds invalid deflated roles", e);
    } finally {
      inflater.end();
    }
  }

  /** One role's size as stored, for the per-role limit that keeps 100 roles in one item. */
  public static int encodedSize(CustomRole role) {
    return encodedSize(List.of(role)) - 2;
  }

  /** The roles' size as stored, for the per-org limit. */
  static int encodedSize(List<CustomRole> customRoles) {
    return json(customRoles).length;
  }

  /** The roles as one JSON array, UTF-8: what the item stores (deflated), and what the limits measure. */
  static byte[] json(List<CustomRole> customRoles) {
    return encode(customRoles).getBytes(UTF_8);
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
