package io.usersroles.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.usersroles.domain.DomainException;
import io.usersroles.testing.Gens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of the permission engine over arbitrary custom roles, holders and checks:
 * monotonicity, deny-by-default for principals without roles, the owner's all-access, determinism, and
 * "allowed iff some role of the principal grants".
 */
class EnginePropertiesTest {
  private static final String ME = "u1";
  private static final List<String> PROJECTS = List.of("p1", "p2", "p3");
  private static final List<String> GROUPS = List.of("g1", "g2", "g3", "g4");
  private static final List<String> BUILT_IN_IDS = List.of("owner", "member", "instance_accessor");
  private static final int MAX_CUSTOM_ROLES = 4;
  /** Built-in ids, the ids the generated custom roles get, and ids of roles that do not exist. */
  private static final List<String> ROLE_IDS = List.of("owner", "member", "instance_accessor", "r0", "r1", "r2",
      "r3", "ghost", "deleted-role");
  private static final List<String> GLOB_SEGMENTS = List.of("docs", "a.md", "x", "b", "*", "**", "*.md", "a*", "*x*");
  private static final List<String> PATH_SEGMENTS = List.of("docs", "a.md", "x", "b", "y.md", "ab", "xx");
  private static final Set<Action> DOCUMENT_ACTIONS = Arrays.stream(Action.values()).filter(Action::isDocumentAction)
      .collect(Collectors.toCollection(() -> EnumSet.noneOf(Action.class)));

  private final PermissionEngine engine = new PermissionEngine();

  // ---------------------------------------------------------------------------------------------
  // generators

  /** A custom role without its id (ids are given by position in the catalog, so they are unique). */
  record RoleShape(List<String> groups, boolean allProjects, List<String> projects, Set<Action> permissions,
      List<FilePermission> files) {
    CustomRole toRole(String id) {
      return new CustomRole(id, "Role " + id, "generated", groups, allProjects, projects, permissions, files);
    }

    /** This role with everything {@code more} grants added. */
    RoleShape widenedBy(RoleShape more) {
      List<String> g = new ArrayList<>(new LinkedHashSet<>(concat(groups, more.groups)));
      List<String> p = new ArrayList<>(new LinkedHashSet<>(concat(projects, more.projects)));
      Set<Action> a = EnumSet.noneOf(Action.class);
      a.addAll(permissions);
      a.addAll(more.permissions);
      return new RoleShape(g, allProjects || more.allProjects, p, a, concat(files, more.files));
    }
  }

  /** A principal: member (with groups) or service account (no groups). */
  record HolderShape(boolean serviceAccount, List<String> roles, Set<String> groups) {
    RoleHolder toHolder() {
      return serviceAccount ? RoleHolder.serviceAccount(ME, roles) : RoleHolder.member(ME, roles, groups);
    }

    HolderShape withRole(String role) {
      return new HolderShape(serviceAccount, concat(roles, List.of(role)), groups);
    }
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static CompiledCatalog catalogOf(List<RoleShape> shapes) {
    List<CustomRole> roles = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      roles.add(shapes.get(i).toRole("r" + i));
    }
    return new CompiledCatalog(roles, CompiledRoles.compile(roles));
  }

  record CompiledCatalog(List<CustomRole> roles, CompiledRoles catalog) {
    @Override
    public String toString() {
      return roles.toString();
    }
  }

  static Gen<String> globs() {
    return lists().of(Generate.pick(GLOB_SEGMENTS)).ofSizeBetween(1, 4).map(s -> String.join("/", s));
  }

  static Gen<String> paths() {
    return lists().of(Generate.pick(PATH_SEGMENTS)).ofSizeBetween(1, 4).map(s -> String.join("/", s));
  }

  static Gen<FilePermission> filePermissions() {
    return Generate.pick(PROJECTS).zip(globs(), Gens.sets(List.copyOf(DOCUMENT_ACTIONS), 1, 3), FilePermission::new);
  }

