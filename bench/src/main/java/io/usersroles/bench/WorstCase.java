package io.usersroles.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Action;
import io.usersroles.access.Check;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.access.Resource;
import io.usersroles.access.RoleHolder;
import io.usersroles.store.CustomRolesItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks that cost the engine most ({@code check_worst_case_us}): an org's 100 custom roles, each the
 * largest the product accepts, filled with the globs that cost the glob matcher most, all held by one
 * principal through one IdP group, and a 1,024-character path in their project that none of them matches,
 * so that every glob is tried.
 *
 * <p>The matcher is linear: a glob costs at most a pass over the path, so what costs most is many globs
 * that each need that whole pass. A role is bounded by its stored size (3,600 bytes of JSON) as much as by
 * its 50 file permissions and their 256 characters, so two shapes compete ({@link Shape}): the most globs a
 * role holds (short runs of segments between two {@code **}, 1 NFA word each) or the most glob text (runs
 * of close to 256 characters, 4 NFA words each, eleven per role). Each glob is a run of segments between
 * two {@code **} that never completes on the path {@code a/a/…/a/aa} (512 segments), so its NFA reads every
 * character of the path. Globs are all different, so nothing could be shared between them.
 */
final class WorstCase {
  /** The two shapes of the most expensive roles. */
  enum Shape {
    /** As many globs as a role holds: {@code **}/*{@code /z<i>-<j>/}{@code **}, 47 or 48 of them. */
    SHORT_RUNS,
    /** As much glob text as a role holds: {@code **}/*a/*a/…/*a/*z<i>-<j>/{@code **} of up to 256 characters, 11. */
    LONG_RUNS
  }

  static final int ROLES = 100;
  static final String GROUP = "wc";
  static final String PROJECT = "p";
  /** The action asked: implied by the granted one, so only the globs stand between the two. */
  static final String ACTION = "documents:view-content";
  static final Action GRANTED = Action.DOCUMENTS_FULL;
  /** 511 segments "a" and a last "aa": 1,024 characters, the longest path a check may name. */
  static final String PATH = "a/".repeat(511) + "aa";
  /** The longest glob a role may hold. */
  static final int GLOB = 256;
  /** A role id as the API mints it ("rol_" and 22 characters), for the stored size. */
  private static final int ID_LENGTH = 26;

  private WorstCase() {}

  /** Role {@code i} as the engine compiles it. */
  static CustomRole role(Shape shape, int i) {
    String id = "rol_" + String.format("worst%017d", i);
    if (id.length() != ID_LENGTH) {
      throw new IllegalStateException(id);
    }
    List<FilePermission> files = new ArrayList<>();
    while (files.size() < 50) {
      FilePermission full = file(glob(shape, i, files.size(), GLOB));
      int over = size(id, i, files, full) - CustomRolesItem.MAX_ROLE_JSON_BYTES;
      if (over <= 0) {
        files.add(full);
        continue;
      }
      // the room left takes one shorter glob of the same shape, if any is worth it
      if (shape == Shape.LONG_RUNS && GLOB - over >= 32) {
        files.add(file(glob(shape, i, files.size(), GLOB - over)));
      }
      break;
    }
    CustomRole role = role(id, i, files);
    if (CustomRolesItem.encodedSize(role) > CustomRolesItem.MAX_ROLE_JSON_BYTES) {
      throw new IllegalStateException("role " + i + " is larger than the product accepts");
    }
    return role;
  }

  static List<CustomRole> roles(Shape shape) {
    List<CustomRole> roles = new ArrayList<>(ROLES);
    for (int i = 0; i < ROLES; i++) {
      roles.add(role(shape, i));
    }
    return roles;
  }

  static CompiledRoles catalog(Shape shape) {
    return CompiledRoles.compile(roles(shape));
  }

  /** A member holding {@code member} directly and the 100 roles through {@link #GROUP}. */
  static RoleHolder holder() {
    return RoleHolder.member("usr_worst", List.of("member"), Set.of(GROUP));
  }

  static Check check() {
    return Check.of("", ACTION, Resource.file(PROJECT, PATH));
  }

  /** Role {@code i} as a POST /orgs/{orgId}/roles body. */
  static ObjectNode roleJson(Shape shape, int i) {
    CustomRole role = role(shape, i);
    ObjectNode json = Fixture.object().put("name", role.name());
    json.putArray("idpGroups").add(GROUP);
    ArrayNode files = json.putArray("filePermissions");
    for (FilePermission file : role.filePermissions()) {
      files.addObject().put("project", file.project()).put("path", file.path()).putArray("permissions")
          .add(GRANTED.wireName());
    }
    return json;
  }

  /**
   * Glob {@code index} of role {@code role}, at most {@code max} characters: distinct, and never completed on
   * {@link #PATH}.
   */
  static String glob(Shape shape, int role, int index, int max) {
    String last = "z" + role + "-" + index;
    if (shape == Shape.SHORT_RUNS) {
      return "**/*/" + last + "/**";
    }
    StringBuilder glob = new StringBuilder("**/");
    while (glob.length() + 3 + 1 + last.length() + 3 <= max) {
      glob.append("*a/");
    }
    return glob.append('*').append(last).append("/**").toString();
  }

  static int globCharacters(List<CustomRole> roles) {
    int total = 0;
    for (CustomRole role : roles) {
      for (FilePermission file : role.filePermissions()) {
        total += file.path().length();
      }
    }
    return total;
  }

  private static FilePermission file(String glob) {
    return new FilePermission(PROJECT, glob, Set.of(GRANTED));
  }

  private static int size(String id, int i, List<FilePermission> files, FilePermission more) {
    List<FilePermission> all = new ArrayList<>(files);
    all.add(more);
    return CustomRolesItem.encodedSize(role(id, i, all));
  }

  private static CustomRole role(String id, int i, List<FilePermission> files) {
    return new CustomRole(id, "Worst case " + i, "", List.of(GROUP), false, List.of(), Set.of(), files);
  }
}
