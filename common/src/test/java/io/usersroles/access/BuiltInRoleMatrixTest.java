package io.usersroles.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks the WHOLE built-in role matrix: every action of the catalog × each built-in role × resource
 * variants, for a human member and for a service account.
 *
 * <p>The expected answers come from the product's role table typed below (as the product pages it
 * comes from state it, rows verbatim), never from {@link BuiltInRole}, docs/permissions.md or any
 * other part of the implementation.
 */
class BuiltInRoleMatrixTest {

  /** The account-level table, rows verbatim: action(s) | owner | member | instance_accessor | source. */
  private static final String ACCOUNT_TABLE = """
      | action | owner | member | instance_accessor | source |
      |---|---|---|---|---|
      | `account:update-profile` (name, avatar) | ✓ | | | release: owners change account name and avatar |
      | `account:update-settings` (ephemeral environment policy) | ✓ | ✓ | ✓ | release: Account settings |
      | `github:update-settings` | ✓ | ✓ | ✓ | release |
      | `members:view` (members, roles, emails, invitations) | ✓ | ✓ | ✓ | release |
      | `members:invite`, `members:remove`, `members:update-role` | ✓ | | | release: members cannot invite or remove |
      | `roles:manage`, `service-accounts:manage` | ✓ | | | users-and-roles: Roles tab, service accounts |
      | `permissions:check` (check on behalf of another principal) | ✓ | | | platform services |
      | `audit:view` (the org's audit events) | ✓ | | | users-and-roles: who changed access, and when |
      | `build-args:view`, `build-args:edit`, `build-args:delete` | ✓ | ✓ | ✓ | release: Build settings |
      | `integrations:add` | ✓ | ✓ | ✓ | release |
      | `integrations:remove`, `cloud-providers:remove`, `clusters:remove` | ✓ | | | release: owners remove integrations |
      | `domains:add`, `domains:verify`, `domains:delete` | ✓ | ✓ | ✓ | release |
      | `clusters:create`, `cloud-providers:create` | ✓ | ✓ | ✓ | release |
      | `clusters:set-default`, `node-groups:add`, `node-groups:edit` | ✓ | ✓ | ✓ | release |
      | `clusters:upgrade` | ✓ | | | release: members cannot upgrade clusters |
      | `datasets:create` | ✓ | ✓ | ✓ | release |
      | `environment-handles:create`, `environment-handles:duplicate`, `environment-handles:delete` | ✓ | ✓ | ✓ | release |
      | `projects:destructive` (delete project, destructive settings) | ✓ | own only | own only | release: not for projects they do not own |
      | `logs:view`, `terminal:access` (services of an environment) | ✓ | own only | ✓ | release: instance_accessor sees environments it did not create |
      """;

  /**
   * "own only": granted when the check's {@code resource.ownerId} (projects) or
   * {@code resource.creatorId} (environments) equals the principal's id. projects:destructive is about a
   * project (ownerId); logs:view and terminal:access are about the services of an environment (creatorId).
   */
  private static final Map<String, OwnField> OWN_ONLY_FIELD = Map.of(
      "projects:destructive", OwnField.OWNER_ID,
      "logs:view", OwnField.CREATOR_ID,
      "terminal:access", OwnField.CREATOR_ID);

  /** The project-level actions, verbatim. */
  private static final String PROJECT_LEVEL = """
      `project:admin`, `project:manage`, `documents:full`, `documents:edit-content`,
      `documents:view-content`, `documents:edit-view`, `branches:create`, `branches:merge`,
      `branches:delete`, `releases:manage`, `releases:deploy`, `releases:delete`,
      `environments:manage`, `environments:delete`.
      """;

  /** "Owner holds all of them on every project; member and instance_accessor hold none by default". */
  private static final Map<String, Grant> PROJECT_LEVEL_COLUMNS = Map.of(
      "owner", Grant.YES, "member", Grant.NO, "instance_accessor", Grant.NO);

