package io.usersroles.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.usersroles.testing.Gens;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/**
 * The glob matcher answers as simple references do, and its cost is pinned by counting its steps, not by
 * timing it: a match takes a number of steps linear in the path and the glob, for the inputs that make a
 * backtracking matcher quadratic. (The time per check on the largest roles the product accepts is the
 * benchmark's {@code check_worst_case_us}.)
 */
class LinearGlobTest {
  private static final int PATH = ResourcePaths.MAX_PATH_LENGTH;
  private static final int GLOB = ResourcePaths.MAX_GLOB_LENGTH;

  // ---------------------------------------------------------------------------------------------
  // the same answers as references

  @Test
  @DisplayName("one segment: '*' is any run of characters, as in a regex of the segment")
  void segmentsAgreeWithARegex() {
    Gen<String> patterns = Gens.strings(Gens.charOf("ab*"), 1, 14);
    Gen<String> texts = Gens.strings(Gens.charOf("ab"), 1, 16);
    qt().withExamples(5000).forAll(patterns, texts).checkAssert((pattern, text) ->
        assertThat(PathGlob.segmentMatches(pattern, text)).as("%s vs %s", pattern, text)
            .isEqualTo(text.matches(segmentRegex(pattern))));
  }

  @Test
  @DisplayName("globs of several segments, '**' among them, agree with a naive recursive matcher")
  void globsAgreeWithARecursiveReference() {
    Gen<String> globs = lists().of(Gens.of("a", "b", "ab", "aab", "aba", "*", "**", "**", "a*", "*b", "*a*", "*ab*",
        "a*b", "*aab*", "b*b*", "*a*b")).ofSizeBetween(1, 8).map(s -> String.join("/", s));
    Gen<String> paths = lists().of(Gens.of("a", "b", "ab", "ba", "aab", "abab", "aaab", "baab", "bab"))
        .ofSizeBetween(1, 10).map(s -> String.join("/", s));
    qt().withExamples(5000).forAll(globs, paths).checkAssert((glob, path) ->
        assertThat(matches(glob, path)).as("%s vs %s", glob, path)
            .isEqualTo(reference(glob.split("/", -1), 0, path.split("/", -1), 0)));
  }

  @Test
  @DisplayName("long globs and paths (runs of segments wider than one 64-bit word) agree with a backtracking matcher")
  void longGlobsAgreeWithABacktrackingMatcher() {
    Gen<List<String>> pieces = lists().of(Gens.of("a", "b", "ab", "*", "*a", "a*", "*b*", "aa*a")).ofSizeBetween(1, 60);
    Gen<String> globs = lists().of(pieces).ofSizeBetween(1, 3).map(LinearGlobTest::anyDepthBetween);
    Gen<String> paths = lists().of(Gens.of("a", "b", "ab", "ba", "aa", "aaa", "bab")).ofSizeBetween(1, 300)
        .map(s -> String.join("/", s));
    qt().withExamples(1500).forAll(globs, paths).checkAssert((glob, path) -> {
      String[] segments = path.split("/", -1);
      boolean expected = Backtracking.matches(glob.split("/", -1), segments);
      // globs this long are only stored ones from an earlier release; the matcher is the same
      assertThat(PathGlob.compileStored("g", glob).matches(segments)).as("%s vs %s", glob, path).isEqualTo(expected);
    });
  }

