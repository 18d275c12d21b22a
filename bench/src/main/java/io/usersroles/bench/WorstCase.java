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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The checks that cost the engine most ({@code check_worst_case_us}): an org's 100 custom roles, each the
 * largest the product accepts, filled with the globs that cost the glob matcher most, all held by one
 * principal through one IdP group, and a path of at most 1,024 characters in their project that none of them
 * matches, so that every glob is tried.
 *
 * <p>A role is bounded by its stored size (3,600 bytes of JSON) as much as by its 50 file permissions and their
 * 256 characters. Matching one glob alone is linear, so what cost most was many globs that each need a whole
 * pass over the path: the most globs a role holds (short runs of segments between two {@code **}) or the most
 * glob text (runs of close to 256 characters, eleven per role), on the path {@code a/a/…/a/aa}. Matched together
 * ({@code GlobSet}), those cost little (each holds a literal the path lacks, or shares its patterns), and what
 * costs most is what the globs cannot share: runs of dense patterns that fail only at their end, on a path that
 * repeats ({@link Shape#ALTERNATING}; {@link Shape#SPELLINGS}, the same runs spelt so that they share fewer pieces,
 * defeats the sharing of runs' pieces), and many wildcard segments of many one-letter parts (subsequences) against
 * a path of many distinct segments that hold their letters ({@link Shape#SUBSEQUENCES},
 * {@link Shape#SHORT_SUBSEQUENCES}), which also cost the
 * globs matched alone the most. Globs are all different.
 */
final class WorstCase {
  /** The shapes of the most expensive roles. */
  enum Shape {
    /** As many globs as a role holds: {@code **}/*{@code /z<i>-<j>/}{@code **}, 47 or 48 of them. */
    SHORT_RUNS,
    /** As much glob text as a role holds: {@code **}/*a/*a/…/*a/*z<i>-<j>/{@code **} of up to 256 characters, 11. */
    LONG_RUNS,
    /**
     * {@code **}/a/b/a/&#42;/&#42;/b/…/a/a/{@code **} of up to 256 characters (random pairs a/b, a/*, &#42;/b):
     * runs that agree with the path {@code a/b/a/b/…/a/bb} everywhere but at their end.
     */
    ALTERNATING,
    /**
     * {@link #ALTERNATING}'s runs with each letter spelt any of the four ways that match it alone (a, a*, *a, *a*;
     * b, b*, *b, *b*), drawn at random: the same positions for the patterns, but runs that share far fewer patterns
     * at the same distances (what matching runs together shares).
     */
    SPELLINGS,
    /**
     * {@code **}/&#42;c&#42;a&#42;…&#42;b&#42;/{@code **}: 20 one-letter parts of a, b and c (the last eight name
     * the glob), a subsequence of none of the path's 39 distinct segments of 25 random letters.
     */
    SUBSEQUENCES,
    /**
     * {@link #SUBSEQUENCES} of 16 parts (8 random, 8 naming the glob) against 48 distinct segments of 20 random
     * letters: more, shorter wildcards on more segments, which the cost model once sent to be learnt on all segments
     * at once (a few passes over the path's characters per part) at 30 times the trie walk's cost.
     */
    SHORT_SUBSEQUENCES
  }

  static final int ROLES = 100;
  static final String GROUP = "wc";
  static final String PROJECT = "p";
  /** The action asked: implied by the granted one, so only the globs stand between the two. */
  static final String ACTION = "documents:view-content";
  static final Action GRANTED = Action.DOCUMENTS_FULL;
  /** 511 segments "a" and a last "aa": 1,024 characters, the longest path a check may name. */
  static final String PATH = "a/".repeat(511) + "aa";
  /** "a/b/" 255 times and "a/bb": 1,024 characters. */
  static final String ALTERNATING_PATH = "a/b/".repeat(255) + "a/bb";
  /** 39 segments of 25 random letters a, b and c: 1,013 characters. */
  static final String LETTERS_PATH = letters(39, 25);
  /** 48 segments of 20 random letters a, b and c: 1,007 characters. */
  static final String SHORT_LETTERS_PATH = letters(48, 20);

  private static String letters(int segments, int length) {
    Random random = new Random(19);
    StringBuilder path = new StringBuilder();
    for (int q = 0; q < segments; q++) {
      path.append(q == 0 ? "" : "/");
      for (int c = 0; c < length; c++) {
        path.append("abc".charAt(random.nextInt(3)));
      }
    }
    return path.toString();
  }
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
      if (shape == Shape.LONG_RUNS || shape == Shape.ALTERNATING || shape == Shape.SPELLINGS) {
        // globs of the same bound may differ in length (SPELLINGS): the longest of the shorter ones that fits
        for (int max = GLOB - over; max >= 32; max--) {
          FilePermission shorter = file(glob(shape, i, files.size(), max));
          if (size(id, i, files, shorter) <= CustomRolesItem.MAX_ROLE_JSON_BYTES) {
            files.add(shorter);
            break;
          }
        }
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

  /** The path the check on {@code shape}'s roles names. */
  static String path(Shape shape) {
    return switch (shape) {
      case SHORT_RUNS, LONG_RUNS -> PATH;
      case ALTERNATING, SPELLINGS -> ALTERNATING_PATH;
      case SUBSEQUENCES -> LETTERS_PATH;
      case SHORT_SUBSEQUENCES -> SHORT_LETTERS_PATH;
    };
  }

  static Check check(Shape shape) {
    return Check.of("", ACTION, Resource.file(PROJECT, path(shape)));
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

  /** Glob {@code index} of role {@code role}, at most {@code max} characters: distinct, and matching no path. */
  static String glob(Shape shape, int role, int index, int max) {
    String last = "z" + role + "-" + index;
    Random random = new Random(role * 1_000L + index);
    switch (shape) {
      case SHORT_RUNS:
        return "**/*/" + last + "/**";
      case ALTERNATING: {
        String[] pairs = {"a/b/", "a/*/", "*/b/"};
        StringBuilder glob = new StringBuilder("**/");
        while (glob.length() + 4 + "a/a/**".length() <= max) {
          glob.append(pairs[random.nextInt(pairs.length)]);
        }
        return glob.append("a/a/**").toString();
      }
      case SPELLINGS: {
        String[] a = {"a", "a*", "*a", "*a*"};
        String[] b = {"b", "b*", "*b", "*b*"};
        StringBuilder glob = new StringBuilder("**/");
        String end = a[random.nextInt(4)] + "/" + a[random.nextInt(4)] + "/**";
        while (true) {
          String pair = switch (random.nextInt(3)) {
            case 0 -> a[random.nextInt(4)] + "/" + b[random.nextInt(4)] + "/";
            case 1 -> a[random.nextInt(4)] + "/*/";
            default -> "*/" + b[random.nextInt(4)] + "/";
          };
          if (glob.length() + pair.length() + end.length() > max) {
            return glob.append(end).toString();
          }
          glob.append(pair);
        }
      }
      case SUBSEQUENCES:
      case SHORT_SUBSEQUENCES:
        String path = path(shape);
        while (true) {
          StringBuilder letters = new StringBuilder();
          for (int c = 0; c < (shape == Shape.SUBSEQUENCES ? 12 : 8); c++) {
            letters.append("abc".charAt(random.nextInt(3)));
          }
          for (int n = role * 50 + index, c = 0; c < 8; c++, n /= 3) {
            letters.append("abc".charAt(n % 3));
          }
          if (Arrays.stream(path.split("/")).noneMatch(segment -> subsequence(letters, segment))) {
            return "**/*" + String.join("*", letters.toString().split("")) + "*/**";
          }
        }
      default: {
        StringBuilder glob = new StringBuilder("**/");
        while (glob.length() + 3 + 1 + last.length() + 3 <= max) {
          glob.append("*a/");
        }
        return glob.append('*').append(last).append("/**").toString();
      }
    }
  }

  /** Whether {@code letters} is a subsequence of {@code text} (then *l1*l2*…* matches it). */
  private static boolean subsequence(CharSequence letters, String text) {
    int at = 0;
    for (int i = 0; i < letters.length(); i++) {
      at = text.indexOf(letters.charAt(i), at) + 1;
      if (at == 0) {
        return false;
      }
    }
    return true;
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