  private static final List<String> ROLES = List.of("owner", "member", "instance_accessor");
  private static final String SELF = "user-self";
  private static final String OTHER = "user-other";

  private static final Pattern ACTION_NAME = Pattern.compile("`([a-z-]+:[a-z-]+)`");

  private final PermissionEngine engine = new PermissionEngine();

  enum Grant { YES, NO, OWN_ONLY }

  enum OwnField { OWNER_ID, CREATOR_ID }

  /** One row of the expected table, per action. */
  record Row(String action, Map<String, Grant> byRole) {}

  /** Where the check points for an account-level action. */
  enum AccountVariant {
    NO_RESOURCE("no resource", Optional.empty(), Optional.empty(), Optional.empty()),
    OWN("own resource (ownerId = creatorId = principal)", Optional.empty(), Optional.of(SELF), Optional.of(SELF)),
    OTHERS("other's resource (ownerId = creatorId = someone else)", Optional.empty(), Optional.of(OTHER),
        Optional.of(OTHER)),
    OWNER_ID_ONLY("ownerId = principal, creatorId = someone else", Optional.empty(), Optional.of(SELF),
        Optional.of(OTHER)),
    CREATOR_ID_ONLY("creatorId = principal, ownerId = someone else", Optional.empty(), Optional.of(OTHER),
        Optional.of(SELF)),
    OWN_IN_PROJECT("own resource inside project p1", Optional.of("p1"), Optional.of(SELF), Optional.of(SELF)),
    OTHERS_IN_PROJECT("other's resource inside project p1", Optional.of("p1"), Optional.of(OTHER),
        Optional.of(OTHER));

    final String label;
    final Resource resource;

    AccountVariant(String label, Optional<String> project, Optional<String> ownerId, Optional<String> creatorId) {
      this.label = label;
      this.resource = new Resource(project, Optional.empty(), ownerId, creatorId);
    }

    /** What "own only" answers for this variant, for an action judged on {@code field}. */
    boolean isOwn(OwnField field) {
      Optional<String> id = field == OwnField.OWNER_ID ? resource.ownerId() : resource.creatorId();
      return id.filter(SELF::equals).isPresent();
    }
  }

  /** Where the check points for a project-level action. */
  enum ProjectVariant {
    PROJECT("project p1", new Resource(Optional.of("p1"), Optional.empty(), Optional.empty(), Optional.empty())),
    PROJECT_AND_PATH("project p1, path docs/guide/intro.md",
        new Resource(Optional.of("p1"), Optional.of("docs/guide/intro.md"), Optional.empty(), Optional.empty())),
    OWN_PROJECT("project p1 owned and created by the principal",
        new Resource(Optional.of("p1"), Optional.empty(), Optional.of(SELF), Optional.of(SELF))),
    OTHER_PROJECT_AND_PATH("project p2, path README.md, owned by someone else",
        new Resource(Optional.of("p2"), Optional.of("README.md"), Optional.of(OTHER), Optional.of(OTHER)));

    final String label;
    final Resource resource;

    ProjectVariant(String label, Resource resource) {
      this.label = label;
      this.resource = resource;
    }
  }

  /** The principal kinds that hold built-in roles (active members and live service accounts). */
  enum HolderKind {
    MEMBER, SERVICE_ACCOUNT;