  static Gen<RoleShape> roleShapes() {
    return Gens.distinctLists(GROUPS, 0, 2).zip(
        Gens.of(true, false, false),
        Gens.distinctLists(PROJECTS, 0, 3),
        Gens.sets(List.of(Action.values()), 0, 6),
        lists().of(filePermissions()).ofSizeBetween(0, 3), RoleShape::new);
  }

  static Gen<List<RoleShape>> catalogs() {
    return lists().of(roleShapes()).ofSizeBetween(0, MAX_CUSTOM_ROLES);
  }

  static Gen<HolderShape> holders() {
    return Gens.of(false, false, true).zip(
        lists().of(roleIds()).ofSizeBetween(0, 3),
        Gens.sets(GROUPS, 0, 3), HolderShape::new);
  }

  static Gen<HolderShape> members() {
    return holders().map(h -> new HolderShape(false, h.roles(), h.groups()));
  }

  static Gen<String> roleIds() {
    return Generate.pick(ROLE_IDS);
  }

  static Gen<String> groups() {
    return Generate.pick(GROUPS);
  }

  /** Valid checks: a project whenever the action needs one, a path only with a project. */
  static Gen<Check> checks() {
    return Generate.enumValues(Action.class).zip(
        optionals(Generate.pick(PROJECTS)),
        optionals(paths()),
        optionals(Gens.of(ME, "u2")),
        optionals(Gens.of(ME, "u2")), (action, project, path, ownerId, creatorId) -> {
          Optional<String> p = action.level() == Action.Level.PROJECT ? Optional.of(project.orElse("p1")) : project;
          Optional<String> file = p.isPresent() ? path : Optional.empty();
          return Check.of("", action.wireName(), new Resource(p, file, ownerId, creatorId));
        });
  }

  /** Empty one time in twenty. */
  static <T> Gen<Optional<T>> optionals(Gen<T> values) {
    return values.toOptionals(5);
  }

