package io.usersroles.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.usersroles.domain.DomainException;
import io.usersroles.testing.Gens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * {@link GlobSet} answers for every glob exactly as {@link PathGlob} matching that glob alone, whatever the globs
 * it holds, the path, the order the globs are asked in, and the way it learns a segment pattern (segment by
 * segment, or on the path's characters all at once); and on the largest catalogs of the globs that cost it most,
 * its cost (counted in steps, not timed) stays linear in the globs' characters and well under theirs alone.
 */
class GlobSetTest {
  /** Segment patterns: literals and wildcards over a small alphabet, so that globs share and nearly match. */
  private static final Gen<String> SEGMENTS = Gens.oneOf(List.of(
      Gens.strings(Gens.charOf("ab*"), 1, 6),
      Gens.of("**", "**", "*", "a", "b", "ab", "*a", "a*", "*b*", "*ab*", "a*b", "*a*b", "ab*ab", "*aa*a", "é*", ".",
          "*😀*")));
  private static final Gen<String> PATH_SEGMENTS = Gens.oneOf(List.of(
      Gens.strings(Gens.charOf("ab"), 1, 5),
      Gens.of("a", "b", "ab", "ba", "aa", "aab", "abab", "é", "aé😀b"),
      // long segments, which a wildcard is learnt on by the path's characters
      Gens.strings(Gens.charOf("ab"), 60, 80)));

  /** A shared matcher, so that what one check learnt must never leak into the next. */
  private final GlobSet.Match shared = new GlobSet.Match();

  @Test
  void shortGlobsAndPathsAgreeWithPathGlob() {
    Gen<String> globs = lists().of(SEGMENTS).ofSizeBetween(1, 8).map(s -> String.join("/", s));
    Gen<List<String>> sets = lists().of(globs).ofSizeBetween(1, 30);
    Gen<String> paths = lists().of(PATH_SEGMENTS).ofSizeBetween(1, 12).map(s -> String.join("/", s))
        .assuming(path -> path.length() <= ResourcePaths.MAX_PATH_LENGTH);
    qt().withExamples(3000).withGenerateAttempts(Gens.FILTER_ATTEMPTS)
        .forAll(sets, paths, Generate.range(0, MODES - 1), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert(this::agrees);
  }

  @Test
  void longRunsAndLongPathsAgreeWithPathGlob() {
    // runs of up to 90 segments between two '**' (blocks of patterns, windows of 64 starts), paths of 500 segments
    Gen<List<String>> runs = lists().of(Gens.of("a", "b", "ab", "*", "*", "*a", "a*", "*b*", "aa*a", "*ab*"))
        .ofSizeBetween(1, 90);
    Gen<String> globs = lists().of(runs).ofSizeBetween(1, 3).map(GlobSetTest::anyDepthBetween)
        .assuming(glob -> glob.length() <= ResourcePaths.MAX_PATH_LENGTH); // the longest a stored glob may be
    Gen<List<String>> sets = lists().of(globs).ofSizeBetween(1, 12);
    Gen<String> paths = lists().of(Gens.of("a", "b", "ab", "ba", "aa", "aaa", "bab")).ofSizeBetween(1, 500)
        .map(s -> String.join("/", s)).assuming(path -> path.length() <= ResourcePaths.MAX_PATH_LENGTH);
    qt().withExamples(600).withGenerateAttempts(Gens.FILTER_ATTEMPTS)
        .forAll(sets, paths, Generate.range(0, MODES - 1), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert(this::agrees);
  }

  @Test
  void globsMadeFromThePathAgreeWithPathGlob() {
    // globs cut from the path itself, some segments starred or changed: matches and near misses
    Gen<String> paths = lists().of(PATH_SEGMENTS).ofSizeBetween(1, 40).map(s -> String.join("/", s))
        .assuming(path -> path.length() <= ResourcePaths.MAX_PATH_LENGTH);
    qt().withExamples(2000).withGenerateAttempts(Gens.FILTER_ATTEMPTS)
        .forAll(paths, Generate.range(0, MODES - 1), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((path, mode, seed) -> agrees(globsFrom(path, new Random(seed)), path, mode, seed));
  }

  @Test
  void adversarialGlobsAgreeWithPathGlob() {
    List<String> globs = new ArrayList<>(LinearGlobTest.adversarialInputs()
        .map(arguments -> (String) arguments.get()[1]).toList());
    for (int i = 0; i < 20; i++) {
      globs.add("**/*/z" + i + "/**");
      globs.add(LinearGlobTest.fill("*a/", "**/", "*z" + i + "/**", ResourcePaths.MAX_GLOB_LENGTH));
      globs.add(LinearGlobTest.fill("*a", "", "*b" + i, ResourcePaths.MAX_GLOB_LENGTH));
      globs.add(LinearGlobTest.fill("**/a/", "", "**/b" + i, ResourcePaths.MAX_GLOB_LENGTH));
      globs.add(LinearGlobTest.fill("*a*/", "**/", "*b" + i + "*/**", ResourcePaths.MAX_GLOB_LENGTH));
    }
    String deep = String.join("/", Collections.nCopies(511, "a")) + "/aa";
    List<String> paths = List.of(deep, "a".repeat(1024), "b" + "a".repeat(1023), "a".repeat(1023) + "b",
        deep.substring(0, 1019) + "/b", deep.substring(0, 1017) + "/z3", "ab/".repeat(341) + "b",
        "aa/".repeat(340) + "aaaa", String.join("/", Collections.nCopies(300, "a")) + "/b");
    for (String path : paths) {
      for (int mode = 0; mode < MODES; mode++) {
        agrees(globs, path, mode, mode);
      }
    }
  }

  @Test
  void wildcardsOfManyPartsAgreeWithPathGlob() {
    // segment patterns of many short parts over three letters, anchored at either end or not, that share their
    // first parts (the trie of parts), and paths of segments that hold some of them as subsequences (matches, and
    // misses by a part, by an anchor or by the room left)
    qt().withExamples(1500)
        .forAll(Generate.range(1, 40), Generate.range(1, 16), Generate.range(0, MODES - 1),
            Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((globCount, segmentCount, mode, seed) -> {
          Random random = new Random(seed);
          List<String> spine = new ArrayList<>();
          for (int i = 0; i < 12; i++) {
            spine.add(letters(random, 1 + random.nextInt(random.nextInt(4) == 0 ? 4 : 2)));
          }
          List<List<String>> partLists = new ArrayList<>();
          List<String> globs = new ArrayList<>();
          for (int g = 0; g < globCount; g++) {
            List<String> parts = new ArrayList<>(spine.subList(0, random.nextInt(spine.size())));
            for (int extra = random.nextInt(6); extra > 0; extra--) {
              parts.add(letters(random, 1 + random.nextInt(2)));
            }
            if (parts.isEmpty()) {
              parts.add(letters(random, 1));
            }
            partLists.add(parts);
            String pattern = (random.nextInt(3) == 0 ? "" : "*") + String.join("*", parts)
                + (random.nextInt(3) == 0 ? "" : "*");
            globs.add(switch (random.nextInt(5)) {
              case 0 -> pattern + "/**";
              case 1 -> "**/" + pattern;
              case 2 -> "**/" + letters(random, 1) + "*/" + pattern + "/**";
              default -> "**/" + pattern + "/**";
            });
          }
          List<String> segments = new ArrayList<>();
          int length = -1;
          while (segments.size() < segmentCount && length < ResourcePaths.MAX_PATH_LENGTH - 90) {
            StringBuilder segment = new StringBuilder();
            if (random.nextBoolean()) {
              // the parts of a glob, in order, with letters around and between them; maybe one part dropped
              List<String> parts = partLists.get(random.nextInt(partLists.size()));
              int dropped = random.nextInt(3) == 0 ? random.nextInt(parts.size()) : -1;
              for (int i = 0; i < parts.size(); i++) {
                segment.append(letters(random, random.nextInt(3))).append(i == dropped ? "" : parts.get(i));
              }
              segment.append(letters(random, random.nextInt(3)));
            }
            segment.append(letters(random, segment.length() == 0 ? 1 + random.nextInt(40) : random.nextInt(2)));
            segments.add(segment.toString());
            length += segment.length() + 1;
          }
          agrees(globs, String.join("/", segments), mode, seed);
        });
  }

  @Test
  void wildcardsThatNeedManyOfSomeCharactersAgreeWithPathGlob() {
    // a walk of the trie also prunes by how many of the characters the parts hold most a segment has left (at most
    // four of them, each counted up to 127): parts of six letters, so that some are not counted, and parts of
    // many letters, around the cap, against segments of about as many
    qt().withExamples(600)
        .forAll(Generate.range(1, 30), Generate.range(1, 10), Generate.range(0, MODES - 1),
            Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((globCount, segmentCount, mode, seed) -> {
          Random random = new Random(seed);
          int[] counts = {1, 2, 3, 60, 126, 127, 128, 129, 200};
          String alphabet = "abcdef";
          List<String> globs = new ArrayList<>();
          for (int g = 0; g < globCount; g++) {
            StringBuilder pattern = new StringBuilder(random.nextBoolean() ? "*" : "");
            int length = 0;
            for (int parts = 1 + random.nextInt(5); parts > 0 && length < 200; parts--) {
              char c = alphabet.charAt(random.nextInt(random.nextBoolean() ? 2 : alphabet.length()));
              int n = Math.min(random.nextBoolean() ? counts[random.nextInt(counts.length)] : 1, 240 - length);
              pattern.append(String.valueOf(c).repeat(n)).append('*');
              length += n + 1;
            }
            if (random.nextBoolean()) {
              pattern.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            globs.add("**/" + pattern + "/**");
          }
          List<String> segments = new ArrayList<>();
          int length = -1;
          while (segments.size() < segmentCount && length < ResourcePaths.MAX_PATH_LENGTH - 260) {
            StringBuilder segment = new StringBuilder();
            for (int runs = 1 + random.nextInt(6); runs > 0 && segment.length() < 250; runs--) {
              char c = alphabet.charAt(random.nextInt(random.nextBoolean() ? 2 : alphabet.length()));
              int n = random.nextBoolean() ? counts[random.nextInt(counts.length)] + random.nextInt(3) - 1
                  : 1 + random.nextInt(3);
              segment.append(String.valueOf(c).repeat(Math.max(1, Math.min(n, 250 - segment.length()))));
            }
            segments.add(segment.toString());
            length += segment.length() + 1;
          }
          agrees(globs, String.join("/", segments), mode, seed);
        });
  }

  private static String letters(Random random, int count) {
    StringBuilder letters = new StringBuilder();
    for (int i = 0; i < count; i++) {
      letters.append("abc".charAt(random.nextInt(3)));
    }
    return letters.toString();
  }

  @Test
  void theEngineDecidesAsIfEachGlobWereMatchedAlone() {
    // long paths and many globs, so that the engine turns from matching globs alone to matching them together
    Gen<String> globs = Gens.oneOf(List.of(
        lists().of(SEGMENTS).ofSizeBetween(1, 6).map(segments -> String.join("/", segments)),
        lists().of(SEGMENTS).ofSizeBetween(1, 4).map(segments -> "**/" + String.join("/", segments) + "/**")));
    Gen<String> actions = Gens.of("documents:full", "documents:edit-content", "documents:view-content",
        "documents:edit-view");
    Gen<FilePermission> files = Gens.each(List.of(Gens.of("p", "p", "q"), globs, actions)).map(f ->
        new FilePermission((String) f.get(0), (String) f.get(1), CustomRoleFixture.actions((String) f.get(2))));
    Gen<List<List<FilePermission>>> catalogs = lists().of(lists().of(files).ofSizeBetween(1, 15))
        .ofSizeBetween(1, 12);
    Gen<String> paths = lists().of(PATH_SEGMENTS).ofSizeBetween(20, 120).map(s -> String.join("/", s))
        .assuming(path -> path.length() <= ResourcePaths.MAX_PATH_LENGTH);
    PermissionEngine engine = new PermissionEngine();
    qt().withExamples(400).withGenerateAttempts(Gens.FILTER_ATTEMPTS)
        .forAll(catalogs, paths, actions, Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert((catalog, path, action, seed) -> {
          Random random = new Random(seed);
          String[] segments = ResourcePaths.segments("p", path);
          List<CustomRole> roles = new ArrayList<>();
          String granting = null;
          long bit = Action.fromWire(action).orElseThrow().bit();
          for (int r = 0; r < catalog.size(); r++) {
            List<FilePermission> permissions = new ArrayList<>(catalog.get(r));
            if (random.nextInt(4) == 0) {
              // a glob cut from the path: some of the globs match
              List<String> cut = globsFrom(path, random);
              permissions.add(new FilePermission("p", cut.get(random.nextInt(cut.size())),
                  CustomRoleFixture.actions(action)));
            }
            String id = "role-" + r;
            roles.add(new CustomRole(id, id, "", List.of("g"), false, List.of(), Set.of(), permissions));
            for (FilePermission file : permissions) {
              long granted = 0;
              for (Action each : file.permissions()) {
                granted |= each.impliedBits();
              }
              if (granting == null && file.project().equals("p") && (granted & bit) != 0
                  && PathGlob.compileStored("g", file.path()).matches(segments)) {
                granting = id;
              }
            }
          }
          Decision decision = engine.decide(CompiledRoles.compile(roles),
              RoleHolder.member("user-me", List.of(), Set.of("g")),
              Check.of("", action, Resource.file("p", path)));
          assertThat(decision.allowed()).as("%s on %s", action, path).isEqualTo(granting != null);
          if (granting != null) {
            assertThat(decision.reason()).contains("'" + granting + "'");
          }
        });
  }

  // ---------------------------------------------------------------------------------------------
  // the cost, in steps

  /** The path of the benchmark's worst case: 511 segments "a" and a last "aa", 1,024 characters. */
  private static final String DEEP = "a/".repeat(511) + "aa";

  /**
   * Catalogs as large as 100 roles of the largest size hold (about 3,000 characters of globs each: 47 short globs or
   * 11 of 256 characters), of the shapes that cost matching most, each with a path of at most 1,024 characters that
   * none of them matches: the benchmark's two ({@code WorstCase}), and those that cost {@link GlobSet} most.
   */
  static Stream<Arguments> worstCatalogs() {
    Random random = new Random(19);
    List<String> shortRuns = new ArrayList<>();
    List<String> longRuns = new ArrayList<>();
    List<String> starChains = new ArrayList<>();
    List<String> alternating = new ArrayList<>();
    List<String> spellings = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    for (int i = 0; i < 4700; i++) {
      shortRuns.add("**/*/z" + i + "/**");
    }
    for (int i = 0; i < 1100; i++) {
      longRuns.add(LinearGlobTest.fill("*a/", "**/", "*z" + i + "/**", ResourcePaths.MAX_GLOB_LENGTH));
      StringBuilder chain = new StringBuilder();
      while (chain.length() + 8 <= ResourcePaths.MAX_GLOB_LENGTH) {
        chain.append(random.nextBoolean() ? "*a" : "*aa");
      }
      starChains.add(chain.append("*c*b*").toString());
      StringBuilder run = new StringBuilder("**/");
      String[] units = {"a/b/", "a/*/", "*/b/"};
      while (run.length() + 4 + "a/a/**".length() <= ResourcePaths.MAX_GLOB_LENGTH) {
        run.append(units[random.nextInt(units.length)]);
      }
      alternating.add(run.append("a/a/**").toString());
      // the same runs with each letter spelt one of the four ways that match it alone: they share fewer pieces
      String[] a = {"a", "a*", "*a", "*a*"};
      String[] b = {"b", "b*", "*b", "*b*"};
      StringBuilder spelt = new StringBuilder("**/");
      String end = a[random.nextInt(4)] + "/" + a[random.nextInt(4)] + "/**";
      while (true) {
        String pair = switch (random.nextInt(3)) {
          case 0 -> a[random.nextInt(4)] + "/" + b[random.nextInt(4)] + "/";
          case 1 -> a[random.nextInt(4)] + "/*/";
          default -> "*/" + b[random.nextInt(4)] + "/";
        };
        if (spelt.length() + pair.length() + end.length() > ResourcePaths.MAX_GLOB_LENGTH) {
          break;
        }
        spelt.append(pair);
      }
      spellings.add(spelt.append(end).toString());
      String[] heads = {"*", "a*", "*a", "a*a", "aa*"};
      reports.add(heads[i / 250 % heads.length] + "a".repeat(1 + i % 250) + "*b*");
    }
    // 39 segments of 25 random letters, and 20 letters in a row that are a subsequence of none of them
    StringBuilder segments = new StringBuilder();
    for (int q = 0; q < 39; q++) {
      segments.append(q == 0 ? "" : "/");
      for (int c = 0; c < 25; c++) {
        segments.append("abc".charAt(random.nextInt(3)));
      }
    }
    String letters = segments.toString();
    List<String> subsequences = new ArrayList<>();
    while (subsequences.size() < 3200) {
      StringBuilder pattern = new StringBuilder("*");
      for (int c = 0; c < 20; c++) {
        pattern.append("abc".charAt(random.nextInt(3))).append('*');
      }
      String glob = pattern.toString();
      if (Arrays.stream(letters.split("/")).noneMatch(segment -> PathGlob.segmentMatches(glob, segment))) {
        subsequences.add("**/" + pattern + "/**");
      }
    }
    // 48 segments of 20 letters, and 16 letters in a row: learnt all at once, these cost 30 times the trie's walk
    StringBuilder shorter = new StringBuilder();
    for (int q = 0; q < 48; q++) {
      shorter.append(q == 0 ? "" : "/");
      for (int c = 0; c < 20; c++) {
        shorter.append("abc".charAt(random.nextInt(3)));
      }
    }
    String shortLetters = shorter.toString();
    List<String> shortSubsequences = new ArrayList<>();
    while (shortSubsequences.size() < 3500) {
      StringBuilder pattern = new StringBuilder("*");
      for (int c = 0; c < 16; c++) {
        pattern.append("abc".charAt(random.nextInt(3))).append('*');
      }
      String glob = pattern.toString();
      if (Arrays.stream(shortLetters.split("/")).noneMatch(segment -> PathGlob.segmentMatches(glob, segment))) {
        shortSubsequences.add("**/" + pattern + "/**");
      }
    }
    String alternatingPath = "a/b/".repeat(255) + "a/bb";
    int any = 100 * STEPS_PER_GLOB_CHARACTER;
    return Stream.of(
        Arguments.of("benchmark: **/*/z<i>/**", shortRuns, DEEP, any),
        Arguments.of("benchmark: **/*a/*a/.../*z<i>/**", longRuns, DEEP, any),
        Arguments.of("*a*aa*...*c*b*, many parts, one long segment", starChains, "b" + "a".repeat(500) + "c"
            + "a".repeat(522), any),
        // runs of patterns that each match half the positions: pieces shared by many runs, and AND-ed one bitset
        // a piece (34,000 steps; each pattern AND-ed alone, about 800,000)
        Arguments.of("**/a/b/*/b/.../a/a/**, runs that fail at their end", alternating, alternatingPath, 25),
        Arguments.of("**/*a/b*/*/*b*/.../a*/a/**, those runs spelt to share fewer pieces", spellings, alternatingPath,
            50),
        Arguments.of("*aaa...a*b*, every chunk length occurring everywhere", reports, "b" + "a".repeat(1023), any),
        // walked down the trie of their parts (35,000 and 36,000 steps; 49,000 without counting the letters left,
        // and about 1,100,000 for the second learnt all at once)
        Arguments.of("**/*a*c*b*...*/**, subsequences of 39 distinct segments", subsequences, letters, 30),
        Arguments.of("**/*a*c*...*/**, 16 letters against 48 distinct segments of 20", shortSubsequences,
            shortLetters, 30));
  }

  /**
   * What matching together may cost per character of the globs' (plus a pass over the path), in steps; some
   * catalogs are held to less ({@link #worstCatalogs}'s last argument, steps per hundred characters).
   */
  static final int STEPS_PER_GLOB_CHARACTER = 16;

  @ParameterizedTest(name = "{0}")
  @MethodSource("worstCatalogs")
  void theCostOfTheWorstCatalogsIsLinearInTheirGlobsAndUnderMatchingThemAlone(String what, List<String> globs,
      String path, int stepsPerHundredCharacters) {
    String[] segments = ResourcePaths.segments("p", path);
    PathGlob.Steps alone = new PathGlob.Steps();
    long characters = 0;
    for (String glob : globs) {
      assertThat(glob.length()).isLessThanOrEqualTo(ResourcePaths.MAX_GLOB_LENGTH);
      characters += glob.length();
      assertThat(PathGlob.compile("g", glob).matches(segments, alone)).as(glob).isFalse();
    }
    assertThat(characters).as("as many characters as 100 roles may hold").isLessThanOrEqualTo(100 * 3_000);
    GlobSet.Match match = new GlobSet.Match();
    match.steps = new PathGlob.Steps();
    match.start(GlobSet.of(globs), segments);
    for (int i = 0; i < globs.size(); i++) {
      assertThat(match.matches(i)).as(globs.get(i)).isFalse();
    }
    assertThat(match.steps.count).as("%d globs of %d characters together", globs.size(), characters)
        .isLessThanOrEqualTo(STEPS_PER_GLOB_CHARACTER * characters + 8L * path.length())
        .isLessThanOrEqualTo(stepsPerHundredCharacters * characters / 100 + 8L * path.length())
        .isLessThanOrEqualTo(alone.count / 2);
  }

  /** How many ways {@link #agrees} has of learning a wildcard. */
  private static final int MODES = 8;

  /**
   * Matches {@code globs} together against {@code path} and each alone with {@link PathGlob}, asking in an order
   * drawn from {@code seed}, each twice; {@code mode} picks how wildcards are learnt, {@code seed} also the size of
   * the runs' pieces.
   */
  private void agrees(List<String> globs, String path, int mode, long seed) {
    String[] segments = ResourcePaths.segments("p", path);
    // the runs' pieces of the size that costs least, or of 1, 2, 3 or 5 patterns
    int pieceSize = new int[] {0, 1, 2, 3, 5}[(int) Math.floorMod(seed, 5L)];
    GlobSet set = GlobSet.of(globs, pieceSize);
    GlobSet.Match match = mode % 2 == 0 ? shared : new GlobSet.Match();
    // 0: as shipped; 1: every segment scanned as PathGlob does; the others find the parts' occurrences first, and
    // test each segment on them (2) or by scanning (5), learn wildcards on all segments at once (3, 4), walk the
    // trie of the wildcards' parts on all segments (6), or sweep the whole trie at the first wildcard learnt (7)
    match.fewCharacters = mode == 0 ? GlobSet.Match.FEW_CHARACTERS : mode == 1 ? Integer.MAX_VALUE : 0;
    match.longSegment = mode == 0 ? GlobSet.Match.LONG_SEGMENT : mode == 2 || mode == 4 ? 1 : Integer.MAX_VALUE;
    match.learning = mode == 0 ? GlobSet.Match.BY_COST
        : mode == 3 || mode == 4 ? GlobSet.Match.ALL_AT_ONCE
        : mode == 6 ? GlobSet.Match.TRIE_WALK
        : mode == 7 ? GlobSet.Match.SWEEP : GlobSet.Match.EACH_SEGMENT;
    // each chunk's occurrences set one by one, or carried from the longer chunks that end with it
    match.carrying = mode == 0 ? GlobSet.Match.BY_COST : mode % 2 == 0 ? GlobSet.Match.EACH : GlobSet.Match.CARRIED;
    // a sweep given up after a little work, half the time: the wildcards are then learnt one by one
    match.sweepBudget = mode == 7 && (seed & 1) == 0 ? Math.floorMod(seed >> 1, 80L) : -1;
    match.start(set, segments);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < globs.size(); i++) {
      order.add(i);
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    for (int i : order) {
      boolean expected = PathGlob.compileStored("g", globs.get(i)).matches(segments);
      assertThat(match.matches(i)).as("%s vs %s (mode %d, seed %d)", globs.get(i), path, mode, seed)
          .isEqualTo(expected);
    }
  }

  private static List<String> globsFrom(String path, Random random) {
    String[] segments = path.split("/", -1);
    List<String> globs = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      int from = random.nextInt(segments.length);
      int to = from + 1 + random.nextInt(segments.length - from);
      List<String> glob = new ArrayList<>();
      if (from > 0 || random.nextBoolean()) {
        glob.add("**");
      }
      for (int i = from; i < to; i++) {
        String segment = segments[i];
        switch (random.nextInt(6)) {
          case 0 -> glob.add("*");
          case 1 -> glob.add(segment.substring(0, random.nextInt(segment.length())) + "*");
          case 2 -> glob.add("*" + segment.substring(random.nextInt(segment.length())));
          case 3 -> glob.add(segment + (random.nextBoolean() ? "b" : "*b"));
          default -> glob.add(segment);
        }
      }
      if (to < segments.length || random.nextBoolean()) {
        glob.add("**");
      }
      String joined = String.join("/", glob);
      try {
        PathGlob.compileStored("g", joined); // a cut may split a surrogate pair, or be longer than any stored glob
        globs.add(joined);
      } catch (DomainException invalid) {
        // not a glob a role may hold
      }
    }
    globs.add("**");
    return globs;
  }

  private static String anyDepthBetween(List<List<String>> pieces) {
    List<String> parts = new ArrayList<>();
    parts.add("**");
    for (List<String> piece : pieces) {
      parts.addAll(piece);
      parts.add("**");
    }
    return String.join("/", parts);
  }
}
