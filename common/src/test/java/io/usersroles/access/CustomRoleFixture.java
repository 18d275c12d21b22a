package io.usersroles.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usersroles.domain.DomainException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the custom-role tests share (ProjectScopeTest, ImplicationsTest, FilePermissionsTest, PathGlobTest and
 * the others beside them): a builder over {@link CustomRole}, resources, the actions of each level, and
 * decisions of the engine for one principal.
 */
final class CustomRoleFixture {
  static final String ME = "user-me";
  static final String SOMEONE = "user-someone";

  /** Pure and stateless, so one engine serves every test as it serves every request. */
  private static final PermissionEngine ENGINE = new PermissionEngine();

  private CustomRoleFixture() {}

  /** A small builder over the CustomRole record, with the API's defaults ("", [], allProjects false). */
  static final class RoleBuilder {
    private final String id;
    private String name;
    private List<String> groups = List.of();
    private boolean allProjects;
    private List<String> projects = List.of();
    private Set<Action> permissions = EnumSet.noneOf(Action.class);
    private final List<FilePermission> files = new ArrayList<>();

    RoleBuilder(String id) {
      this.id = id;
      this.name = id;
    }

    RoleBuilder name(String value) {
      name = value;
      return this;
    }

    RoleBuilder groups(String... value) {
      groups = List.of(value);
      return this;
    }

    RoleBuilder allProjects() {
      allProjects = true;
      return this;
    }

    RoleBuilder projects(String... value) {
      projects = List.of(value);
      return this;
    }

    RoleBuilder permissions(String... wireNames) {
      permissions = actions(wireNames);
      return this;
    }

    RoleBuilder file(String project, String glob, String... wireNames) {
      files.add(new FilePermission(project, glob, actions(wireNames)));
      return this;
    }

    CustomRole build() {
      return new CustomRole(id, name, "", groups, allProjects, projects, permissions, files);
    }
  }

  static RoleBuilder role(String id) {
    return new RoleBuilder(id);
  }

  static Set<Action> actions(String... wireNames) {
    Set<Action> set = EnumSet.noneOf(Action.class);
    for (String name : wireNames) {
      set.add(Action.fromWire(name).orElseThrow(() -> new AssertionError("not an action: " + name)));
    }
    return set;
  }

  static Resource at(String project) {
    return Resource.project(project);
  }

  static Resource at(String project, String path) {
    return Resource.file(project, path);
  }

  /** The decision for {@link #ME}, a member assigned {@code role} alone, in an org whose only custom role it is. */
  static Decision decide(CustomRole role, String action, Resource resource) {
    return decide(CompiledRoles.compile(List.of(role)), RoleHolder.member(ME, List.of(role.id()), Set.of()), action,
        resource);
  }

  static Decision decide(CompiledRoles catalog, RoleHolder holder, String action, Resource resource) {
    return ENGINE.decide(catalog, holder, Check.of("", action, resource));
  }

  static boolean allowed(CustomRole role, String action, Resource resource) {
    return decide(role, action, resource).allowed();
  }

  static List<String> projectLevel() {
    return Arrays.stream(Action.values()).filter(a -> a.level() == Action.Level.PROJECT).map(Action::wireName)
        .toList();
  }

  static List<String> accountLevel() {
    return Arrays.stream(Action.values()).filter(a -> a.level() == Action.Level.ACCOUNT).map(Action::wireName)
        .toList();
  }

  static void assertInvalid(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(DomainException.class, e -> {
          assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
          assertThat(e.fieldErrors()).extracting(DomainException.FieldError::field).containsExactly(field);
        });
  }
}