  /** Any long (the seed of a shuffle), edge cases included. */
  static Gen<Long> seeds() {
    return Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  private boolean allowed(CompiledRoles catalog, RoleHolder holder, Check check) {
    return engine.decide(catalog, holder, check).allowed();
  }

  // ---------------------------------------------------------------------------------------------
  // (a) monotonic

  @Test
  @DisplayName("(a) assigning one more role never turns an allow into a deny")
  void assigningARoleIsMonotonic() {
    qt().withExamples(1000).forAll(catalogs(), holders(), roleIds(), checks()).checkAssert((shapes, holder, extra,
        check) -> {
      CompiledRoles catalog = catalogOf(shapes).catalog();
      boolean before = allowed(catalog, holder.toHolder(), check);
      boolean after = allowed(catalog, holder.withRole(extra).toHolder(), check);
      if (before) {
        assertThat(after).isTrue();
      }
      // and what the extra role adds is exactly what it grants on its own
      boolean alone = allowed(catalog, RoleHolder.member(ME, List.of(extra), Set.of()), check);
      assertThat(after).isEqualTo(before || alone);
    });
  }

  @Test
  @DisplayName("(a) a new custom role the member gets through an IdP group never turns an allow into a deny")
  void aNewGroupRoleIsMonotonic() {
    // five inputs: QuickTheories takes four, so the added role and its group come as a pair
    qt().withExamples(1000).forAll(catalogs(), members(), roleShapes().zip(groups(), Pair::of), checks())
        .checkAssert((shapes, holder, addedViaGroup, check) -> {
          RoleShape added = addedViaGroup._1;
          String group = addedViaGroup._2;
          CompiledRoles before = catalogOf(shapes).catalog();
          List<CustomRole> roles = new ArrayList<>(catalogOf(shapes).roles());
          RoleShape viaGroup = new RoleShape(concat(added.groups(), List.of(group)).stream().distinct().toList(),
              added.allProjects(), added.projects(), added.permissions(), added.files());
          roles.add(viaGroup.toRole("r-new"));
          CompiledRoles after = CompiledRoles.compile(roles);
          Set<String> groups = new LinkedHashSet<>(holder.groups());
          groups.add(group);
          RoleHolder member = RoleHolder.member(ME, holder.roles(), groups);

          // adding the role to the catalog
          if (allowed(before, member, check)) {
            assertThat(allowed(after, member, check)).isTrue();
          }
          // joining the group
          RoleHolder withoutGroup = holder.toHolder();
          if (allowed(before, withoutGroup, check)) {
            assertThat(allowed(before, member, check)).isTrue();
            assertThat(allowed(after, member, check)).isTrue();
          }
          // and the new role grants through the group what it grants when assigned directly
          boolean direct = allowed(after, RoleHolder.member(ME, List.of("r-new"), Set.of()), check);
          if (direct) {
            assertThat(allowed(after, member, check)).isTrue();
          }
        });
  }

  @Test
  @DisplayName("(a) widening a custom role (more permissions, projects, file permissions, groups) never removes a "
      + "permission")
  void wideningARoleIsMonotonic() {
    // which role is widened is drawn, so that a seed reproduces it (the hash code that picked it before hashes
    // enum constants by identity, and so changed from run to run)
    qt().withExamples(1000).forAll(catalogs(), roleShapes().zip(Generate.range(0, MAX_CUSTOM_ROLES - 1), Pair::of),
        holders(), checks()).checkAssert((generated, moreAt, holder, check) -> {
          List<RoleShape> shapes = generated.isEmpty()
              ? List.of(new RoleShape(List.of(), false, List.of(), Set.of(), List.of())) : generated;
          RoleShape more = moreAt._1;
          int index = Math.floorMod(moreAt._2, shapes.size());
          List<RoleShape> widened = new ArrayList<>(shapes);
          widened.set(index, shapes.get(index).widenedBy(more));
          RoleHolder h = holder.withRole("r" + index).toHolder();
          if (allowed(catalogOf(shapes).catalog(), h, check)) {
            assertThat(allowed(catalogOf(widened).catalog(), h, check)).isTrue();
          }
        });
  }

  // ---------------------------------------------------------------------------------------------
  // (b) no roles, no access

  @Test
  @DisplayName("(b) a principal holding no roles is denied everything, with a reason")
  void noRolesNoAccess() {
    qt().withExamples(1000).forAll(catalogs(), checks()).checkAssert((shapes, check) -> {
      CompiledRoles catalog = catalogOf(shapes).catalog();
      List<RoleHolder> nobodies = List.of(
          RoleHolder.member(ME, List.of(), Set.of()),
          RoleHolder.serviceAccount(ME, List.of()),
          RoleHolder.member(ME, List.of("ghost", "deleted-role", "Owner"), Set.of("not-a-group")),
          RoleHolder.none(ME),
          // a non-member: whatever role ids or groups are attached, it holds nothing
          new RoleHolder(ME, false, ROLE_IDS, Set.copyOf(GROUPS)),
          new RoleHolder(ME, false, List.of("owner"), Set.of()));
      for (RoleHolder nobody : nobodies) {
        Decision decision = engine.decide(catalog, nobody, check);
        assertThat(decision.allowed()).as("%s", nobody).isFalse();
        assertThat(decision.reason()).isNotBlank();
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // (c) the owner

  @Test
  @DisplayName("(c) an owner is allowed every valid check, whatever else it holds and whatever the catalog")
  void theOwnerMayDoEverything() {
    qt().withExamples(1000).forAll(catalogs(), holders(), checks()).checkAssert((shapes, holder, check) -> {
      CompiledRoles catalog = catalogOf(shapes).catalog();
      List<String> roles = new ArrayList<>(holder.roles());
      roles.add(Math.floorMod(holder.hashCode(), roles.size() + 1), "owner");
      HolderShape owner = new HolderShape(holder.serviceAccount(), roles, holder.groups());
      assertThat(allowed(catalog, owner.toHolder(), check)).isTrue();
      Decision ownerOnly = engine.decide(catalog, RoleHolder.member(ME, List.of("owner"), Set.of()), check);
      assertThat(ownerOnly.allowed()).isTrue();
      assertThat(ownerOnly.reason()).contains("owner");
    });
  }

  // ---------------------------------------------------------------------------------------------
  // (d) determinism

  @Test
  @DisplayName("(d) decisions are deterministic: same inputs, same decision; order of roles and groups does not "
      + "matter")
  void decisionsAreDeterministic() {
    qt().withExamples(1000).forAll(catalogs(), holders(), checks(), seeds()).checkAssert((shapes, holder, check,
        seed) -> {
      CompiledCatalog compiled = catalogOf(shapes);
      RoleHolder h = holder.toHolder();
      Decision first = engine.decide(compiled.catalog(), h, check);
      assertThat(engine.decide(compiled.catalog(), h, check)).isEqualTo(first);
      // a fresh engine over a freshly compiled catalog of the same roles
      assertThat(new PermissionEngine().decide(CompiledRoles.compile(compiled.roles()), h, check)).isEqualTo(first);
      // a check rebuilt from the same wire input
      Check again = Check.of("", check.action().wireName(), check.resource());
      assertThat(engine.decide(compiled.catalog(), h, again)).isEqualTo(first);

      // permuting the catalog, the assigned roles and the groups changes at most the reason
      Random random = new Random(seed);
      List<CustomRole> shuffledRoles = new ArrayList<>(compiled.roles());
      Collections.shuffle(shuffledRoles, random);
      List<String> shuffledAssigned = new ArrayList<>(holder.roles());
      Collections.shuffle(shuffledAssigned, random);
      List<String> shuffledGroups = new ArrayList<>(holder.groups());
      Collections.shuffle(shuffledGroups, random);
      RoleHolder permuted = holder.serviceAccount() ? RoleHolder.serviceAccount(ME, shuffledAssigned)
          : RoleHolder.member(ME, shuffledAssigned, new LinkedHashSet<>(shuffledGroups));
      assertThat(allowed(CompiledRoles.compile(shuffledRoles), permuted, check)).isEqualTo(first.allowed());
    });
  }

  // ---------------------------------------------------------------------------------------------
  // the decision rule itself

  @Test
  @DisplayName("allowed iff some single role of the principal (assigned, or through one of its groups) grants")
  void allowedIffSomeRoleGrants() {
    qt().withExamples(1000).forAll(catalogs(), members(), checks()).checkAssert((shapes, holder, check) -> {
      CompiledCatalog compiled = catalogOf(shapes);
      CompiledRoles catalog = compiled.catalog();
      boolean some = false;
      for (String role : holder.roles()) {
        some |= allowed(catalog, RoleHolder.member(ME, List.of(role), Set.of()), check);
      }
      for (String group : holder.groups()) {
        some |= allowed(catalog, RoleHolder.member(ME, List.of(), Set.of(group)), check);
      }
      assertThat(allowed(catalog, holder.toHolder(), check)).isEqualTo(some);

      // a group grants exactly what the roles carrying that group grant when assigned directly
      for (String group : holder.groups()) {
        boolean viaRoles = compiled.roles().stream().filter(r -> r.idpGroups().contains(group))
            .anyMatch(r -> allowed(catalog, RoleHolder.member(ME, List.of(r.id()), Set.of()), check));
        assertThat(allowed(catalog, RoleHolder.member(ME, List.of(), Set.of(group)), check)).as(group)
            .isEqualTo(viaRoles);
      }
    });
  }

  @Test
  @DisplayName("a custom role with project:admin on all projects allows every project-level check; documents:full "
      + "every document check")
  void implicationClosure() {
    qt().withExamples(1000).forAll(checks(), projectLists()).checkAssert((check, projects) -> {
      CompiledRoles catalog = CompiledRoles.compile(List.of(
          new CustomRole("admin", "Admin", "", List.of(), true, List.of(), Set.of(Action.PROJECT_ADMIN), List.of()),
          new CustomRole("docs", "Docs", "", List.of(), false, projects, Set.of(Action.DOCUMENTS_FULL), List.of())));
      boolean admin = allowed(catalog, RoleHolder.member(ME, List.of("admin"), Set.of()), check);
      assertThat(admin).isEqualTo(check.action().level() == Action.Level.PROJECT);
      boolean docs = allowed(catalog, RoleHolder.member(ME, List.of("docs"), Set.of()), check);
      assertThat(docs).isEqualTo(check.action().isDocumentAction() && projects.contains(check.resource().project()
          .orElseThrow()));
    });
  }

  static Gen<List<String>> projectLists() {
    return Gens.distinctLists(PROJECTS, 0, 3);
  }

  // ---------------------------------------------------------------------------------------------
  // paths and globs against simple reference oracles

  /** Up to nine of {@code a b / . *}, and the edge cases empty, {@code a} and {@code *}. */
  static Gen<String> rawPaths() {
    return Gens.withEdgeCases(Gens.strings(Gens.charOf("ab/.*"), 0, 9), List.of("", "a", "*"));
  }

  @Test
  @DisplayName("a check's path is accepted iff it is non-empty, relative, with no empty or '.' segment and no '..' "
      + "anywhere; else 400")
  void pathValidation() {
    qt().withExamples(2000).forAll(rawPaths()).checkAssert(path -> {
      boolean valid = !path.isEmpty() && !path.startsWith("/")
          && !path.contains("..") && Arrays.stream(path.split("/", -1)).noneMatch(s -> s.isEmpty() || s.equals("."));
      try {
        Check check = Check.of("", "documents:view-content", Resource.file("p1", path));
        assertThat(valid).as("accepted %s", path).isTrue();
        assertThat(String.join("/", check.pathSegments())).isEqualTo(path);
      } catch (DomainException e) {
        assertThat(valid).as("rejected %s", path).isFalse();
        assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
        assertThat(e.fieldErrors()).extracting(DomainException.FieldError::field).containsExactly("resource.path");
      }
    });
  }

  @Test
  @DisplayName("glob matching agrees with a naive reference matcher")
  void globMatchingAgreesWithAReference() {
    qt().withExamples(2000).forAll(globsForOracle(), pathsForOracle()).checkAssert((glob, path) -> {
      String[] segments = path.split("/", -1);
      assertThat(PathGlob.compile("g", glob).matches(segments)).as("%s vs %s", glob, path)
          .isEqualTo(reference(glob.split("/", -1), 0, segments, 0));
    });
  }

  static Gen<String> globsForOracle() {
    return lists().of(Gens.of("a", "b", "ab", "*", "**", "a*", "*b", "*a*", "b*b")).ofSizeBetween(1, 6)
        .map(s -> String.join("/", s));
  }

  static Gen<String> pathsForOracle() {
    return lists().of(Gens.of("a", "b", "ab", "ba", "bab", "aab")).ofSizeBetween(1, 7)
        .map(s -> String.join("/", s));
  }

  /** Naive recursive glob: a "**" segment eats any number of segments; other segments are regexes with * = [^/]*. */
  private static boolean reference(String[] glob, int g, String[] path, int p) {
    if (g == glob.length) {
      return p == path.length;
    }
    if (glob[g].equals("**")) {
      for (int skip = p; skip <= path.length; skip++) {
        if (reference(glob, g + 1, path, skip)) {
          return true;
        }
      }
      return false;
    }
    if (p == path.length) {
      return false;
    }
    String regex = Arrays.stream(glob[g].split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining("[^/]*"));
    return path[p].matches(regex) && reference(glob, g + 1, path, p + 1);
  }
}
