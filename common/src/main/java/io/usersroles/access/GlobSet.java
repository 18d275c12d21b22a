package io.usersroles.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file globs of an organisation's roles compiled together, so that one check matches all the globs it meets
 * in one go instead of each with its own pass over the path.
 *
 * <p>Every segment pattern (a glob segment other than {@code **}) is kept once for all globs, and identical globs
 * once. A check names each distinct segment of its path once; a literal pattern is then one hash lookup per
 * distinct path segment for all literals together, {@code *} is free, and any other pattern is tested at most once
 * per distinct path segment (after a test of its characters against the segment's, one AND). What a check learns of a
 * pattern is the set of path positions it matches, a bitset of at most eight 64-bit words (a path has at most 512
 * segments). A glob's anchored segments are then bit tests, a run of one segment between two {@code **} is the next
 * set bit, and a run of several is placed at its first occurrence by AND-ing its patterns' shifted bitsets 64 start
 * positions at a time, literals first (a window stops at its first empty AND). A pattern is tested only where a glob
 * asks (so a glob never reads more of the path than {@link PathGlob} would), until it has been asked about more
 * positions than the path has: then it is tested on every distinct segment once and answers by bitset.
 */
final class GlobSet {
  /** The pattern id of {@code *}, which matches every segment. */
  static final int ANY = 0;

  /** Per pattern: the literal it is, else null. */
  private final String[] literals;
  /** Per pattern: the compiled wildcard segment it is, else null (literals and {@link #ANY}). */
  private final PathGlob.Segment[] wildcards;
  /** Per wildcard: the fewest characters a segment it matches has. */
  private final int[] minLengths;
  /** Per wildcard, three words: the characters a segment it matches must hold ({@link #characterMask}). */
  private final long[] characters;
  private final Map<String, Integer> literalIds;
  /** The distinct globs. */
  private final Glob[] globs;
  /** Per glob as the roles hold it ({@link CompiledRoles.CompiledFileGrant#id()}): its distinct glob. */
  private final int[] globOf;
  /** The most segments of a run between two {@code **}. */
  private final int longestRun;

  // the wildcards' literal parts, as a trie shared by all wildcards (see Match#evaluate)
  /** Per chunk (a literal part of a wildcard, between or around its stars): its text. */
  private final String[] chunks;
  /** Per trie node: its parent, its chunk, and whether the chunk is anchored at the segment's start. Node 0: none. */
  private final int[] nodeParent;
  private final int[] nodeChunk;
  private final boolean[] nodeAnchored;
  /** Per wildcard: the node of its literal parts but the last, and its last part if anchored at the end, or -1. */
  private final int[] wildcardNode;
  private final int[] wildcardEnd;

  /**
   * A run of more than this many patterns (other than {@code *}) is AND-ed in blocks of this many consecutive
   * ones: a block is kept once for all runs that have the same patterns at the same distances, and AND-ed once.
   */
  static final int BLOCK = 8;
  /** Per block: its patterns and their offsets from the block's first segment. */
  private final int[][] blockPatterns;
  private final int[][] blockOffsets;

  private GlobSet(Builder builder, Glob[] globs, int[] globOf) {
    this.literals = builder.literals.toArray(String[]::new);
    this.wildcards = builder.wildcards.toArray(PathGlob.Segment[]::new);
    this.minLengths = new int[literals.length];
    this.characters = new long[3 * literals.length];
    for (int p = 0; p < literals.length; p++) {
      String pattern = builder.patterns.get(p);
      if (wildcards[p] != null) {
        for (int i = 0; i < pattern.length(); i++) {
          char c = pattern.charAt(i);
          if (c != '*') {
            minLengths[p]++;
            characterMask(characters, 3 * p, c);
          }
        }
      }
    }
    this.literalIds = Map.copyOf(builder.literalIds);
    this.globs = globs;
    this.globOf = globOf;
    int longest = 0;
    for (Glob glob : globs) {
      for (int[] run : glob.middle) {
        longest = Math.max(longest, run.length);
      }
    }
    this.longestRun = longest;
    this.chunks = builder.chunks.toArray(String[]::new);
    this.blockPatterns = builder.blockPatterns.toArray(int[][]::new);
    this.blockOffsets = builder.blockOffsets.toArray(int[][]::new);
    this.nodeParent = Builder.ints(builder.nodeParent);
    this.nodeChunk = Builder.ints(builder.nodeChunk);
    this.nodeAnchored = new boolean[nodeParent.length];
    for (int v = 0; v < nodeAnchored.length; v++) {
      nodeAnchored[v] = builder.nodeAnchored.get(v);
    }
    this.wildcardNode = new int[literals.length];
    this.wildcardEnd = new int[literals.length];
    for (int p = 0; p < literals.length; p++) {
      wildcardNode[p] = builder.wildcardNode.get(p);
      wildcardEnd[p] = builder.wildcardEnd.get(p);
    }
  }

  /** Compiles {@code sources}, the globs in the order of their ids. */
  static GlobSet of(List<String> sources) {
    Builder builder = new Builder();
    int[] globOf = new int[sources.size()];
    Map<String, Integer> distinct = new HashMap<>();
    List<Glob> globs = new ArrayList<>();
    for (int i = 0; i < globOf.length; i++) {
      String source = sources.get(i);
      Integer known = distinct.get(source);
      if (known == null) {
        known = globs.size();
        distinct.put(source, known);
        globs.add(builder.glob(source));
      }
      globOf[i] = known;
    }
    return new GlobSet(builder, globs.toArray(Glob[]::new), globOf);
  }

  /**
   * Sets the bit of character {@code c} in the three words at {@code at}: one bit for each of the 128 ASCII
   * characters, and the others folded into 64 bits. A segment can only match a pattern whose bits it all has.
   */
  static void characterMask(long[] words, int at, char c) {
    if (c < 128) {
      words[at + (c >>> 6)] |= 1L << c;
    } else {
      words[at + 2] |= 1L << ((c * 0x9E3779B1) >>> 26);
    }
  }

  int patternCount() {
    return literals.length;
  }

  int globCount() {
    return globs.length;
  }

  int chunkCount() {
    return chunks.length;
  }

  int nodeCount() {
    return nodeParent.length;
  }

  int blockCount() {
    return blockPatterns.length;
  }

  /** One glob: the pattern ids of its anchored segments and of its runs between two {@code **}. */
  static final class Glob {
    final boolean anyDepth;
    final int[] head;
    final int[][] middle;
    /**
     * Per run of {@link #middle} of several segments, what to AND, the likeliest to fail first: a pattern id, or
     * {@code -1 - b} for block {@code b}; and at which offset in the run.
     */
    final int[][] sources;
    final int[][] offsets;
    final int[] tail;
    final int minSegments;

    Glob(boolean anyDepth, int[] head, int[][] middle, int[][] sources, int[][] offsets, int[] tail) {
      this.anyDepth = anyDepth;
      this.head = head;
      this.middle = middle;
      this.sources = sources;
      this.offsets = offsets;
      this.tail = tail;
      int fixed = head.length + tail.length;
      for (int[] run : middle) {
        fixed += run.length;
      }
      this.minSegments = fixed;
    }
  }

  private static final class Builder {
    final List<String> patterns = new ArrayList<>();
    final List<String> literals = new ArrayList<>();
    final List<PathGlob.Segment> wildcards = new ArrayList<>();
    final Map<String, Integer> literalIds = new HashMap<>();
    final Map<String, Integer> wildcardIds = new HashMap<>();
    /** Per pattern: how many literal characters it has (more: likelier to fail). */
    final List<Integer> weights = new ArrayList<>();
    final List<String> chunks = new ArrayList<>();
    final Map<String, Integer> chunkIds = new HashMap<>();
    final List<Integer> nodeParent = new ArrayList<>();
    final List<Integer> nodeChunk = new ArrayList<>();
    final List<Boolean> nodeAnchored = new ArrayList<>();
    final Map<List<Integer>, Integer> nodeIds = new HashMap<>();
    final List<Integer> wildcardNode = new ArrayList<>();
    final List<Integer> wildcardEnd = new ArrayList<>();
    final Map<List<Integer>, Integer> blockIds = new HashMap<>();
    final List<int[]> blockPatterns = new ArrayList<>();
    final List<int[]> blockOffsets = new ArrayList<>();

    Builder() {
      nodeParent.add(-1);
      nodeChunk.add(-1);
      nodeAnchored.add(false);
      add("*", null, null, 0);
      wildcardIds.put("*", ANY);
    }

    Glob glob(String source) {
      // as PathGlob.of: cut at the ** segments; runs of ** collapse
      List<List<Integer>> pieces = new ArrayList<>();
      List<Integer> current = new ArrayList<>();
      for (String segment : source.split("/", -1)) {
        if (segment.equals("**")) {
          pieces.add(current);
          current = new ArrayList<>();
        } else {
          current.add(pattern(segment));
        }
      }
      pieces.add(current);
      if (pieces.size() == 1) {
        return new Glob(false, ints(pieces.get(0)), new int[0][], new int[0][], new int[0][], new int[0]);
      }
      List<int[]> middle = new ArrayList<>();
      List<int[]> sources = new ArrayList<>();
      List<int[]> offsets = new ArrayList<>();
      for (List<Integer> piece : pieces.subList(1, pieces.size() - 1)) {
        if (!piece.isEmpty()) {
          int[] run = ints(piece);
          middle.add(run);
          int[] order = order(run);
          if (order.length <= BLOCK) {
            int[] patterns = new int[order.length];
            for (int i = 0; i < order.length; i++) {
              patterns[i] = run[order[i]];
            }
            sources.add(patterns);
            offsets.add(order);
          } else {
            // consecutive patterns of the order in blocks, shared by every run that has the same
            int count = (order.length + BLOCK - 1) / BLOCK;
            int[] blockIds = new int[count];
            int[] bases = new int[count];
            for (int c = 0; c < count; c++) {
              int[] members = Arrays.copyOfRange(order, c * BLOCK, Math.min(order.length, (c + 1) * BLOCK));
              int base = Arrays.stream(members).min().orElseThrow();
              bases[c] = base;
              blockIds[c] = -1 - block(run, members, base);
            }
            sources.add(blockIds);
            offsets.add(bases);
          }
        }
      }
      return new Glob(true, ints(pieces.get(0)), middle.toArray(int[][]::new), sources.toArray(int[][]::new),
          offsets.toArray(int[][]::new), ints(pieces.get(pieces.size() - 1)));
    }

    /** The block of {@code run}'s patterns at {@code members}, as offsets from {@code base}. */
    private int block(int[] run, int[] members, int base) {
      List<Integer> key = new ArrayList<>();
      for (int j : members) {
        key.add(run[j]);
        key.add(j - base);
      }
      return blockIds.computeIfAbsent(key, k -> {
        int[] patterns = new int[members.length];
        int[] offsets = new int[members.length];
        for (int i = 0; i < members.length; i++) {
          patterns[i] = run[members[i]];
          offsets[i] = members[i] - base;
        }
        blockPatterns.add(patterns);
        blockOffsets.add(offsets);
        return blockPatterns.size() - 1;
      });
    }

    private int[] order(int[] run) {
      List<Integer> offsets = new ArrayList<>();
      for (int j = 0; j < run.length; j++) {
        if (run[j] != ANY) {
          offsets.add(j);
        }
      }
      // literals first (each matches one distinct path segment at most), then wildcards with the most literal text
      offsets.sort((a, b) -> {
        boolean la = literals.get(run[a]) != null;
        boolean lb = literals.get(run[b]) != null;
        if (la != lb) {
          return la ? -1 : 1;
        }
        return Integer.compare(weights.get(run[b]), weights.get(run[a]));
      });
      return ints(offsets);
    }

    private int pattern(String segment) {
      if (segment.indexOf('*') < 0) {
        return literalIds.computeIfAbsent(segment, s -> add(s, s, null, s.length()));
      }
      String canonical = segment.replaceAll("\\*+", "*"); // "a**b" is "a*b"
      return wildcardIds.computeIfAbsent(canonical,
          s -> add(s, null, PathGlob.Segment.of(s), s.length() - (int) s.chars().filter(c -> c == '*').count()));
    }

    private int add(String pattern, String literal, PathGlob.Segment wildcard, int weight) {
      patterns.add(pattern);
      literals.add(literal);
      wildcards.add(wildcard);
      weights.add(weight);
      int node = 0;
      int end = -1;
      if (wildcard != null) {
        // "first*c1*...*cm*last": first anchored at the start, the chunks floating, last anchored at the end
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length - 1; i++) {
          if (!parts[i].isEmpty()) {
            node = node(node, chunk(parts[i]), i == 0);
          }
        }
        String last = parts[parts.length - 1];
        end = last.isEmpty() ? -1 : chunk(last);
      }
      wildcardNode.add(node);
      wildcardEnd.add(end);
      return literals.size() - 1;
    }

    private int chunk(String text) {
      return chunkIds.computeIfAbsent(text, t -> {
        chunks.add(t);
        return chunks.size() - 1;
      });
    }

    private int node(int parent, int chunk, boolean anchored) {
      return nodeIds.computeIfAbsent(List.of(parent, chunk, anchored ? 1 : 0), key -> {
        nodeParent.add(parent);
        nodeChunk.add(chunk);
        nodeAnchored.add(anchored);
        return nodeParent.size() - 1;
      });
    }

    static int[] ints(List<Integer> values) {
      int[] ints = new int[values.size()];
      for (int i = 0; i < ints.length; i++) {
        ints[i] = values.get(i);
      }
      return ints;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // matching

  /**
   * Matches one check's path against the globs the check meets: each glob by itself (as {@link PathGlob} does,
   * nothing to set up) while that has cost less than {@link #ALONE_BUDGET} characters of path, then all together
   * through the org's {@link GlobSet}. One per thread, reused; {@link #begin} starts a check.
   */
  static final class Matcher {
    /**
     * Characters of path that globs matched one by one may read before the rest are matched together: a few
     * passes over the longest path, and over a hundred globs of an ordinary path, before indexing the path pays.
     */
    static final int ALONE_BUDGET = 4096;
    private static final ThreadLocal<Matcher> MATCHERS = ThreadLocal.withInitial(Matcher::new);

    private final Match match = new Match();
    private CompiledRoles roles;
    private String[] path;
    private int budget;
    private int costAlone;
    private boolean together;

    /** This thread's matcher, started on {@code path} for {@code roles}. */
    static Matcher begin(CompiledRoles roles, String[] path) {
      Matcher matcher = MATCHERS.get();
      matcher.roles = roles;
      matcher.path = path;
      matcher.budget = ALONE_BUDGET;
      matcher.costAlone = -1;
      matcher.together = false;
      return matcher;
    }

    boolean matches(CompiledRoles.CompiledFileGrant grant) {
      if (!together) {
        if (costAlone < 0) {
          int cost = path.length;
          for (String segment : path) {
            cost += segment.length();
          }
          costAlone = cost;
        }
        if (budget >= costAlone) {
          budget -= costAlone;
          return grant.glob().matches(path);
        }
        together = true;
        match.start(roles.globSet(), path);
      }
      return match.matches(grant.id());
    }
  }

  /**
   * The state of one check's matching: the path's distinct segments, what is known of each pattern on it, and the
   * globs decided. One per thread, reused from check to check; it allocates only to grow.
   */
  static final class Match {
    /** A wildcard's slot states: tested where asked only; known everywhere and matching some, none, all. */
    private static final byte ASKED = 0;
    private static final byte SOME = 1;
    private static final byte NONE = 2;
    private static final byte ALL = 3;

    private GlobSet set;
    private int n;
    /** Words per position bitset: the path's positions, and one zero word for reads past the end. */
    private int words;

    // the path's distinct segments
    private int distinct;
    /** Words per distinct-segment bitset. */
    private int distinctWords;
    /** Per path position: its distinct segment. */
    private int[] distinctOf = new int[0];
    private String[] segmentText = new String[0];
    /** Per distinct segment: the literal pattern it is, or -1. */
    private int[] literalOf = new int[0];
    /** Per distinct segment, three words: the characters it holds ({@link #characterMask}). */
    private long[] characters = new long[0];
    /** The characters of the distinct segments, in all. */
    private int distinctCharacters;
    /** Open-addressing table of the distinct segments by hash: index + 1, 0 free. */
    private int[] table = new int[0];

    /**
     * Position bitsets, {@link #words} each: first one per distinct segment (where it is), then {@link #words} of
     * ones (what {@link #ANY} and a pattern matching everything read), then one per wildcard slot.
     */
    private long[] bits = new long[0];
    /** Where the next bitset of {@link #bits} goes. */
    private int bitsNext;

    // what is known of the patterns: state of another generation is unknown
    private int generation;
    private int[] patternGeneration = new int[0];
    /** Per pattern of this generation: for a literal, its distinct segment; for a wildcard, its slot. */
    private int[] patternState = new int[0];
    private int slots;
    private byte[] slotState = new byte[0];
    /** Per wildcard slot known everywhere: where its positions are in {@link #bits}. */
    private int[] slotAt = new int[0];
    /** Per wildcard slot: the distinct segments tested, and those it matches ({@link #distinctWords} each). */
    private long[] slotTested = new long[0];
    private long[] slotMatched = new long[0];
    private int[] globGeneration = new int[0];
    private boolean[] globResult = new boolean[0];
    private int[] blockGeneration = new int[0];
    /** Per block of this generation: where its positions are in {@link #bits}, or -1 for none. */
    private int[] blockState = new int[0];


    /** Work done, for tests that pin the cost (see {@link PathGlob.Steps}); null when not counted. */
    PathGlob.Steps steps;

    /** Starts matching {@code path} (validated segments) against {@code set}'s globs. */
    Match start(GlobSet set, String[] path) {
      this.set = set;
      this.n = path.length;
      this.words = (n >>> 6) + 2;
      if (++generation == 0) { // wrapped: forget everything explicitly
        Arrays.fill(patternGeneration, 0);
        Arrays.fill(globGeneration, 0);
        Arrays.fill(blockGeneration, 0);
        Arrays.fill(nodeGeneration, 0);
        Arrays.fill(afterGeneration, 0);
        Arrays.fill(chunkGeneration, 0);
        generation = 1;
      }
      if (patternGeneration.length < set.patternCount()) {
        patternGeneration = Arrays.copyOf(patternGeneration, set.patternCount());
        patternState = Arrays.copyOf(patternState, set.patternCount());
      }
      if (blockGeneration.length < set.blockCount()) {
        blockGeneration = Arrays.copyOf(blockGeneration, set.blockCount());
        blockState = Arrays.copyOf(blockState, set.blockCount());
      }
      if (globGeneration.length < set.globCount()) {
        globGeneration = Arrays.copyOf(globGeneration, set.globCount());
        globResult = Arrays.copyOf(globResult, set.globCount());
      }
      slots = 0;
      textReady = false;
      indexPath(path);
      return this;
    }

    /** Names the distinct segments, and finds which literal patterns the path holds and where. */
    private void indexPath(String[] path) {
      if (distinctOf.length < n) {
        int capacity = Math.max(n, 16);
        distinctOf = new int[capacity];
        segmentText = new String[capacity];
        literalOf = new int[capacity];
        characters = new long[3 * capacity];
        table = new int[Integer.highestOneBit(capacity) * 4];
      }
      int mask = Integer.highestOneBit(Math.max(n, 16)) * 4 - 1;
      Arrays.fill(table, 0, mask + 1, 0);
      distinct = 0;
      for (int q = 0; q < n; q++) {
        String segment = path[q];
        int h = segment.hashCode();
        int at = (h ^ (h >>> 16)) & mask;
        while (true) {
          int entry = table[at];
          if (entry == 0) {
            table[at] = ++distinct;
            distinctOf[q] = distinct - 1;
            segmentText[distinct - 1] = segment;
            break;
          }
          if (segmentText[entry - 1].equals(segment)) {
            distinctOf[q] = entry - 1;
            break;
          }
          at = (at + 1) & mask;
        }
      }
      distinctWords = (distinct + 63) >>> 6;
      bitsNext = (distinct + 1) * words;
      ensureBits(bitsNext);
      Arrays.fill(bits, 0, distinct * words, 0L);
      Arrays.fill(bits, distinct * words, bitsNext, -1L);
      for (int q = 0; q < n; q++) {
        int d = distinctOf[q];
        bits[d * words + (q >>> 6)] |= 1L << q;
      }
      distinctCharacters = 0;
      for (int d = 0; d < distinct; d++) {
        distinctCharacters += segmentText[d].length();
        Integer literal = set.literalIds.get(segmentText[d]);
        literalOf[d] = literal == null ? -1 : literal;
        if (literal != null) {
          patternGeneration[literal] = generation;
          patternState[literal] = d;
        }
        String segment = segmentText[d];
        int at = 3 * d;
        characters[at] = 0;
        characters[at + 1] = 0;
        characters[at + 2] = 0;
        for (int i = 0; i < segment.length(); i++) {
          characterMask(characters, at, segment.charAt(i));
        }
        count(1 + segment.length());
      }
      count(n);
    }

    /** A fresh bitset of {@link #bits}. */
    private int allocateBits() {
      int at = bitsNext;
      bitsNext += words;
      ensureBits(bitsNext);
      return at;
    }

    private void ensureBits(int size) {
      if (bits.length < size) {
        bits = Arrays.copyOf(bits, Math.max(size, bits.length * 2));
      }
    }

    /** Whether the glob the roles hold as {@code id} matches the path. */
    boolean matches(int id) {
      int g = set.globOf[id];
      if (globGeneration[g] == generation) {
        return globResult[g];
      }
      boolean result = decide(set.globs[g]);
      globGeneration[g] = generation;
      globResult[g] = result;
      return result;
    }

    /** As {@link PathGlob#matches}: the anchored segments, then each run at its first place after the last. */
    private boolean decide(Glob glob) {
      count(1);
      if (!glob.anyDepth) {
        return n == glob.head.length && all(glob.head, 0);
      }
      if (n < glob.minSegments) {
        return false;
      }
      int tailStart = n - glob.tail.length;
      if (!all(glob.tail, tailStart) || !all(glob.head, 0)) {
        return false;
      }
      int from = glob.head.length;
      for (int i = 0; i < glob.middle.length; i++) {
        int[] run = glob.middle[i];
        from = run.length == 1 ? find(run[0], from, tailStart)
            : find(run.length, glob.sources[i], glob.offsets[i], from, tailStart);
        if (from < 0) {
          return false;
        }
      }
      return true;
    }

    private boolean all(int[] patterns, int offset) {
      for (int i = 0; i < patterns.length; i++) {
        if (!matchesAt(patterns[i], offset + i)) {
          return false;
        }
      }
      return true;
    }

    /** Whether pattern {@code p} matches the segment at position {@code q}. */
    private boolean matchesAt(int p, int q) {
      count(1);
      if (p == ANY) {
        return true;
      }
      int d = distinctOf[q];
      if (set.literals[p] != null) {
        return literalOf[d] == p;
      }
      int slot = slot(p);
      if (slotState[slot] == ASKED) {
        if (segmentText[d].length() < LONG_SEGMENT || !longTestsOnText) {
          return matchesDistinct(p, slot, d);
        }
        fill(p, slot);
      }
      return slotState[slot] != NONE && bit(positions(p), q);
    }

    /** Whether a long segment's wildcard is learnt on the path's characters (tests switch it off). */
    boolean longTestsOnText = true;

    private boolean bit(int at, int q) {
      return (bits[at + (q >>> 6)] & (1L << q)) != 0;
    }

    /** Whether wildcard {@code p} (in {@code slot}) matches distinct segment {@code d}: tested once per check. */
    private boolean matchesDistinct(int p, int slot, int d) {
      int at = slot * distinctWords + (d >>> 6);
      long bit = 1L << d;
      if ((slotTested[at] & bit) != 0) {
        return (slotMatched[at] & bit) != 0;
      }
      slotTested[at] |= bit;
      count(1);
      String segment = segmentText[d];
      int c = 3 * d;
      int w = 3 * p;
      long[] wanted = set.characters;
      if (segment.length() < set.minLengths[p] || (wanted[w] & ~characters[c]) != 0
          || (wanted[w + 1] & ~characters[c + 1]) != 0 || (wanted[w + 2] & ~characters[c + 2]) != 0
          || !set.wildcards[p].matches(segment, steps)) {
        return false;
      }
      slotMatched[at] |= bit;
      return true;
    }

    /** The slot of wildcard {@code p} in this check, taken on first use. */
    private int slot(int p) {
      if (patternGeneration[p] == generation) {
        return patternState[p];
      }
      int slot = slots++;
      if (slotState.length <= slot) {
        int grown = Math.max(16, slotState.length * 2);
        slotState = Arrays.copyOf(slotState, grown);
        slotAt = Arrays.copyOf(slotAt, grown);
      }
      if (slotTested.length < (slot + 1) * distinctWords) {
        int grown = Math.max((slot + 1) * distinctWords, slotTested.length * 2);
        slotTested = Arrays.copyOf(slotTested, grown);
        slotMatched = Arrays.copyOf(slotMatched, grown);
      }
      slotState[slot] = ASKED;
      Arrays.fill(slotTested, slot * distinctWords, (slot + 1) * distinctWords, 0L);
      Arrays.fill(slotMatched, slot * distinctWords, (slot + 1) * distinctWords, 0L);
      patternGeneration[p] = generation;
      patternState[p] = slot;
      return slot;
    }

    /**
     * Where in {@link #bits} the positions pattern {@code p} matches start, -1 when it matches none. A wildcard is
     * tested on every distinct segment not tested yet; one that matches them all reads as {@link #ANY}.
     */
    private int positions(int p) {
      if (p == ANY) {
        return distinct * words;
      }
      if (set.literals[p] != null) {
        return patternGeneration[p] == generation ? patternState[p] * words : -1;
      }
      int slot = slot(p);
      if (slotState[slot] == ASKED) {
        fill(p, slot);
      }
      switch (slotState[slot]) {
        case NONE:
          return -1;
        case ALL:
          return distinct * words;
        default:
          return slotAt[slot];
      }
    }

    /**
     * Learns where wildcard {@code p} matches on the whole path: by testing it on each distinct segment not tested
     * yet when there are few, else on the path's characters all at once ({@link #evaluate}).
     */
    private void fill(int p, int slot) {
      int base = allocateBits();
      slotAt[slot] = base;
      Arrays.fill(bits, base, base + words, 0L);
      if (distinctCharacters + TEST_COST * distinct > fewCharacters) {
        evaluate(p, base);
        int matched = 0;
        for (int w = 0; w < words; w++) {
          matched += Long.bitCount(bits[base + w]);
        }
        slotState[slot] = matched == 0 ? NONE : matched == n ? ALL : SOME;
        return;
      }
      int matched = 0;
      for (int d = 0; d < distinct; d++) {
        if (matchesDistinct(p, slot, d)) {
          matched++;
          int from = d * words;
          for (int w = 0; w < words; w++) {
            bits[base + w] |= bits[from + w];
          }
          count(words);
        }
      }
      count(distinct);
      slotState[slot] = matched == 0 ? NONE : matched == distinct ? ALL : SOME;
    }

    /**
     * Up to this many characters of distinct segments (each counting {@link #TEST_COST} more), a wildcard is tested
     * on each segment; beyond, on the path's characters all at once, which costs a few passes over some 17 words.
     */
    static final int FEW_CHARACTERS = 160;
    private static final int TEST_COST = 8;
    /** {@link #FEW_CHARACTERS}, but tests set it to reach both ways on any path. */
    int fewCharacters = FEW_CHARACTERS;
    /** A segment this long is not tested alone: its wildcard is learnt on the whole path at once. */
    private static final int LONG_SEGMENT = 64;

    // ---------------------------------------------------------------------------------------------
    // the path's characters: a wildcard matched on all segments at once

    /** Whether the path's characters are indexed in this check. */
    private boolean textReady;
    /** Characters of the path with a separator after each segment, and words per bitset over them. */
    private int textLength;
    private int textWords;
    /** Per character position: its path position; per path position: where its segment starts. */
    private int[] segmentAt = new int[0];
    private int[] segmentStart = new int[0];
    /**
     * Bitsets over character positions, {@link #textWords} each: segment characters ({@link #NS}), segment starts
     * ({@link #STARTS}) and ends ({@link #ENDS}), then one per distinct character, per chunk and per trie node.
     */
    private long[] text = new long[0];
    private int textNext;
    private static final int NS = 0;
    private static final int STARTS = 1;
    private static final int ENDS = 2;
    /** Open-addressing table of the characters: character + 1 in the low half, its bitset's index in the high. */
    private long[] characterTable = new long[0];
    private int[] chunkGeneration = new int[0];
    /** Per chunk of this generation: where its occurrences' ends are in {@link #text}, or -1 for nowhere. */
    private int[] chunkEnds = new int[0];
    private int[] nodeGeneration = new int[0];
    private int[] afterGeneration = new int[0];
    /** Per trie node whose {@link #afterGeneration} is this one: where the characters after its ends are. */
    private int[] afterAt = new int[0];
    /** Per trie node of this generation: where its state is in {@link #text} (ends, then after), or -1: dead. */
    private int[] nodeState = new int[0];

    private void indexText() {
      textReady = true;
      textLength = 0;
      if (segmentStart.length < n + 1) {
        segmentStart = new int[Math.max(n + 1, 16)];
      }
      for (int q = 0; q < n; q++) {
        segmentStart[q] = textLength;
        textLength += text(q).length() + 1;
      }
      segmentStart[n] = textLength;
      textWords = (textLength >>> 6) + 2;
      if (segmentAt.length < textLength) {
        segmentAt = new int[Math.max(textLength, 64)];
      }
      int tableSize = Integer.highestOneBit(Math.max(textLength, 32)) * 4;
      if (characterTable.length < tableSize) {
        characterTable = new long[tableSize];
      }
      Arrays.fill(characterTable, 0, tableSize, 0L);
      int mask = tableSize - 1;
      int characterCount = 0;
      // first pass: name the characters, to size the pool
      for (int q = 0; q < n; q++) {
        String segment = text(q);
        for (int i = 0; i < segment.length(); i++) {
          char c = segment.charAt(i);
          int at = (c * 0x9E3779B1 >>> 16) & mask;
          while (characterTable[at] != 0 && (int) characterTable[at] != c + 1) {
            at = (at + 1) & mask;
          }
          if (characterTable[at] == 0) {
            characterTable[at] = (c + 1) | ((long) (3 + characterCount++) << 32);
          }
        }
      }
      textNext = (3 + characterCount) * textWords;
      ensureText(textNext);
      Arrays.fill(text, 0, textNext, 0L);
      for (int q = 0; q < n; q++) {
        String segment = text(q);
        int start = segmentStart[q];
        int length = segment.length();
        set(STARTS * textWords, start);
        set(ENDS * textWords, start + length - 1);
        for (int i = 0; i < length; i++) {
          char c = segment.charAt(i);
          int at = (c * 0x9E3779B1 >>> 16) & mask;
          while ((int) characterTable[at] != c + 1) {
            at = (at + 1) & mask;
          }
          set((int) (characterTable[at] >>> 32) * textWords, start + i);
          set(NS * textWords, start + i);
          segmentAt[start + i] = q;
        }
        segmentAt[start + length] = q;
      }
      count(textLength);
      if (chunkGeneration.length < set.chunks.length) {
        chunkGeneration = new int[set.chunks.length];
        chunkEnds = new int[set.chunks.length];
      }
      if (nodeGeneration.length < set.nodeParent.length) {
        nodeGeneration = new int[set.nodeParent.length];
        afterGeneration = new int[set.nodeParent.length];
        afterAt = new int[set.nodeParent.length];
        nodeState = new int[set.nodeParent.length];
      }
    }

    private String text(int q) {
      return segmentText[distinctOf[q]];
    }

    private void set(int at, int position) {
      text[at + (position >>> 6)] |= 1L << position;
    }

    private void ensureText(int size) {
      if (text.length < size) {
        text = Arrays.copyOf(text, Math.max(size, text.length * 2));
      }
    }

    /** Where the bitset of character {@code c} is, or -1 when the path does not hold it. */
    private int character(char c) {
      int mask = Integer.highestOneBit(Math.max(textLength, 32)) * 4 - 1;
      int at = (c * 0x9E3779B1 >>> 16) & mask;
      while (characterTable[at] != 0) {
        if ((int) characterTable[at] == c + 1) {
          return (int) (characterTable[at] >>> 32) * textWords;
        }
        at = (at + 1) & mask;
      }
      return -1;
    }

    /** Where the ends of chunk {@code k}'s occurrences are, or -1 when it occurs nowhere. */
    private int chunk(int k) {
      if (chunkGeneration[k] == generation) {
        return chunkEnds[k];
      }
      chunkGeneration[k] = generation;
      chunkEnds[k] = -1;
      String chunk = set.chunks[k];
      int first = character(chunk.charAt(0));
      if (first < 0) {
        return -1;
      }
      int at = allocate();
      System.arraycopy(text, first, text, at, textWords);
      for (int i = 1; i < chunk.length(); i++) {
        int next = character(chunk.charAt(i));
        if (next < 0 || !shiftAnd(at, 1, next, at)) {
          return -1;
        }
      }
      chunkEnds[k] = at;
      return at;
    }

    /** A fresh bitset in {@link #text}. */
    private int allocate() {
      int at = textNext;
      textNext += textWords;
      ensureText(textNext);
      return at;
    }

    /** {@code to = (from << shift) & mask} over the characters; whether any bit is left. */
    private boolean shiftAnd(int from, int shift, int mask, int to) {
      int skip = shift >>> 6;
      int b = shift & 63;
      long any = 0;
      // high words first, so that from and to may be the same bitset
      for (int w = textWords - 1; w >= 0; w--) {
        int src = w - skip;
        long x = src < 0 ? 0 : text[from + src] << b;
        if (b != 0 && src > 0) {
          x |= text[from + src - 1] >>> (64 - b);
        }
        x &= text[mask + w];
        text[to + w] = x;
        any |= x;
      }
      count(textWords);
      return any != 0;
    }

    /**
     * {@code to} = the segment characters after a bit of {@code from} in the same segment: adding the seeds (the
     * characters just after the bits) to the segment characters carries each through the rest of its segment.
     */
    private void after(int from, int to) {
      long carry = 0;
      long shiftIn = 0;
      for (int w = 0; w < textWords; w++) {
        long x = text[from + w];
        long ns = text[NS * textWords + w];
        long seeds = ((x << 1) | shiftIn) & ns;
        shiftIn = x >>> 63;
        long sum = ns + seeds;
        long out = Long.compareUnsigned(sum, ns) < 0 ? 1 : 0;
        long total = sum + carry;
        out |= carry & (sum == -1L ? 1 : 0);
        text[to + w] = ((total ^ ns) | seeds) & ns;
        carry = out;
      }
      count(2 * textWords);
    }

    /**
     * Where, in {@link #text}, the ends of trie node {@code v}'s last chunk's occurrences are (after its earlier
     * chunks, in order, within one segment), or -1 when nowhere.
     */
    private int node(int v) {
      if (nodeGeneration[v] == generation) {
        return nodeState[v];
      }
      int parent = set.nodeParent[v];
      int from = set.nodeAnchored[v] ? STARTS * textWords : parent == 0 ? NS * textWords : after(parent);
      int state = -1;
      int chunk = set.nodeChunk[v];
      int ends = from < 0 ? -1 : chunk(chunk);
      if (ends >= 0) {
        int at = allocate();
        if (shiftAnd(from, set.chunks[chunk].length() - 1, ends, at)) {
          state = at;
        } else {
          textNext = at; // nothing refers to it
        }
      }
      nodeGeneration[v] = generation;
      nodeState[v] = state;
      return state;
    }

    /**
     * Where the segment characters after node {@code v}'s ends are (any of its segment's characters for the root),
     * or -1 when it has no ends.
     */
    private int after(int v) {
      if (v == 0) {
        return NS * textWords;
      }
      int ends = node(v);
      if (ends < 0) {
        return -1;
      }
      if (afterGeneration[v] != generation) {
        afterGeneration[v] = generation;
        afterAt[v] = allocate();
        after(ends, afterAt[v]);
      }
      return afterAt[v];
    }

    /** Sets, in the position bitset at {@code base}, the positions where wildcard {@code p} matches. */
    private void evaluate(int p, int base) {
      if (!textReady) {
        indexText();
      }
      int v = set.wildcardNode[p];
      int end = set.wildcardEnd[p];
      int found;
      if (end < 0) {
        found = node(v); // the last chunk's ends: the trailing star takes the rest
        if (found < 0) {
          return;
        }
      } else {
        int from = after(v);
        int ends = from < 0 ? -1 : chunk(end);
        if (ends < 0) {
          return;
        }
        found = scratch();
        if (!shiftAnd(from, set.chunks[end].length() - 1, ends, found)
            || !shiftAnd(found, 0, ENDS * textWords, found)) {
          return;
        }
      }
      // each segment holding a bit of found
      int position = nextBit(found, 0);
      while (position >= 0) {
        int q = segmentAt[position];
        bits[base + (q >>> 6)] |= 1L << q;
        count(1);
        position = nextBit(found, segmentStart[q + 1]);
      }
    }

    private int scratchAt = -1;
    private int scratchGeneration;

    /** A bitset in {@link #text} for a result read at once. */
    private int scratch() {
      if (scratchGeneration != generation || scratchAt < 0) {
        scratchAt = allocate();
        scratchGeneration = generation;
      }
      return scratchAt;
    }

    /** The first set bit at {@code from} or later of the bitset at {@code at} in {@link #text}, or -1. */
    private int nextBit(int at, int from) {
      int word = from >>> 6;
      if (word >= textWords) {
        return -1;
      }
      long x = text[at + word] & (-1L << from);
      while (x == 0) {
        if (++word >= textWords) {
          return -1;
        }
        x = text[at + word];
      }
      return (word << 6) + Long.numberOfTrailingZeros(x);
    }

    /** The index after the first position in [from, limit) that pattern {@code p} matches, or -1. */
    private int find(int p, int from, int limit) {
      if (from >= limit) {
        return -1;
      }
      if (set.wildcards[p] != null) {
        int slot = slot(p);
        if (slotState[slot] == ASKED) {
          // the first few positions one by one: a glob whose run is found early reads no more of the path
          int end = Math.min(limit, from + ASK_FIRST);
          for (int q = from; q < end; q++) {
            count(1);
            if (matchesDistinct(p, slot, distinctOf[q])) {
              return q + 1;
            }
          }
          if (end == limit) {
            return -1;
          }
          fill(p, slot);
          from = end;
        }
      }
      int at = positions(p);
      if (at < 0) {
        return -1;
      }
      int q = nextSetBit(at, from, limit);
      return q < 0 ? -1 : q + 1;
    }

    /** Positions a single-segment run is looked for one by one before its pattern is learnt on the whole path. */
    private static final int ASK_FIRST = 4;

    /**
     * The index after the first occurrence of a run of {@code k} segments that starts at {@code from} or later and
     * ends by {@code limit}, or -1: the starts where every source (a pattern or a block, see {@link Glob#sources})
     * matches at its offset. Each source is AND-ed into the starts still alive, 64 to a word.
     */
    private int find(int k, int[] sources, int[] offsets, int from, int limit) {
      int last = limit - k; // the last start
      if (from > last) {
        return -1;
      }
      // alive word w: the starts from + 64w ... from + 64w + 63 where the sources AND-ed so far all match
      int windows = ((last - from) >>> 6) + 1;
      long[] alive = this.alive;
      Arrays.fill(alive, 0, windows, -1L);
      int spare = 63 - ((last - from) & 63);
      alive[windows - 1] = -1L >>> spare; // no start after last
      int lo = 0;
      int hi = windows - 1;
      for (int i = 0; i < sources.length; i++) {
        int source = sources[i];
        int at = source >= 0 ? positions(source) : block(-1 - source);
        if (at < 0) {
          return -1;
        }
        long[] b = bits;
        int start = from + offsets[i] + (lo << 6);
        int word = at + (start >>> 6) - lo;
        int shift = start & 63;
        long any = 0;
        for (int w = lo; w <= hi; w++) {
          // bits of the source at start + 64 (w - lo); (x << 1) << (63 - shift) is 0 when shift is 0
          long a = alive[w] & ((b[word + w] >>> shift) | ((b[word + w + 1] << 1) << (63 - shift)));
          alive[w] = a;
          any |= a;
        }
        count(hi - lo + 1);
        if (any == 0) {
          return -1;
        }
        while (alive[lo] == 0) {
          lo++;
        }
        while (alive[hi] == 0) {
          hi--;
        }
      }
      return from + (lo << 6) + Long.numberOfTrailingZeros(alive[lo]) + k;
    }

    /**
     * Where in {@link #bits} the positions where block {@code b} matches are (its patterns all match at their
     * offsets from there), -1 when none: AND-ed once per check.
     */
    private int block(int b) {
      if (blockGeneration[b] == generation) {
        return blockState[b];
      }
      blockGeneration[b] = generation;
      blockState[b] = -1;
      int[] patterns = set.blockPatterns[b];
      int[] offsets = set.blockOffsets[b];
      int base = allocateBits();
      Arrays.fill(bits, base, base + words, -1L);
      for (int i = 0; i < patterns.length; i++) {
        int at = positions(patterns[i]);
        if (at < 0) {
          return -1;
        }
        int shift = offsets[i];
        int skip = shift >>> 6;
        int s = shift & 63;
        long any = 0;
        for (int w = 0; w < words; w++) {
          int src = w + skip;
          long x = src < words ? bits[at + src] >>> s : 0;
          if (s != 0 && src + 1 < words) {
            x |= bits[at + src + 1] << (64 - s);
          }
          x &= bits[base + w];
          bits[base + w] = x;
          any |= x;
        }
        count(words);
        if (any == 0) {
          return -1;
        }
      }
      blockState[b] = base;
      return base;
    }

    /** Scratch for {@link #find(int, int[], int[], int, int)}: one word per 64 starts. */
    private final long[] alive = new long[(ResourcePaths.MAX_PATH_LENGTH >>> 6) + 2];

    /** The first set bit at {@code from} or later and before {@code limit} of the bitset at {@code at}, or -1. */
    private int nextSetBit(int at, int from, int limit) {
      int word = from >>> 6;
      long x = bits[at + word] & (-1L << from);
      while (true) {
        count(1);
        if (x != 0) {
          int q = (word << 6) + Long.numberOfTrailingZeros(x);
          return q < limit ? q : -1;
        }
        if (++word << 6 >= limit) {
          return -1;
        }
        x = bits[at + word];
      }
    }

    private void count(int work) {
      if (steps != null) {
        steps.count += work;
      }
    }
  }
}
