package io.usersroles.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An organisation's roles compiled for deciding: the built-in roles plus its custom roles, each as
 * 64-bit action sets with implications already applied, per-project sets, compiled path globs, and
 * an index from IdP group to roles. Immutable; built once per version of the org's custom roles and
 * shared.
 */
public final class CompiledRoles {
  private static final CompiledRoles BUILT_IN_ONLY = compile(List.of());

  // HashMaps, never changed once compiled: a lookup compares hashes before keys, which the immutable maps do not
  // (this, a role's projects and its file permissions are looked up on every check)
  private final Map<String, CompiledRole> byId;
  private final Map<String, List<CompiledRole>> byGroup;
  private final List<CustomRole> customRoles;
  /** Every glob of the custom roles, by {@link CompiledFileGrant#id()}. */
  private final List<String> globs;
  /** The globs compiled together, on the first check that meets many of them (most checks never do). */
  private volatile GlobSet globSet;

  private CompiledRoles(Map<String, CompiledRole> byId, Map<String, List<CompiledRole>> byGroup,
      List<CustomRole> customRoles, List<String> globs) {
    this.byId = byId;
    this.byGroup = byGroup;
    this.customRoles = customRoles;
    this.globs = globs;
  }

  /** The roles of an org with no custom roles. */
  public static CompiledRoles builtInOnly() {
    return BUILT_IN_ONLY;
  }

  /** Compiles the built-in roles and {@code customRoles} (assumed valid: ids unique, globs well-formed). */
  public static CompiledRoles compile(List<CustomRole> customRoles) {
    return compile(customRoles, BUILT_IN_ONLY);
  }

  /**
   * As {@link #compile(List)}, taking from {@code previous} (the same org's roles at an earlier version) every
   * custom role it compiled from the same content whose globs are numbered from the same place: what compiling
   * it again would give. An edit of one role then compiles that role alone, and the roles after it only when it
   * changed how many globs it holds; creating the hundredth role compiles one role, not a hundred.
   */
  public static CompiledRoles compile(List<CustomRole> customRoles, CompiledRoles previous) {
    Map<String, CompiledRole> byId = new LinkedHashMap<>();
    CompiledRoles base = previous == null ? BUILT_IN_ONLY : previous; // null only while BUILT_IN_ONLY is built
    for (BuiltInRole role : BuiltInRole.values()) {
      byId.put(role.id(), base == null ? CompiledRole.of(role) : base.byId.get(role.id()));
    }
    Map<String, Reusable> reusable = previous == null ? Map.of() : previous.reusable();
    Map<String, List<CompiledRole>> byGroup = new HashMap<>();
    List<String> globs = new ArrayList<>();
    for (CustomRole role : customRoles) {
      Reusable before = reusable.get(role.id());
      CompiledRole compiled;
      if (before != null && before.role().equals(role)
          && (before.firstGlob() == globs.size() || role.filePermissions().isEmpty())) {
        compiled = before.compiled();
        role.filePermissions().forEach(grant -> globs.add(grant.path()));
      } else {
        compiled = CompiledRole.of(role, globs);
      }
      if (byId.putIfAbsent(role.id(), compiled) != null) {
        throw new IllegalArgumentException("duplicate role id " + role.id());
      }
      for (String group : role.idpGroups()) {
        byGroup.computeIfAbsent(group, g -> new ArrayList<>(2)).add(compiled);
      }
    }
    byGroup.replaceAll((group, roles) -> List.copyOf(roles));
    return new CompiledRoles(new HashMap<>(byId), new HashMap<>(byGroup), List.copyOf(customRoles), List.copyOf(globs));
  }

  /** A custom role as compiled here, with the id of its first glob. */
  private record Reusable(CustomRole role, CompiledRole compiled, int firstGlob) {}

  private Map<String, Reusable> reusable() {
    Map<String, Reusable> roles = new HashMap<>();
    int firstGlob = 0;
    for (CustomRole role : customRoles) {
      roles.put(role.id(), new Reusable(role, byId.get(role.id()), firstGlob));
      firstGlob += role.filePermissions().size();
    }
    return roles;
  }

