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

  /** Whether the (already validated) path segments match this glob. */
  boolean matches(String[] path) {
    return match(0, path, 0);
  }

  private boolean match(int g, String[] path, int p) {
    while (g < segments.length) {
      String segment = segments[g];
      if (segment.equals(ANY_DEPTH)) {
        if (g == segments.length - 1) {
          return true; // a trailing ** takes whatever is left, nothing included
        }
        for (int skip = p; skip <= path.length; skip++) {
          if (match(g + 1, path, skip)) {
            return true;
          }
        }
        return false;
      }
      if (p >= path.length || !segmentMatches(segment, path[p])) {
        return false;
      }
      g++;
      p++;
    }
    return p == path.length;
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
