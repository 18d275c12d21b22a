package io.usersroles.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.usersroles.domain.DomainException;
import io.usersroles.testing.Gens;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * {@link GlobSet} answers for every glob exactly as {@link PathGlob} matching that glob alone, whatever the globs
 * it holds, the path, the order the globs are asked in, and the way it learns a segment pattern (segment by
 * segment, or on the path's characters all at once).
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
        .forAll(sets, paths, Generate.range(0, 5), Generate.longRange(0, Long.MAX_VALUE))
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
        .forAll(sets, paths, Generate.range(0, 5), Generate.longRange(0, Long.MAX_VALUE))
        .checkAssert(this::agrees);
  }

  @Test
  void globsMadeFromThePathAgreeWithPathGlob() {
    // globs cut from the path itself, some segments starred or changed: matches and near misses
    Gen<String> paths = lists().of(PATH_SEGMENTS).ofSizeBetween(1, 40).map(s -> String.join("/", s))
        .assuming(path -> path.length() <= ResourcePaths.MAX_PATH_LENGTH);
    qt().withExamples(2000).withGenerateAttempts(Gens.FILTER_ATTEMPTS)
        .forAll(paths, Generate.range(0, 5), Generate.longRange(0, Long.MAX_VALUE))
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
      for (int mode = 0; mode < 6; mode++) {
        agrees(globs, path, mode, mode);
      }
    }
  }

  /**
   * Matches {@code globs} together against {@code path} and each alone with {@link PathGlob}, asking in an order
   * drawn from {@code seed}, each twice; {@code mode} picks how wildcards are learnt.
   */
  private void agrees(List<String> globs, String path, int mode, long seed) {
    String[] segments = ResourcePaths.segments("p", path);
    GlobSet set = GlobSet.of(globs);
    GlobSet.Match match = mode % 2 == 0 ? shared : new GlobSet.Match();
    // 0: as shipped; 1: every segment scanned as PathGlob does; the others find the parts' occurrences first, and
    // test each segment on them (2) or by scanning (5), or learn wildcards on all segments at once (3, 4)
    match.fewCharacters = mode == 0 ? GlobSet.Match.FEW_CHARACTERS : mode == 1 ? Integer.MAX_VALUE : 0;
    match.longSegment = mode == 0 ? GlobSet.Match.LONG_SEGMENT : mode == 2 || mode == 4 ? 1 : Integer.MAX_VALUE;
    match.learning = mode == 0 ? GlobSet.Match.BY_COST
        : mode == 3 || mode == 4 ? GlobSet.Match.ALL_AT_ONCE : GlobSet.Match.EACH_SEGMENT;
    // each chunk's occurrences set one by one, or carried from the longer chunks that end with it
    match.carrying = mode == 0 ? GlobSet.Match.BY_COST : mode % 2 == 0 ? GlobSet.Match.EACH : GlobSet.Match.CARRIED;
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