    RoleHolder holding(List<String> roles) {
      return this == MEMBER ? RoleHolder.member(SELF, roles, Set.of()) : RoleHolder.serviceAccount(SELF, roles);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing the tables

  static List<Row> accountRows() {
    List<Row> rows = new ArrayList<>();
    List<String> lines = ACCOUNT_TABLE.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    assertThat(lines.get(0)).isEqualTo("| action | owner | member | instance_accessor | source |");
    for (String line : lines.subList(2, lines.size())) {
      // "| actions | owner | member | instance_accessor | source |" -> split keeping empty cells
      String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
      assertThat(cells).as("cells of %s", line).hasSize(5);
      Map<String, Grant> byRole = new LinkedHashMap<>();
      byRole.put("owner", grant(cells[1]));
      byRole.put("member", grant(cells[2]));
      byRole.put("instance_accessor", grant(cells[3]));
      List<String> actions = actionNames(cells[0]);
      assertThat(actions).as("actions of %s", line).isNotEmpty();
      for (String action : actions) {
        rows.add(new Row(action, byRole));
      }
    }
    return rows;
  }

  static List<String> projectLevelActions() {
    return actionNames(PROJECT_LEVEL);
  }

  static List<Row> allRows() {
    List<Row> rows = new ArrayList<>(accountRows());
    for (String action : projectLevelActions()) {
      rows.add(new Row(action, PROJECT_LEVEL_COLUMNS));
    }
    return rows;
  }

  private static Grant grant(String cell) {
    return switch (cell.strip()) {
      case "✓" -> Grant.YES;
      case "" -> Grant.NO;
      case "own only" -> Grant.OWN_ONLY;
      default -> throw new IllegalArgumentException("unexpected cell '" + cell + "'");
    };
  }

  private static List<String> actionNames(String text) {
    List<String> names = new ArrayList<>();
    Matcher matcher = ACTION_NAME.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  // ---------------------------------------------------------------------------------------------
  // The table covers exactly the catalog

  @Test
  void theTableCoversEveryActionOfTheCatalogExactlyOnce() {
    List<String> tableActions = allRows().stream().map(Row::action).toList();
    List<String> catalog = Arrays.stream(Action.values()).map(Action::wireName).toList();

    assertThat(tableActions).doesNotHaveDuplicates();
    assertThat(tableActions).containsExactlyInAnyOrderElementsOf(catalog);
    // 34 account-level actions (table rows, grouped rows expanded) and 14 project-level ones
    assertThat(accountRows()).hasSize(34);
    assertThat(projectLevelActions()).hasSize(14);
  }

  @Test
  void theLevelOfEveryActionIsTheOneOfItsSpecSection() {
    Set<String> accountLevel = accountRows().stream().map(Row::action).collect(Collectors.toSet());
    Set<String> projectLevel = new LinkedHashSet<>(projectLevelActions());
    for (Action action : Action.values()) {
      Action.Level expected = projectLevel.contains(action.wireName()) ? Action.Level.PROJECT : Action.Level.ACCOUNT;
      assertThat(action.level()).as(action.wireName()).isEqualTo(expected);
      assertThat(accountLevel.contains(action.wireName()) ^ projectLevel.contains(action.wireName()))
          .as("%s is in exactly one list", action.wireName()).isTrue();
      assertThat(Action.fromWire(action.wireName())).contains(action);
    }
  }

  @Test
  void ownOnlyCellsAreExactlyTheActionsWhoseOwnershipFieldSpecNames() {
    Set<String> ownOnlyActions = accountRows().stream()
        .filter(row -> row.byRole().containsValue(Grant.OWN_ONLY))
        .map(Row::action)
        .collect(Collectors.toSet());
    assertThat(ownOnlyActions).isEqualTo(OWN_ONLY_FIELD.keySet());
  }

  @Test
  void theBuiltInRolesAreTheThreeOfTheSpec() {
    assertThat(Arrays.stream(BuiltInRole.values()).map(BuiltInRole::id)).containsExactlyInAnyOrderElementsOf(ROLES);
    CompiledRoles catalog = CompiledRoles.builtInOnly();
    for (String role : ROLES) {
      assertThat(catalog.hasRole(role)).as(role).isTrue();
    }
    assertThat(catalog.customRoles()).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // The matrix

  @TestFactory
  Stream<DynamicNode> everyActionTimesEveryBuiltInRoleTimesEveryResourceVariant() {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Row row : allRows()) {
      Action action = Action.fromWire(row.action())
          .orElseThrow(() -> new AssertionError("Table action " + row.action() + " is not in the catalog"));
      List<DynamicTest> tests = new ArrayList<>();
      for (String role : ROLES) {
        Grant grant = row.byRole().get(role);
        for (HolderKind kind : HolderKind.values()) {
          if (action.level() == Action.Level.ACCOUNT) {
            for (AccountVariant variant : AccountVariant.values()) {
              boolean expected = switch (grant) {
                case YES -> true;
                case NO -> false;
                case OWN_ONLY -> variant.isOwn(OWN_ONLY_FIELD.get(row.action()));
              };
              tests.add(matrixTest(row.action(), role, kind, variant.label, variant.resource, expected));
            }
          } else {
            for (ProjectVariant variant : ProjectVariant.values()) {
              tests.add(matrixTest(row.action(), role, kind, variant.label, variant.resource, grant == Grant.YES));
            }
          }
        }
      }
      nodes.add(DynamicContainer.dynamicContainer(row.action(), tests));
    }
    return nodes.stream();
  }

  private DynamicTest matrixTest(String action, String role, HolderKind kind, String variant, Resource resource,
      boolean expected) {
    String name = action + " × " + role + " (" + kind.name().toLowerCase().replace('_', ' ') + ") × " + variant
        + " → " + (expected ? "allowed" : "denied");
    return dynamicTest(name, () -> {
      Check check = Check.of("", action, resource);
      Decision decision = engine.decide(CompiledRoles.builtInOnly(), kind.holding(List.of(role)), check);
      assertThat(decision.allowed()).as(name + " (reason: " + decision.reason() + ")").isEqualTo(expected);
      assertThat(decision.reason()).as("reason").isNotBlank();
      if (expected) {
        assertThat(decision.reason()).as("an allow names the role").contains(role);
      } else {
        assertThat(decision.reason()).as("a deny names the action").contains(action);
      }
    });
  }

  /** Roles add up: a principal holding member and instance_accessor gets the union of both columns. */
  @TestFactory
  Stream<DynamicTest> holdingSeveralBuiltInRolesGrantsTheUnionOfTheirColumns() {
    List<DynamicTest> tests = new ArrayList<>();
    List<String> both = List.of("member", "instance_accessor");
    for (Row row : accountRows()) {
      for (AccountVariant variant : AccountVariant.values()) {
        boolean expected = false;
        for (String role : both) {
          expected |= switch (row.byRole().get(role)) {
            case YES -> true;
            case NO -> false;
            case OWN_ONLY -> variant.isOwn(OWN_ONLY_FIELD.get(row.action()));
          };
        }
        boolean allowed = expected;
        String name = row.action() + " × [member, instance_accessor] × " + variant.label + " → "
            + (allowed ? "allowed" : "denied");
        tests.add(dynamicTest(name, () -> {
          Decision decision = engine.decide(CompiledRoles.builtInOnly(), RoleHolder.member(SELF, both, Set.of()),
              Check.of("", row.action(), variant.resource));
          assertThat(decision.allowed()).as(name + " (reason: " + decision.reason() + ")").isEqualTo(allowed);
        }));
      }
    }
    return tests.stream();
  }

  /** The table's answer does not depend on other custom roles the org has defined. */
  @Test
  void customRolesInTheCatalogDoNotChangeTheBuiltInColumns() {
    CompiledRoles withCustom = CompiledRoles.compile(List.of(new CustomRole("r-admin", "Admins", "", List.of("eng"),
        true, List.of(), Set.of(Action.values()), List.of())));
    for (Row row : accountRows()) {
      for (String role : ROLES) {
        for (AccountVariant variant : AccountVariant.values()) {
          Check check = Check.of("", row.action(), variant.resource);
          RoleHolder holder = RoleHolder.member(SELF, List.of(role), Set.of());
          assertThat(engine.decide(withCustom, holder, check))
              .as("%s × %s × %s", row.action(), role, variant.label)
              .isEqualTo(engine.decide(CompiledRoles.builtInOnly(), holder, check));
        }
      }
    }
  }
}