  /** The custom roles' globs compiled together (built once, on first use; immutable, so a race only repeats work). */
  GlobSet globSet() {
    GlobSet set = globSet;
    if (set == null) {
      set = GlobSet.of(globs);
      globSet = set;
    }
    return set;
  }

  /** The role with this id (built-in or custom), if the org has it. */
  CompiledRole role(String id) {
    return byId.get(id);
  }

  /** Roles granted through an IdP group. */
  List<CompiledRole> rolesOfGroup(String group) {
    return byGroup.getOrDefault(group, Collections.emptyList());
  }

  public boolean hasRole(String id) {
    return byId.containsKey(id);
  }

  public List<CustomRole> customRoles() {
    return customRoles;
  }

  /** One role, compiled. Built-in roles keep their "own only" sets; custom roles never have one. */
  static final class CompiledRole {
    final String id;
    final String name;
    final boolean builtIn;
    /** Granted org-wide (account-level actions; for the owner, project-level ones on every project too). */
    final long everywhere;
    /** Project-level actions on every project. */
    final long allProjects;
    /** Project-level actions on listed projects. */
    final Map<String, Long> byProject;
    /** Granted when resource.ownerId is the principal. */
    final long ownedProjects;
    /** Granted when resource.creatorId is the principal. */
    final long createdEnvironments;
    /** File permissions by project. */
    final Map<String, List<CompiledFileGrant>> files;
    /**
     * {@link #byProject} and {@link #files} as the engine reads them, one look-up for both ({@link #slotOf}): the
     * projects they name, in the order of their hashes, and at the same index each one's hash, its actions (0 when
     * the role has only file permissions there) and its file permissions (null when it has none). Most roles name a
     * project or two, and a check on another project costs a comparison of hashes each, never a string's.
     */
    private final String[] projectNames;
    private final int[] projectHashes;
    final long[] projectActions;
    final FileGrants[] projectFiles;
    /**
     * The decisions this role takes as an assigned role, built once and shared (a decision with its reason written
     * is immutable), so that an allow on the engine's hot path allocates nothing.
     */
    private final Decision assigned;
    private final Decision assignedOwned;
    private final Decision assignedCreated;

    private CompiledRole(String id, String name, boolean builtIn, long everywhere, long allProjects,
        Map<String, Long> byProject, long ownedProjects, long createdEnvironments,
        Map<String, List<CompiledFileGrant>> files) {
      this.id = id;
      this.name = name;
      this.builtIn = builtIn;
      this.everywhere = everywhere;
      this.allProjects = allProjects;
      this.byProject = byProject;
      this.ownedProjects = ownedProjects;
      this.createdEnvironments = createdEnvironments;
      this.files = files;
      List<String> named = new ArrayList<>(byProject.keySet());
      for (String project : files.keySet()) {
        if (!byProject.containsKey(project)) {
          named.add(project);
        }
      }
      named.sort(Comparator.comparingInt(String::hashCode));
      int count = named.size();
      this.projectNames = named.toArray(String[]::new);
      this.projectHashes = new int[count];
      this.projectActions = new long[count];
      this.projectFiles = new FileGrants[count];
      for (int i = 0; i < count; i++) {
        String project = projectNames[i];
        projectHashes[i] = project.hashCode();
        projectActions[i] = byProject.getOrDefault(project, 0L);
        List<CompiledFileGrant> grants = files.get(project);
        projectFiles[i] = grants == null ? null : new FileGrants(grants);
      }
      this.assigned = Decision.allow(grantedBy(builtIn, name, "assigned", ""));
      this.assignedOwned = Decision.allow(grantedBy(builtIn, name, "assigned", OWNED));
      this.assignedCreated = Decision.allow(grantedBy(builtIn, name, "assigned", CREATED));
    }

    /** Up to this many projects, {@link #slotOf} compares every hash: fewer branches than a binary search. */
    private static final int SCANNED = 8;

