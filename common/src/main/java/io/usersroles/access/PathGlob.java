package io.usersroles.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled file-path glob: {@code *} matches any run of characters within one segment, a segment that
 * is exactly {@code **} matches any number of whole segments (zero included), every other character
 * matches itself. No regex, no recursion, no backtracking.
 *
 * <p>Matching takes time linear in the path, whatever the glob: the {@code **} segments cut the glob into
 * pieces of ordinary segments; the first piece is anchored at the path's start, the last at its end, and
 * every piece between is placed at its leftmost occurrence after the previous one (a later placement never
 * helps, since the {@code **} after it can absorb whatever an earlier one leaves), so each path segment is
 * read for at most one piece. A segment pattern is matched the same way one level down: the text before its
 * first {@code *} anchored at the start, the text after its last {@code *} at the end, each run between at
 * its leftmost occurrence (Knuth-Morris-Pratt, so each character is compared a bounded number of times). A
 * piece of several segments between two {@code **} is searched by a bit-parallel NFA over the path's
 * characters (one bit per glob position, {@code *} a self-loop on anything but '/'): one pass over the
 * searched characters, ⌈positions/64⌉ words each (at most four for a 256-character glob). So a match costs
 * O(|path| × ⌈|glob|/64⌉ + |glob|) steps, well inside the contract's O(|path| × |glob|). Nothing is
 * allocated while matching (a longer glob stored by an earlier release uses a per-thread scratch array).
 */
public final class PathGlob {
  private static final String ANY_DEPTH = "**";

  private final String source;
  /** Whether the glob has a {@code **} segment; without one, segments match one to one. */
  private final boolean anyDepth;
  /** The segments before the first {@code **} (all of them when there is none): anchored at the start. */
  private final Segment[] head;
  /** The runs of segments between two {@code **}, in order: each placed leftmost. */
  private final Piece[] middle;
  /** The segments after the last {@code **}: anchored at the end. */
  private final Segment[] tail;
  /** The fewest path segments that can match. */
  private final int minSegments;

  private PathGlob(String source, boolean anyDepth, Segment[] head, Piece[] middle, Segment[] tail) {
    this.source = source;
    this.anyDepth = anyDepth;
    this.head = head;
    this.middle = middle;
    this.tail = tail;
    int fixed = head.length + tail.length;
    for (Piece piece : middle) {
      fixed += piece.segments.length;
    }
    this.minSegments = fixed;
  }

  /** Compiles a glob of a role being written; a 400 for {@code field} when it breaks the glob rules. */
  public static PathGlob compile(String field, String glob) {
    return of(glob, ResourcePaths.globSegments(field, glob));
  }

  /**
   * Compiles a glob as stored, which an earlier release may have accepted under looser rules (longer, or
   * with '.' segments; see {@link ResourcePaths#storedGlobSegments}). Still a 400 for what was never valid.
   */
  static PathGlob compileStored(String field, String glob) {
    return of(glob, ResourcePaths.storedGlobSegments(field, glob));
  }

