package io.usersroles.access;

import java.util.Arrays;

/**
 * A compiled file-path glob: {@code *} matches within one segment, a segment that is exactly
 * {@code **} matches any number of segments (zero included). Matching walks arrays; no regex.
 */
public final class PathGlob {
  private static final String ANY_DEPTH = "**";

  private final String source;
  private final String[] segments;

  private PathGlob(String source, String[] segments) {
    this.source = source;
    this.segments = segments;
  }

  /** Compiles a glob; a 400 for {@code field} when it breaks the path rules. */
  public static PathGlob compile(String field, String glob) {
    String[] segments = ResourcePaths.segments(field, glob);
    // collapse runs of "**": they match the same paths and would only slow matching down
    String[] collapsed = new String[segments.length];
    int n = 0;
    for (String segment : segments) {
      if (!(segment.equals(ANY_DEPTH) && n > 0 && collapsed[n - 1].equals(ANY_DEPTH))) {
        collapsed[n++] = segment;
      }
    }
    return new PathGlob(glob, Arrays.copyOf(collapsed, n));
  }

  public String source() {
    return source;
  }

  /**
   * Whether the (already validated) path segments match this glob. The same greedy algorithm as
   * {@link #segmentMatches} one level up: a {@code **} segment plays the role of '*', every other glob
   * segment matches exactly one path segment, and on a mismatch only the latest {@code **} takes one
   * more segment. That is enough (an earlier {@code **} could only absorb what the latest one can), and
   * keeps a match at O(glob segments x path segments) however many {@code **} a role's glob holds.
   */
  boolean matches(String[] path) {
    int g = 0;
    int p = 0;
    int star = -1;
    int mark = 0;
    while (p < path.length) {
      if (g < segments.length && segments[g].equals(ANY_DEPTH)) {
        star = g++;
        mark = p;
      } else if (g < segments.length && segmentMatches(segments[g], path[p])) {
        g++;
        p++;
      } else if (star >= 0) {
        g = star + 1;
        p = ++mark;
      } else {
        return false;
      }
    }
    while (g < segments.length && segments[g].equals(ANY_DEPTH)) {
      g++; // a trailing ** takes whatever is left, nothing included
    }
    return g == segments.length;
  }

  /** Wildcard match of one segment, '*' standing for any run of characters (greedy with backtracking). */
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

  @Override
  public String toString() {
    return source;
  }
}