    /**
     * Where {@code project}, whose hash is {@code hash}, is in {@link #projectActions} and {@link #projectFiles}, or -1
     * when this role names it nowhere.
     */
    int slotOf(String project, int hash) {
      int[] hashes = projectHashes;
      int from = 0;
      if (hashes.length > SCANNED) {
        from = Arrays.binarySearch(hashes, hash);
        if (from < 0) {
          return -1;
        }
        while (from > 0 && hashes[from - 1] == hash) { // the first of equal hashes
          from--;
        }
      }
      for (int i = from; i < hashes.length; i++) {
        if (hashes[i] == hash && projectNames[i].equals(project)) {
          return i;
        }
        if (hashes[i] > hash) { // sorted: no later one has it
          return -1;
        }
      }
      return -1;
    }

    private static final String OWNED = " on a project the principal owns";
    private static final String CREATED = " on an environment the principal created";

    static String grantedBy(boolean builtIn, String name, String how, String ownership) {
      return "granted by " + (builtIn ? "built-in role '" : "role '") + name + "' (" + how + ")" + ownership;
    }

    /** How a built-in role grants {@code bit} when not everywhere: on owned projects or created environments. */
    String ownershipClause(long bit) {
      if (!builtIn || (everywhere & bit) != 0) {
        return "";
      }
      return (ownedProjects & bit) != 0 ? OWNED : CREATED;
    }

    /** The allow through this role as an assigned role (shared: see {@link #assigned}). */
    Decision assignedAllow(long bit) {
      String clause = ownershipClause(bit);
      return clause.isEmpty() ? assigned : OWNED.equals(clause) ? assignedOwned : assignedCreated;
    }

    static CompiledRole of(BuiltInRole role) {
      long always = bits(role.always());
      long ownOnly = bits(role.ownOnly());
      long owned = ownOnly & Action.PROJECTS_DESTRUCTIVE.bit();
      long created = ownOnly & (Action.LOGS_VIEW.bit() | Action.TERMINAL_ACCESS.bit());
      return new CompiledRole(role.id(), role.id(), true, always, always & Action.PROJECT_LEVEL_BITS, Map.of(),
          owned, created, Map.of());
    }

    /** Compiles a custom role; its globs are appended to {@code globs}, their index the grants' ids. */
    static CompiledRole of(CustomRole role, List<String> globs) {
      long account = 0;
      long project = 0;
      for (Action action : role.permissions()) {
        if (action.level() == Action.Level.ACCOUNT) {
          account |= action.bit();
        } else {
          project |= action.impliedBits();
        }
      }
      Map<String, Long> byProject = new HashMap<>();
      if (!role.allProjects() && project != 0) {
        for (String id : role.projects()) {
          byProject.put(id, project);
        }
      }
      Map<String, List<CompiledFileGrant>> files = new HashMap<>();
      for (FilePermission grant : role.filePermissions()) {
        long granted = 0;
        for (Action action : grant.permissions()) {
          granted |= action.impliedBits();
        }
        files.computeIfAbsent(grant.project(), p -> new ArrayList<>(2)).add(new CompiledFileGrant(
            PathGlob.compileStored("filePermissions.path", grant.path()), granted, globs.size()));
        globs.add(grant.path());
      }
      files.replaceAll((p, grants) -> List.copyOf(grants));
      return new CompiledRole(role.id(), role.name(), false, account, role.allProjects() ? project : 0,
          new HashMap<>(byProject), 0, 0, Map.copyOf(files));
    }

    private static long bits(Iterable<Action> actions) {
      long bits = 0;
      for (Action action : actions) {
        bits |= action.bit();
      }
      return bits;
    }
  }

  /**
   * A file permission: a glob and the (implied) document actions it grants; {@code id} names the glob among all the
   * org's globs ({@link #globSet()}).
   */
  record CompiledFileGrant(PathGlob glob, long actions, int id) {}

  /**
   * A role's file permissions on one project as the engine's loop reads them: the actions and glob ids side by side
   * in arrays, so that a check meeting thousands of them reads a few lines of memory per role, not one object each.
   */
  static final class FileGrants {
    final long[] actions;
    final int[] ids;
    final CompiledFileGrant[] grants;

    FileGrants(List<CompiledFileGrant> grants) {
      this.grants = grants.toArray(CompiledFileGrant[]::new);
      this.actions = new long[this.grants.length];
      this.ids = new int[this.grants.length];
      for (int i = 0; i < this.grants.length; i++) {
        actions[i] = this.grants[i].actions();
        ids[i] = this.grants[i].id();
      }
    }
  }
}