  private static PathGlob of(String source, String[] segments) {
    // cut at the ** segments; runs of ** collapse (they match the same paths)
    List<List<String>> pieces = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String segment : segments) {
      if (segment.equals(ANY_DEPTH)) {
        pieces.add(current);
        current = new ArrayList<>();
      } else {
        current.add(segment);
      }
    }
    pieces.add(current);
    if (pieces.size() == 1) {
      return new PathGlob(source, false, Segment.all(pieces.get(0)), new Piece[0], new Segment[0]);
    }
    List<Piece> middle = new ArrayList<>();
    for (List<String> piece : pieces.subList(1, pieces.size() - 1)) {
      if (!piece.isEmpty()) {
        middle.add(new Piece(Segment.all(piece)));
      }
    }
    return new PathGlob(source, true, Segment.all(pieces.get(0)), middle.toArray(Piece[]::new),
        Segment.all(pieces.get(pieces.size() - 1)));
  }

  public String source() {
    return source;
  }

  /** Whether the (already validated) path segments match this glob. */
  boolean matches(String[] path) {
    return matches(path, null);
  }

  /** {@link #matches(String[])}, adding the steps taken to {@code steps} when it is not null (tests pin the cost). */
  boolean matches(String[] path, Steps steps) {
    if (steps != null) {
      steps.count++;
    }
    int n = path.length;
    if (!anyDepth) {
      return n == head.length && all(head, path, 0, steps);
    }
    if (n < minSegments) {
      return false;
    }
    int tailStart = n - tail.length;
    if (!all(tail, path, tailStart, steps) || !all(head, path, 0, steps)) {
      return false;
    }
    int from = head.length;
    for (Piece piece : middle) {
      from = piece.find(path, from, tailStart, steps);
      if (from < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean all(Segment[] segments, String[] path, int offset, Steps steps) {
    for (int i = 0; i < segments.length; i++) {
      if (!segments[i].matches(path[offset + i], steps)) {
        return false;
      }
    }
    return true;
  }

  /** Wildcard match of one segment, '*' standing for any run of characters (compiles the pattern: for tests). */
  static boolean segmentMatches(String pattern, String text) {
    return Segment.of(pattern).matches(text, null);
  }

  @Override
  public String toString() {
    return source;
  }

  /** The matcher's work: characters compared or scanned, segments visited, NFA words updated. */
  static final class Steps {
    long count;
  }

  /** One glob segment other than {@code **}: a literal, or literal runs around stars. */
  static final class Segment {
    /** The whole segment when it has no '*', else null. */
    private final String literal;
    /** The text before the first '*' and after the last. */
    private final String first;
    private final String last;
    /** The non-empty runs between stars, in order. */
    private final Chunk[] inner;
    private final int minLength;
    /** Whether this is {@code *} (or {@code **...} within a segment): stars only, which match any segment. */
    private final boolean any;

    private Segment(String literal, String first, String last, Chunk[] inner, int minLength) {
      this.literal = literal;
      this.first = first;
      this.last = last;
      this.inner = inner;
      this.minLength = minLength;
      this.any = literal == null && minLength == 0;
    }

    static Segment of(String pattern) {
      if (pattern.indexOf('*') < 0) {
        return new Segment(pattern, pattern, pattern, new Chunk[0], pattern.length());
      }
      String[] parts = pattern.split("\\*", -1);
      List<Chunk> inner = new ArrayList<>();
      int minLength = parts[0].length() + parts[parts.length - 1].length();
      for (int i = 1; i < parts.length - 1; i++) {
        if (!parts[i].isEmpty()) { // "a**b" is "a*b"
          inner.add(new Chunk(parts[i]));
          minLength += parts[i].length();
        }
      }
      return new Segment(null, parts[0], parts[parts.length - 1], inner.toArray(Chunk[]::new), minLength);
    }

    static Segment[] all(List<String> patterns) {
      Segment[] segments = new Segment[patterns.size()];
      for (int i = 0; i < segments.length; i++) {
        segments[i] = of(patterns.get(i));
      }
      return segments;
    }

    boolean matches(String text, Steps steps) {
      if (any) { // what the general test below answers, and the step it counts, without reading the text
        if (steps != null) {
          steps.count++;
        }
        return true;
      }
      int length = text.length();
      if (literal != null) {
        if (steps != null) {
          steps.count += 1 + Math.min(length, literal.length());
        }
        return literal.equals(text);
      }
      int f = first.length();
      int l = last.length();
      if (steps != null) {
        steps.count += 1 + (length < minLength ? 0 : f + l);
      }
      if (length < minLength || !text.startsWith(first) || !text.startsWith(last, length - l)) {
        return false;
      }
      int at = f;
      int limit = length - l;
      for (Chunk chunk : inner) {
        at = chunk.find(text, at, limit, steps);
        if (at < 0) {
          return false;
        }
      }
      return true;
    }

    /** Appends the segment's tokens for the NFA: its characters, a star for each '*' (runs of them are one). */
    void tokens(StringBuilder out, List<Boolean> stars) {
      String pattern = literal;
      if (pattern == null) {
        StringBuilder canonical = new StringBuilder(first).append('*');
        for (Chunk chunk : inner) {
          canonical.append(chunk.text).append('*');
        }
        pattern = canonical.append(last).toString();
      }
      for (int i = 0; i < pattern.length(); i++) {
        out.append(pattern.charAt(i));
        stars.add(literal == null && pattern.charAt(i) == '*');
      }
    }
  }

  /** A literal run between two stars of a segment, found by Knuth-Morris-Pratt. */
  static final class Chunk {
    private final String text;
    private final char head;
    /** failure[k]: the longest proper prefix of text[0..k] that is also a suffix of it. */
    private final int[] failure;

    Chunk(String text) {
      this.text = text;
      this.head = text.charAt(0);
      this.failure = new int[text.length()];
      for (int k = 1, j = 0; k < text.length(); k++) {
        while (j > 0 && text.charAt(k) != text.charAt(j)) {
          j = failure[j - 1];
        }
        if (text.charAt(k) == text.charAt(j)) {
          j++;
        }
        failure[k] = j;
      }
    }

    /** The end of the leftmost occurrence in {@code s} that starts at {@code from} or later and ends by {@code limit}; -1 if none. */
    int find(String s, int from, int limit, Steps steps) {
      int m = text.length();
      long work = 0;
      int j = 0;
      int i = from;
      int found = -1;
      while (i < limit) {
        if (j == 0) {
          // nothing matched yet: skip to the next possible start (String.indexOf scans fast)
          int at = s.indexOf(head, i);
          work += (at < 0 ? s.length() : at + 1) - i;
          if (at < 0 || at > limit - m) {
            break;
          }
          i = at + 1;
          j = 1;
        } else {
          char c = s.charAt(i);
          while (j > 0 && text.charAt(j) != c) {
            j = failure[j - 1];
            work++;
          }
          if (text.charAt(j) == c) {
            j++;
          }
          work++;
          i++;
        }
        if (j == m) {
          found = i;
          break;
        }
      }
      if (steps != null) {
        steps.count += work + 1;
      }
      return found;
    }
  }

  /**
   * A run of segments between two {@code **}: one segment is scanned for, several are searched by an NFA.
   * The NFA is built on the piece's first search: most globs of a catalog are matched together by
   * {@link GlobSet} and never alone, and every glob of a catalog is compiled when a new version of it is.
   */
  static final class Piece {
    final Segment[] segments;
    /** Built once, on first use; its fields are all final, so a thread that reads it sees it whole. */
    private Nfa nfa;

    Piece(Segment[] segments) {
      this.segments = segments;
    }

    /** The index after the leftmost occurrence within path[from, limit), or -1. */
    int find(String[] path, int from, int limit, Steps steps) {
      if (segments.length > 1) {
        Nfa built = nfa;
        if (built == null) {
          built = new Nfa(segments); // a race only builds the same NFA twice
          nfa = built;
        }
        return built.find(path, from, limit, steps);
      }
      Segment segment = segments[0];
      for (int p = from; p < limit; p++) {
        if (segment.matches(path[p], steps)) {
          return p + 1;
        }
      }
      return -1;
    }
  }

  /**
   * Shift-And over the characters of a piece of several segments ('/' between them): bit i set means
   * "the piece's first i tokens match the text just read". A star loops on anything but '/' and may be
   * skipped; runs of stars are one star, so skipping takes one shift. An occurrence starts at a segment
   * start and is accepted at a segment end. Up to four words (every glob a role may now hold) the state
   * lives in locals; the general case (a longer glob stored by an earlier release) in per-thread scratch.
   */
  static final class Nfa {
    private static final int MAX_WORDS = (ResourcePaths.MAX_PATH_LENGTH >>> 6) + 1;
    private static final ThreadLocal<long[]> STATE = ThreadLocal.withInitial(() -> new long[MAX_WORDS]);

    private final int segmentCount;
    private final int words;
    /** Words per row: 1, 4 (two to four words, zero-padded) or {@link #words}. */
    private final int stride;
    /** The bit of the piece read in full. */
    private final int accept;
    private final long[] stars;
    /** Per character row r, words [r × stride, (r + 1) × stride): bit i + 1 where token i is that character; row 0 is empty. */
    private final long[] rows;
    private final int[] asciiRows;
    private final char[] otherChars;
    private final int[] otherRows;
    private final int slashRow;

    Nfa(Segment[] segments) {
      this.segmentCount = segments.length;
      StringBuilder tokens = new StringBuilder();
      List<Boolean> isStar = new ArrayList<>();
      for (int i = 0; i < segments.length; i++) {
        if (i > 0) {
          tokens.append('/');
          isStar.add(false);
        }
        segments[i].tokens(tokens, isStar);
      }
      int count = tokens.length();
      this.accept = count;
      this.words = (count >>> 6) + 1;
      this.stride = words == 1 ? 1 : words <= 4 ? 4 : words;
      this.stars = new long[stride];
      // the distinct characters, in order of first use: row r + 1 is character r
      StringBuilder distinct = new StringBuilder();
      for (int i = 0; i < count; i++) {
        char c = tokens.charAt(i);
        if (!isStar.get(i) && distinct.indexOf(String.valueOf(c)) < 0) {
          distinct.append(c);
        }
      }
      this.rows = new long[(distinct.length() + 1) * stride];
      for (int i = 0; i < count; i++) {
        if (isStar.get(i)) {
          stars[i >>> 6] |= 1L << i;
        } else {
          int row = distinct.indexOf(String.valueOf(tokens.charAt(i))) + 1;
          rows[row * stride + ((i + 1) >>> 6)] |= 1L << (i + 1);
        }
      }
      this.asciiRows = new int[128];
      StringBuilder others = new StringBuilder();
      for (int r = 0; r < distinct.length(); r++) {
        char c = distinct.charAt(r);
        if (c < 128) {
          asciiRows[c] = r + 1;
        } else {
          others.append(c);
        }
      }
      this.otherChars = others.toString().toCharArray();
      Arrays.sort(otherChars);
      this.otherRows = new int[otherChars.length];
      for (int k = 0; k < otherChars.length; k++) {
        otherRows[k] = distinct.indexOf(String.valueOf(otherChars[k])) + 1;
      }
      this.slashRow = rowOf('/');
    }

    private int rowOf(char c) {
      if (c < 128) {
        return asciiRows[c];
      }
      int k = Arrays.binarySearch(otherChars, c);
      return k < 0 ? 0 : otherRows[k];
    }

    /** The index after the leftmost occurrence within path[from, limit), or -1. */
    int find(String[] path, int from, int limit, Steps steps) {
      int lastStart = limit - segmentCount; // the last segment an occurrence can start at
      if (from > lastStart) {
        return -1;
      }
      long[] work = steps == null ? null : new long[1];
      int found = stride == 1 ? findInOneWord(path, from, limit, lastStart, work)
          : stride == 4 ? findInFourWords(path, from, limit, lastStart, work)
          : findInWords(path, from, limit, lastStart, work);
      if (steps != null) {
        steps.count += work[0] + 1;
      }
      return found;
    }

    private int findInOneWord(String[] path, int from, int limit, int lastStart, long[] work) {
      long star = stars[0];
      long acceptBit = 1L << accept;
      long slash = rows[slashRow];
      long d = 0;
      long chars = 0;
      int found = -1;
      for (int q = from; q < limit; q++) {
        if (d != 0) {
          d = (d << 1) & slash; // the '/' before segment q
          d |= (d & star) << 1;
        }
        if (q <= lastStart) {
          d |= 1L; // an occurrence may start here
          d |= (d & star) << 1;
        } else if (d == 0) {
          break;
        }
        String segment = path[q];
        int length = segment.length();
        for (int k = 0; k < length && d != 0; k++) {
          d = ((d << 1) & rows[rowOf(segment.charAt(k))]) | (d & star);
          d |= (d & star) << 1;
          chars++;
        }
        if ((d & acceptBit) != 0) {
          found = q + 1;
          break;
        }
      }
      if (work != null) {
        work[0] = chars + limit - from;
      }
      return found;
    }

    private int findInFourWords(String[] path, int from, int limit, int lastStart, long[] work) {
      long s0 = stars[0];
      long s1 = stars[1];
      long s2 = stars[2];
      long s3 = stars[3];
      int slash = slashRow << 2;
      long d0 = 0;
      long d1 = 0;
      long d2 = 0;
      long d3 = 0;
      long chars = 0;
      int found = -1;
      for (int q = from; q < limit; q++) {
        if ((d0 | d1 | d2 | d3) != 0) {
          // the '/' before segment q: no star takes it
          long n0 = (d0 << 1) & rows[slash];
          long n1 = ((d1 << 1) | (d0 >>> 63)) & rows[slash + 1];
          long n2 = ((d2 << 1) | (d1 >>> 63)) & rows[slash + 2];
          long n3 = ((d3 << 1) | (d2 >>> 63)) & rows[slash + 3];
          long k0 = n0 & s0;
          long k1 = n1 & s1;
          long k2 = n2 & s2;
          d0 = n0 | (k0 << 1);
          d1 = n1 | (k1 << 1) | (k0 >>> 63);
          d2 = n2 | (k2 << 1) | (k1 >>> 63);
          d3 = n3 | ((n3 & s3) << 1) | (k2 >>> 63);
        }
        if (q <= lastStart) {
          d0 |= 1L; // an occurrence may start here
          d0 |= (d0 & s0) << 1;
        } else if ((d0 | d1 | d2 | d3) == 0) {
          break;
        }
        String segment = path[q];
        int length = segment.length();
        for (int k = 0; k < length; k++) {
          int r = rowOf(segment.charAt(k)) << 2;
          long n0 = ((d0 << 1) & rows[r]) | (d0 & s0);
          long n1 = (((d1 << 1) | (d0 >>> 63)) & rows[r + 1]) | (d1 & s1);
          long n2 = (((d2 << 1) | (d1 >>> 63)) & rows[r + 2]) | (d2 & s2);
          long n3 = (((d3 << 1) | (d2 >>> 63)) & rows[r + 3]) | (d3 & s3);
          long k0 = n0 & s0;
          long k1 = n1 & s1;
          long k2 = n2 & s2;
          d0 = n0 | (k0 << 1);
          d1 = n1 | (k1 << 1) | (k0 >>> 63);
          d2 = n2 | (k2 << 1) | (k1 >>> 63);
          d3 = n3 | ((n3 & s3) << 1) | (k2 >>> 63);
          chars++;
          if ((d0 | d1 | d2 | d3) == 0) {
            break;
          }
        }
        if (((accept < 64 ? d0 : accept < 128 ? d1 : accept < 192 ? d2 : d3) & (1L << accept)) != 0) {
          found = q + 1;
          break;
        }
      }
      if (work != null) {
        work[0] = chars * 4 + limit - from;
      }
      return found;
    }

    private int findInWords(String[] path, int from, int limit, int lastStart, long[] work) {
      long[] d = STATE.get();
      Arrays.fill(d, 0, words, 0L);
      long chars = 0;
      boolean live = false;
      int found = -1;
      for (int q = from; q < limit; q++) {
        if (live) {
          live = step(d, slashRow, 0L); // the '/' before segment q: no star takes it
          chars++;
        }
        if (q <= lastStart) {
          d[0] |= 1L; // an occurrence may start here
          d[0] |= (d[0] & stars[0]) << 1;
          live = true;
        } else if (!live) {
          break;
        }
        String segment = path[q];
        int length = segment.length();
        for (int k = 0; k < length && live; k++) {
          live = step(d, rowOf(segment.charAt(k)), -1L);
          chars++;
        }
        if (live && (d[accept >>> 6] & (1L << accept)) != 0) {
          found = q + 1;
          break;
        }
      }
      if (work != null) {
        work[0] = chars * words + limit - from;
      }
      return found;
    }

    /**
     * Reads one character given its row; {@code loop} is all ones when stars take it (it is not '/'). One
     * pass: the shift along matching tokens, the stars' self-loops, then skipping each star. Whether any bit
     * is left.
     */
    private boolean step(long[] d, int row, long loop) {
      int base = row * stride;
      long shiftCarry = 0;
      long skipCarry = 0;
      long any = 0;
      for (int k = 0; k < words; k++) {
        long x = d[k];
        long star = stars[k];
        long next = (((x << 1) | shiftCarry) & rows[base + k]) | (x & star & loop);
        shiftCarry = x >>> 63;
        long skip = next & star;
        next |= (skip << 1) | skipCarry;
        skipCarry = skip >>> 63;
        d[k] = next;
        any |= next;
      }
      return any != 0;
    }
  }
}
