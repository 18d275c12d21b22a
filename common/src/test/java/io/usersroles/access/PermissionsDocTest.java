package io.usersroles.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds docs/permissions.md to the code, so that the catalog users read cannot drift from the one the
 * engine decides with: its actions and levels ({@link Action}), the built-in role matrix
 * ({@link BuiltInRole#always()}, {@link BuiltInRole#ownOnly()}), the implications
 * ({@link Action#impliedBits()}) and the resource field each "own only" grant compares.
 */
class PermissionsDocTest {
  static final String DOC = "docs/permissions.md";
  static final String MATRIX_HEADER = "| action | level | owner | member | instance_accessor | meaning |";
  static final String IMPLIES_HEADER = "| action | implies |";
  static final String OWN_ONLY_HEADER = "| action | compared with the principal |";

  private static final Pattern ACTION_CELL = Pattern.compile("`([a-z-]+:[a-z-]+)`");
  private static final Map<String, Action.Level> LEVELS = Map.of("account", Action.Level.ACCOUNT, "project",
      Action.Level.PROJECT);

  private static List<String> lines;

  @BeforeAll
  static void readDoc() throws IOException {
    lines = Files.readAllLines(docPath(), StandardCharsets.UTF_8);
  }

  /** The repository root is where the build says it is, else the nearest directory up that holds the doc. */
  static Path docPath() {
    String configured = System.getProperty("usersroles.repoRoot");
    if (configured != null && Files.isRegularFile(Path.of(configured, DOC))) {
      return Path.of(configured, DOC);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(DOC))) {
        return dir.resolve(DOC);
      }
    }
    throw new AssertionError(DOC + " not found in " + Path.of("").toAbsolutePath() + " or any directory above it");
  }

  @Test
  void theDocumentedActionsAreExactlyTheCatalog() {
    List<String> documented = matrix().stream().map(row -> action(row.get(0))).toList();

    assertThat(documented).as("actions of the role matrix in %s", DOC).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(Action.values()).map(Action::wireName).toList());
  }

  @Test
  void eachActionHasItsLevel() {
    SoftAssertions softly = new SoftAssertions();
    for (List<String> row : matrix()) {
      Optional<Action> action = Action.fromWire(action(row.get(0)));
      if (action.isPresent()) { // an unknown action is the failure of the test above
        softly.assertThat(LEVELS.get(row.get(1))).as("level of %s in %s (\"%s\")", row.get(0), DOC, row.get(1))
            .isEqualTo(action.get().level());
      }
    }
    softly.assertAll();
  }

  @Test
  void theMatrixHasOneColumnPerBuiltInRole() {
    List<String> header = cells(MATRIX_HEADER);

    assertThat(header.subList(2, header.size() - 1))
        .containsExactlyElementsOf(Arrays.stream(BuiltInRole.values()).map(BuiltInRole::id).toList());
  }

  @Test
  void eachCellOfTheMatrixIsWhatTheBuiltInRoleGrants() {
    List<String> header = cells(MATRIX_HEADER);
    SoftAssertions softly = new SoftAssertions();
    for (List<String> row : matrix()) {
      Optional<Action> action = Action.fromWire(action(row.get(0)));
      if (action.isEmpty()) {
        continue;
      }
      for (int column = 2; column < header.size() - 1; column++) {
        BuiltInRole role = BuiltInRole.fromId(header.get(column)).orElseThrow();
        softly.assertThat(row.get(column)).as("%s, column %s, in %s", row.get(0), role.id(), DOC)
            .isEqualTo(expectedCell(role, action.get()));
      }
    }
    softly.assertAll();
  }

  @Test
  void theDocumentedImplicationsAreTheEngines() {
    Map<String, Set<String>> documented = new TreeMap<>();
    for (List<String> row : table(IMPLIES_HEADER, 2)) {
      String action = action(row.get(0));
      assertThat(documented).as("%s appears twice in the implications of %s", action, DOC).doesNotContainKey(action);
      documented.put(action, actions(row.get(1)));
    }

    Map<String, Set<String>> expected = new TreeMap<>();
    for (Action action : Action.values()) {
      Set<String> implied = new TreeSet<>();
      for (Action other : Action.values()) {
        if (other != action && (action.impliedBits() & other.bit()) != 0) {
          implied.add(other.wireName());
        }
      }
      if (!implied.isEmpty()) {
        expected.put(action.wireName(), implied);
      }
    }
    assertThat(documented).as("the implications table of %s (an action that implies nothing has no row)", DOC)
        .isEqualTo(expected);
  }

  @Test
  void eachOwnOnlyGrantComparesTheDocumentedField() {
    Map<String, String> documented = new LinkedHashMap<>();
    for (List<String> row : table(OWN_ONLY_HEADER, 2)) {
      documented.put(action(row.get(0)), row.get(1));
    }
    Set<Action> ownOnly = EnumSet.noneOf(Action.class);
    for (BuiltInRole role : BuiltInRole.values()) {
      ownOnly.addAll(role.ownOnly());
    }
    assertThat(documented.keySet()).as("the actions of the own-only table of %s", DOC)
        .containsExactlyInAnyOrderElementsOf(ownOnly.stream().map(Action::wireName).toList());

    PermissionEngine engine = new PermissionEngine();
    CompiledRoles roles = CompiledRoles.builtInOnly();
    SoftAssertions softly = new SoftAssertions();
    for (BuiltInRole role : BuiltInRole.values()) {
      RoleHolder holder = RoleHolder.member("u1", List.of(role.id()), Set.of());
      for (Action action : role.ownOnly()) {
        String field = documented.get(action.wireName());
        Map<String, Resource> self = Map.of("`resource.ownerId`", Resource.ownedBy("u1"), "`resource.creatorId`",
            Resource.createdBy("u1"));
        softly.assertThat(field).as("field of %s in %s", action.wireName(), DOC).isIn(self.keySet());
        for (Map.Entry<String, Resource> resource : self.entrySet()) {
          softly.assertThat(engine.decide(roles, holder, Check.of("", action.wireName(), resource.getValue()))
              .allowed()).as("the engine's answer for %s of %s with %s naming the principal (expected: as documented)",
                  action.wireName(), role.id(), resource.getKey())
              .isEqualTo(resource.getKey().equals(field));
        }
        softly.assertThat(engine.decide(roles, holder, Check.of("", action.wireName(),
            new Resource(Optional.empty(), Optional.empty(), Optional.of("u2"), Optional.of("u2")))).allowed())
            .as("%s of %s on someone else's resource", action.wireName(), role.id()).isFalse();
      }
    }
    softly.assertAll();
  }

  /** What a cell says for {@code role} and {@code action}: always, own only, or nothing. */
  static String expectedCell(BuiltInRole role, Action action) {
    if (role.always().contains(action)) {
      return "✓";
    }
    return role.ownOnly().contains(action) ? "own only" : "";
  }

  private static List<List<String>> matrix() {
    return table(MATRIX_HEADER, cells(MATRIX_HEADER).size());
  }

  /**
   * The rows of the one table whose header line is {@code header}: cells trimmed, backticks kept.
   * The table ends at the first line that does not start with '|'.
   */
  static List<List<String>> table(String header, int columns) {
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(header)) {
        starts.add(i);
      }
    }
    assertThat(starts).as("tables with the header %s in %s", header, DOC).hasSize(1);
    int separator = starts.get(0) + 1;
    assertThat(separator < lines.size() && lines.get(separator).strip().matches("\\|(\\s*:?-+:?\\s*\\|)+"))
        .as("a separator row under %s in %s", header, DOC).isTrue();
    List<List<String>> rows = new ArrayList<>();
    for (int i = separator + 1; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) {
      List<String> row = cells(lines.get(i));
      assertThat(row).as("cells of line %d of %s: %s", i + 1, DOC, lines.get(i)).hasSize(columns);
      rows.add(row);
    }
    assertThat(rows).as("rows under %s in %s", header, DOC).isNotEmpty();
    return rows;
  }

  static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    return Arrays.stream(inner.split("\\|", -1)).map(String::strip).toList();
  }

  /** The one action a cell names, in backticks. */
  static String action(String cell) {
    Matcher matcher = ACTION_CELL.matcher(cell);
    assertThat(matcher.matches()).as("an action cell of %s holds one `wire:name`, not %s", DOC, cell).isTrue();
    return matcher.group(1);
  }

  /** Every action a cell names, each in backticks, separated by commas. */
  static Set<String> actions(String cell) {
    Set<String> names = Arrays.stream(cell.split(",")).map(String::strip).map(PermissionsDocTest::action)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(names).as("actions of %s", cell).hasSize(cell.split(",").length);
    return names;
  }
}