  @Test
  void aLongRunOfSegmentsIsFoundAtItsFirstPlaceAndNotBefore() {
    // a run of 80 segments (some 240 NFA positions, four words) that the path holds only at its end
    String run = String.join("/", Collections.nCopies(79, "*a")) + "/b*";
    String glob = "**/" + run + "/**";
    String almost = String.join("/", Collections.nCopies(300, "a"));
    assertThat(matches(glob, almost)).isFalse();
    assertThat(matches(glob, almost + "/b")).isTrue();
    assertThat(matches(glob, almost + "/bb/c")).isTrue();
    assertThat(matches(glob, almost + "/c/b")).as("the run is consecutive").isFalse();
    assertThat(matches(glob, "b/" + almost)).isFalse();
    assertThat(matches(glob, String.join("/", Collections.nCopies(78, "a")) + "/b")).isFalse();
    assertThat(matches(glob, String.join("/", Collections.nCopies(79, "a")) + "/b")).isTrue();
    // across the state's word boundaries: a run of n segments "a*" has 3n - 1 positions
    for (int n : new int[] {20, 21, 22, 42, 43, 63, 64, 65, 82}) {
      String glob2 = "x/**/" + String.join("/", Collections.nCopies(n, "a*")) + "/**/y";
      String hit = "x/q/" + String.join("/", Collections.nCopies(n, "ab")) + "/r/y";
      String miss = "x/q/" + String.join("/", Collections.nCopies(n - 1, "ab")) + "/r/y";
      assertThat(matches(glob2, hit)).as("%d segments", n).isTrue();
      assertThat(matches(glob2, miss)).as("%d segments, one short", n).isFalse();
    }
  }

  @Test
  void nonAsciiCharactersMatchThemselves() {
    assertThat(matches("**/ü*/*é/**", "x/üa/bé/y")).isTrue();
    assertThat(matches("**/ü*/*é/**", "x/ua/bé/y")).isFalse();
    assertThat(matches("**/😀*/a/**", "😀😀/a")).isTrue();
    assertThat(matches("**/*😀/a/**", "x😀/b")).isFalse();
    assertThat(matches("*ü*ß*", "aüxßy")).isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // the cost, in steps

  /**
   * Steps per character of path and glob that a match may take. A match reads each path segment in at most one
   * place (the pieces between '**' are placed left to right), reads it a constant number of times there
   * (Knuth-Morris-Pratt within a segment), and a run of several segments between two '**' costs at most four
   * 64-bit words per character; the constant leaves room for the per-segment and per-chunk overheads. A
   * backtracking matcher takes up to |path| × |glob| steps, hundreds of times this on these inputs.
   */
  static final int STEPS_PER_CHARACTER = 8;

  static Stream<Arguments> adversarialInputs() {
    String flat = "a".repeat(PATH);
    String flatB = "b" + "a".repeat(PATH - 1);
    String deep = String.join("/", Collections.nCopies(PATH / 2, "a")); // 1,023 characters
    String deepB = "b/" + deep.substring(2);
    String pairs = String.join("/", Collections.nCopies(341, "aa")); // 1,022
    return Stream.of(
        Arguments.of("*a*a…*a*b, a path of one segment", fill("*a", "", "*b", GLOB), flat, false),
        Arguments.of("*a*a…*a*b*, a b in front", fill("*a", "", "*b*", GLOB), flatB, false),
        Arguments.of("*a*a…*a*b*, matching", fill("*a", "", "*b*", GLOB), flat.substring(1) + "b", true),
        Arguments.of("*aaa…ab", "*" + "a".repeat(GLOB - 2) + "b", flat, false),
        Arguments.of("*aaa…ab*", "*" + "a".repeat(GLOB - 3) + "b*", flatB, false),
        Arguments.of("*aaa…ab*, matching", "*" + "a".repeat(GLOB - 3) + "b*", flat.substring(1) + "b", true),
        Arguments.of("a*aaa…a*b*", "a*" + "a".repeat(GLOB - 5) + "*b*", flat, false),
        Arguments.of("*ab*ab*…*b", fill("*ab", "", "*aab*", GLOB), "ab".repeat(PATH / 2), false),
        Arguments.of("**/a/**/a/…/**/b", fill("**/a/", "", "**/b", GLOB), deep, false),
        Arguments.of("**/a/**/a/…/b/**", fill("**/a/", "", "b/**", GLOB), deepB, false),
        Arguments.of("**/a/a/…/a/b/** (a run of literal segments)", fill("a/", "**/", "b/**", GLOB), deepB, false),
        Arguments.of("**/a/a/…/a/b/**, matching", fill("a/", "**/", "b/**", GLOB), deep.substring(2) + "/b", true),
        Arguments.of("**/*a/*a/…/*b/** (a run of star segments)", fill("*a/", "**/", "*b/**", GLOB), deepB, false),
        Arguments.of("**/*a/*a/…/*b/**, matching", fill("*a/", "**/", "*b/**", GLOB), deep.substring(2) + "/b", true),
        Arguments.of("**/*/z/** (a short run)", "**/*/z/**", deepB, false),
        Arguments.of("**/*a/…/*b/** of 64 characters", fill("*a/", "**/", "*b/**", 64), deepB, false),
        Arguments.of("**/*a/…/*b/** of 128 characters", fill("*a/", "**/", "*b/**", 128), deepB, false),
        Arguments.of("**/*a*/*a*/…/*b*/**", fill("*a*/", "**/", "*b*/**", GLOB), pairs, false),
        Arguments.of("*a*/*a*/…/*b* (no **)", fill("*a*/", "", "*b*", GLOB), pairs, false),
        Arguments.of("**/a*a*a/**/…", fill("*a*a*a/**/", "**/", "b", GLOB), deep, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversarialInputs")
  void aMatchTakesStepsLinearInThePathAndTheGlob(String what, String glob, String path, boolean expected) {
    assertThat(glob.length()).isLessThanOrEqualTo(GLOB);
    assertThat(path.length()).isLessThanOrEqualTo(PATH);
    PathGlob compiled = PathGlob.compile("g", glob);
    String[] segments = ResourcePaths.segments("p", path);
    PathGlob.Steps steps = new PathGlob.Steps();

    assertThat(compiled.matches(segments, steps)).isEqualTo(expected);

    long linear = (long) STEPS_PER_CHARACTER * (path.length() + glob.length());
    assertThat(steps.count).as("steps for a %d-character glob and a %d-character path (at most %d)", glob.length(),
        path.length(), linear).isLessThanOrEqualTo(linear);
    // and inside the contract's bound of |path| × |glob|, with a constant of 1
    assertThat(steps.count).isLessThanOrEqualTo((long) path.length() * glob.length());
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private static boolean matches(String glob, String path) {
    return PathGlob.compile("g", glob).matches(ResourcePaths.segments("p", path));
  }

  /** {@code head}, then as many {@code unit}s as fit, then {@code tail}: at most {@code max} characters. */
  static String fill(String unit, String head, String tail, int max) {
    StringBuilder glob = new StringBuilder(head);
    while (glob.length() + unit.length() + tail.length() <= max) {
      glob.append(unit);
    }
    return glob.append(tail).toString();
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

  private static String segmentRegex(String pattern) {
    return Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
  }

  /** Naive recursive glob: a "**" segment eats any number of segments; other segments are regexes with * = .*. */
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
    return p < path.length && path[p].matches(segmentRegex(glob[g])) && reference(glob, g + 1, path, p + 1);
  }

  /**
   * The matcher of earlier releases, kept as a reference for long inputs: greedy with backtracking to the latest
   * '**' (segments) or '*' (characters), correct and O(|path| × |glob|), too slow for checks but not for a test.
   */
  static final class Backtracking {
    static boolean matches(String[] glob, String[] path) {
      int g = 0;
      int p = 0;
      int star = -1;
      int mark = 0;
      while (p < path.length) {
        if (g < glob.length && glob[g].equals("**")) {
          star = g++;
          mark = p;
        } else if (g < glob.length && segmentMatches(glob[g], path[p])) {
          g++;
          p++;
        } else if (star >= 0) {
          g = star + 1;
          p = ++mark;
        } else {
          return false;
        }
      }
      while (g < glob.length && glob[g].equals("**")) {
        g++;
      }
      return g == glob.length;
    }

    static boolean segmentMatches(String pattern, String text) {
      int pi = 0;
      int ti = 0;
      int star = -1;
      int mark = 0;
      while (ti < text.length()) {
        if (pi < pattern.length() && pattern.charAt(pi) != '*' && pattern.charAt(pi) == text.charAt(ti)) {
          pi++;
          ti++;
        } else if (pi < pattern.length() && pattern.charAt(pi) == '*') {
          star = pi++;
          mark = ti;
        } else if (star >= 0) {
          pi = star + 1;
          ti = ++mark;
        } else {
          return false;
        }
      }
      while (pi < pattern.length() && pattern.charAt(pi) == '*') {
        pi++;
      }
      return pi == pattern.length();
    }
  }
}
