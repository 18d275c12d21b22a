package io.usersroles.access;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file globs of an organisation's roles compiled together, so that one check matches all the globs it meets
 * in one go instead of each with its own passes over the path. It answers exactly as {@link PathGlob} matching
 * each glob alone (GlobSetTest holds it to that).
 *
 * <p>Every segment pattern (a glob segment other than {@code **}) is kept once for all globs, and identical globs
 * once. A check names each distinct segment of its path once, and learns what it needs of a pattern once, as the
 * set of path positions the pattern matches (a bitset of at most nine 64-bit words: a path has at most 512
 * segments):
 *
 * <ul>
 *   <li>a literal pattern: one hash lookup per distinct path segment for all literals together;
 *   <li>{@code *}: nothing;
 *   <li>a wildcard (literal parts around stars): tested on a distinct segment only if the segment is long enough
 *       and holds its characters (one AND of character masks). On a path of few characters the test is
 *       {@link PathGlob}'s. Otherwise one Aho-Corasick pass over the distinct segments first finds where every
 *       part of every wildcard occurs (a bitset over the path's characters per part that occurs), and a test
 *       places the parts greedily on their occurrences, a look-up each; or, when that would cost more, the
 *       wildcard is learnt on all segments at once, either by shifting and AND-ing its parts' occurrences (a few
 *       passes over at most 18 words per part; the passes of a prefix of parts are kept for the wildcards that share
 *       it), or by walking the trie of the wildcards' parts down to it (chosen up to {@link Match#WALK_BIAS} times
 *       the passes' cost, as its estimate keeps every segment alive): each trie node's greedy end (the place just
 *       after its last part, each part at its first occurrence after the previous) is found once per distinct
 *       segment for all the wildcards that start with its parts, from its parent's, and a segment leaves the
 *       node's subtree as soon as a part is missing or fewer characters are left than any wildcard below needs, or
 *       fewer of one of the (at most four) characters the parts hold most (counts kept per node and, per check,
 *       per character position, a byte per character in one int). Once a check has walked a few wildcards, the
 *       next sweeps the whole trie instead, a depth at a time (the pairs of a node and a segment still alive on it
 *       give its children's), and learns every wildcard: most checks that walk that many ask for most globs.
 * </ul>
 *
 * <p>A glob is then decided as {@link PathGlob} does: its anchored segments are bit tests, a run of one segment
 * between two {@code **} is the next set bit after the previous run, and a run of several is placed at its first
 * occurrence by AND-ing shifted bitsets, 64 starts at a time. Its patterns (other than {@code *}) are cut, in
 * order, into pieces of a few patterns, the same size for all runs, chosen when compiling: the nodes of a trie of
 * pieces, so that runs that hold the same patterns at the same distances share them. A check computes a piece's
 * positions once (its parent's AND its last pattern's, shifted: one pass over the path's words per node) for all
 * the runs that hold it, and a run ANDs one bitset per piece rather than one per pattern. A pattern that matches
 * nowhere fails the run at once, then a piece that matches nowhere (patterns that never occur at those distances
 * from each other), the rarest piece is AND-ed first, and once at most {@link Match#SPARSE} starts are left each
 * is verified by single bit tests. The size is the one that costs least on the longest path (node passes plus
 * piece ANDs); 1, each pattern its own piece, when the runs share too little for pieces to pay.
 *
 * <p>What a check costs: one pass over its path's distinct segments (and the automaton's pass, at most a few word
 * operations per part that occurs); per distinct wildcard it meets, the cheaper of a look-up per part on each
 * distinct segment long enough, a few passes over the path's characters per part it does not share, and a look-up
 * per distinct segment still alive per trie node it does not share; per piece node it meets, a pass over the
 * path's words; per distinct glob, a few word operations per piece of its runs and per 64 segments of path. In the
 * worst case (pieces of one pattern: runs that share nothing, of patterns that each match many positions and
 * together few) that is O(|path| + Σ|glob| × ⌈|path| / 64⌉), the order of matching each glob alone: what
 * matching together saves is whatever the globs share and whatever a pattern or a piece that matches nowhere
 * spares, which on the largest catalogs is most of it (GlobSetTest pins the steps on the costliest found).
 * Nothing is allocated but to grow the per-thread state.
 */
final class GlobSet {
  /** The pattern id of {@code *}, which matches every segment. */
  static final int ANY = 0;

  /** Per pattern: the literal it is, else null. */
  private final String[] literals;
  /** Per pattern: its text. */
  private final String[] patterns;
  /** Per wildcard: {@link PathGlob}'s segment, compiled when first needed (few checks need it). */
  private final PathGlob.Segment[] compiled;
  /** Per pattern: the fewest characters a segment it matches has. */
  private final int[] minLengths;
  /** Per pattern, three words: the characters a segment it matches must hold ({@link #characterMask}). */
  private final long[] characters;
  private final Map<String, Integer> literalIds;
  /**
   * The distinct globs, one after the other ({@link Builder#glob} lays one out): whether it has a {@code **}, the
   * fewest segments it matches, its head's and its tail's pattern ids, then its runs between two {@code **}: per
   * run its length, and for a run of one segment its pattern; for a longer run, how many pieces and distinct
   * patterns it has, its pieces' trie nodes, their offsets in the run, and its distinct patterns other than
   * {@code *} (literals first then the wildcards with the most literal characters, the likeliest to fail first).
   * One array, so that deciding a glob reads a line or two of memory.
   */
  private final int[] code;
  /** Per distinct glob: where it is in {@link #code}. */
  private final int[] globAt;
  /** Per glob as the roles hold it ({@link CompiledRoles.CompiledFileGrant#id()}): its distinct glob. */
  private final int[] globOf;

  // the wildcards' literal parts ("chunks"): "first*inner1*...*innerM*last", first and last possibly empty
  private final String[] chunks;
  private final int[] chunkLengths;
  /** Per wildcard: its first part (anchored at the segment's start), or -1 when it starts with a star. */
  private final int[] wildcardFirst;
  /** Per wildcard: its parts between stars, in order. */
  private final int[][] wildcardInner;
  /** Per wildcard: its last part (anchored at the segment's end), or -1 when it ends with a star. */
  private final int[] wildcardLast;
  /** Per wildcard: how many parts it has. */
  private final int[] partCounts;
  /**
   * The parts but the last of every wildcard as a trie, for matching on all segments at once: per node its
   * parent, its part, and whether the part is anchored at the segment's start. Node 0 is the root.
   */
  private final int[] nodeParent;
  private final int[] nodeChunk;
  private final boolean[] nodeAnchored;
  /** Per wildcard: its trie node (its parts but the last when that is anchored). */
  private final int[] wildcardNode;
  /** Per trie node: how many wildcards start with its parts. */
  private final int[] nodeUses;
  /**
   * Per trie node: the fewest literal characters a wildcard starting with its parts has after them (its later
   * parts and its last); for the root, the fewest any wildcard has. A segment with fewer left after the node's
   * greedy end cannot match any of those wildcards, so a walk of the trie leaves the node's subtree there.
   */
  private final int[] nodeRest;
  /**
   * The characters whose counts a walk of the trie also prunes by ({@link #tracked}, at most {@link #LANES}: those
   * the wildcards' parts hold most), and per trie node the fewest of each that a wildcard starting with its parts
   * has after them, packed a byte per character ({@link #lanes}). A segment whose characters after the node's
   * greedy end hold fewer of one of them cannot match any of those wildcards either.
   */
  final char[] tracked;
  private final int[] nodeNeed;
  static final int LANES = 4;
  /** A lane's count is at most this, so that its byte's top bit is free for {@link #covers}. */
  static final int LANE_MAX = 127;
  private static final int LANE_TOPS = 0x80808080;
  /** Per wildcard: how many trie nodes of its parts no other wildcard has. */
  private final int[] wildcardOwn;
  /**
   * Per wildcard: the deepest trie node of its parts that another wildcard shares, or the root, by its walk id: the
   * root and the shared nodes (the only ones a walk keeps) are numbered 0, 1, 2... so that a check's walk state is
   * small.
   */
  private final int[] wildcardTop;
  /** How many nodes have a walk id. */
  final int walkIds;
  /** Per walk id: its node's parent's (shared too, or the root), -1 for the root: a climb reads nothing else. */
  private final int[] walkParent;
  /**
   * Per wildcard: where its trie nodes are in {@link #paths}, top down (to {@code pathAt[p + 1]}), laid out side by
   * side so that a walk down them reads memory in order: per node {@link #PATH_STRIDE} ints, its walk id
   * ({@link #wildcardTop}; -1 for a node no other wildcard has), its chunk,
   * its {@link #nodeRest}, its {@link #nodeUses} shifted left once with the bit of {@link #nodeAnchored}, and its
   * {@link #nodeNeed}.
   */
  private final int[] pathAt;
  private final int[] paths;
  /** Per node of {@link #paths}: the sum of 1 / uses of it and the nodes below it on the path. */
  private final float[] pathShares;
  static final int PATH_STRIDE = 5;
  /**
   * The trie's nodes in breadth-first order (the root first, a node's children side by side), for a sweep of the
   * whole trie ({@link Match#sweep}): per node, what placing its part reads, three ints (its chunk, -1 for the root;
   * its {@link #nodeRest} shifted left {@link #REST_SHIFT} times with the chunk's length shifted left once with the
   * bit of {@link #nodeAnchored}; its {@link #nodeNeed}), and apart, what going down from it reads, two ints (where
   * its children start in this order, and its own wildcards in {@link #sweepWildcards}; they end where the next
   * node's start, a last entry after all). Small, so that the nodes a sweep reads take few lines of memory.
   */
  private final int[] sweepPlaces;
  private final int[] sweepBelow;
  static final int REST_SHIFT = 16;
  /**
   * The wildcards by their trie node ({@link #wildcardNode}) in the order of {@link #sweepPlaces}, two ints each: the
   * wildcard, and its last part or -1.
   */
  private final int[] sweepWildcards;

  // Aho-Corasick automaton of the chunks: a trie of their characters, state 0 the root
  /** Transitions: key (state + 1) << 16 | character, open addressing; 0 is a free slot. */
  private final long[] gotoKeys;
  private final int[] gotoStates;
  /** Per state: the longest proper suffix that is a state. */
  private final int[] fail;
  /** Per state: the longest proper suffix that is a whole chunk's state, or -1. */
  private final int[] output;
  /** Per state: the chunk it spells in full, or -1; per chunk: its state. */
  private final int[] terminal;
  private final int[] stateOf;
  /** Per state: how many chunks end where it is reached (itself and its {@link #output} chain). */
  private final int[] outputs;
  /** The longest chunk's length. */
  private final int longestChunk;

  /**
   * The pieces of the runs as a trie ({@link Builder#layOut}): per node its parent (0 the root), its pattern, and its
   * offset from the piece's first pattern. A node stands for the positions where its parent's patterns and its own
   * all match, each at its offset; the piece's first pattern is at offset 0.
   */
  private final int[] pieceParent;
  private final int[] piecePattern;
  private final int[] pieceOffset;
  /** How many patterns (other than {@code *}) a piece has at most: 1 when the runs share too little. */
  final int pieceSize;

  private GlobSet(Builder builder, int[] code, int[] globAt, int[] globOf) {
    int patternCount = builder.patterns.size();
    this.literals = builder.literals.toArray(String[]::new);
    this.patterns = builder.patterns.toArray(String[]::new);
    this.compiled = new PathGlob.Segment[patternCount];
    this.minLengths = new int[patternCount];
    this.characters = new long[3 * patternCount];
    for (int p = 0; p < patternCount; p++) {
      String pattern = builder.patterns.get(p);
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c != '*') {
          minLengths[p]++;
          characterMask(characters, 3 * p, c);
        }
      }
    }
    this.literalIds = Map.copyOf(builder.literalIds);
    this.pieceParent = builder.pieces.parent.toArray();
    this.piecePattern = builder.pieces.pattern.toArray();
    this.pieceOffset = builder.pieces.offset.toArray();
    this.pieceSize = builder.pieceSize;
    this.code = code;
    this.globAt = globAt;
    this.globOf = globOf;
    this.chunks = builder.chunks.toArray(String[]::new);
    this.chunkLengths = Arrays.stream(chunks).mapToInt(String::length).toArray();
    this.longestChunk = Arrays.stream(chunkLengths).max().orElse(0);
    this.wildcardFirst = builder.wildcardFirst.toArray();
    this.wildcardInner = builder.wildcardInner.toArray(int[][]::new);
    this.wildcardLast = builder.wildcardLast.toArray();
    this.partCounts = new int[patternCount];
    for (int p = 0; p < patternCount; p++) {
      partCounts[p] = (wildcardFirst[p] >= 0 ? 1 : 0) + wildcardInner[p].length + (wildcardLast[p] >= 0 ? 1 : 0);
    }
    this.nodeParent = builder.nodeParent.toArray();
    this.nodeChunk = builder.nodeChunk.toArray();
    this.nodeAnchored = new boolean[nodeParent.length];
    for (int v = 0; v < nodeAnchored.length; v++) {
      nodeAnchored[v] = builder.nodeAnchored.values[v] != 0;
    }
    this.wildcardNode = builder.wildcardNode.toArray();
    this.nodeUses = new int[nodeParent.length];
    for (int v : wildcardNode) {
      for (; v != 0; v = nodeParent[v]) {
        nodeUses[v]++;
      }
    }
    this.nodeRest = new int[nodeParent.length];
    Arrays.fill(nodeRest, Integer.MAX_VALUE);
    for (int p = 0; p < patternCount; p++) {
      if (p == ANY || literals[p] != null) {
        continue;
      }
      int rest = wildcardLast[p] >= 0 ? chunkLengths[wildcardLast[p]] : 0;
      int v = wildcardNode[p];
      for (; v != 0; v = nodeParent[v]) {
        nodeRest[v] = Math.min(nodeRest[v], rest);
        rest += chunkLengths[nodeChunk[v]];
      }
      nodeRest[0] = Math.min(nodeRest[0], rest);
    }
    this.tracked = tracked(chunks, wildcardFirst, wildcardInner, wildcardLast, literals);
    this.nodeNeed = new int[nodeParent.length];
    Arrays.fill(nodeNeed, lanes(new int[] {LANE_MAX, LANE_MAX, LANE_MAX, LANE_MAX}));
    int[][] chunkCounts = new int[chunks.length][];
    for (int k = 0; k < chunks.length; k++) {
      chunkCounts[k] = counts(tracked, chunks[k]);
    }
    int[][] needs = new int[nodeParent.length][];
    for (int p = 0; p < patternCount; p++) {
      if (p == ANY || literals[p] != null) {
        continue;
      }
      int[] rest = wildcardLast[p] >= 0 ? chunkCounts[wildcardLast[p]].clone() : new int[LANES];
      int v = wildcardNode[p];
      while (true) {
        if (needs[v] == null) {
          needs[v] = rest.clone();
        } else {
          for (int j = 0; j < LANES; j++) {
            needs[v][j] = Math.min(needs[v][j], rest[j]);
          }
        }
        if (v == 0) {
          break;
        }
        for (int j = 0; j < LANES; j++) {
          rest[j] += chunkCounts[nodeChunk[v]][j];
        }
        v = nodeParent[v];
      }
    }
    for (int v = 0; v < needs.length; v++) {
      if (needs[v] != null) {
        nodeNeed[v] = lanes(needs[v]);
      }
    }
    this.wildcardOwn = new int[patternCount];
    this.pathAt = new int[patternCount + 1];
    for (int p = 0; p < patternCount; p++) {
      int depth = 0;
      for (int v = wildcardNode[p]; v != 0; v = nodeParent[v]) {
        depth++;
        wildcardOwn[p] += nodeUses[v] == 1 ? 1 : 0;
      }
      pathAt[p + 1] = pathAt[p] + depth;
    }
    int[] walkId = new int[nodeParent.length];
    int ids = 1;
    for (int v = 1; v < nodeParent.length; v++) {
      walkId[v] = nodeUses[v] > 1 ? ids++ : -1;
    }
    this.walkIds = ids;
    this.walkParent = new int[ids];
    walkParent[0] = -1;
    for (int v = 1; v < nodeParent.length; v++) {
      if (walkId[v] > 0) {
        walkParent[walkId[v]] = walkId[nodeParent[v]];
      }
    }
    this.wildcardTop = new int[patternCount];
    for (int p = 0; p < patternCount; p++) {
      int v = wildcardNode[p];
      while (v != 0 && nodeUses[v] == 1) {
        v = nodeParent[v];
      }
      wildcardTop[p] = walkId[v];
    }
    this.paths = new int[PATH_STRIDE * pathAt[patternCount]];
    this.pathShares = new float[pathAt[patternCount]];
    for (int p = 0; p < patternCount; p++) {
      float shares = 0;
      int i = pathAt[p + 1];
      for (int v = wildcardNode[p]; v != 0; v = nodeParent[v]) {
        i--;
        paths[PATH_STRIDE * i] = walkId[v];
        paths[PATH_STRIDE * i + 1] = nodeChunk[v];
        paths[PATH_STRIDE * i + 2] = nodeRest[v];
        paths[PATH_STRIDE * i + 3] = nodeUses[v] << 1 | (nodeAnchored[v] ? 1 : 0);
        paths[PATH_STRIDE * i + 4] = nodeNeed[v];
        shares += 1.0f / nodeUses[v];
        pathShares[i] = shares;
      }
    }

    // the trie in breadth-first order, each node's wildcards with it
    int nodes = nodeParent.length;
    int[] firstChild = new int[nodes];
    int[] nextSibling = new int[nodes];
    Arrays.fill(firstChild, -1);
    for (int v = nodes - 1; v >= 1; v--) {
      nextSibling[v] = firstChild[nodeParent[v]];
      firstChild[nodeParent[v]] = v;
    }
    int[] firstWildcard = new int[nodes];
    int[] nextWildcard = new int[patternCount];
    Arrays.fill(firstWildcard, -1);
    int wildcards = 0;
    for (int p = patternCount - 1; p > ANY; p--) {
      if (literals[p] == null) {
        nextWildcard[p] = firstWildcard[wildcardNode[p]];
        firstWildcard[wildcardNode[p]] = p;
        wildcards++;
      }
    }
    int[] breadth = new int[nodes];
    int queued = 1; // breadth[0] = 0, the root
    for (int i = 0; i < queued; i++) {
      for (int c = firstChild[breadth[i]]; c >= 0; c = nextSibling[c]) {
        breadth[queued++] = c;
      }
    }
    this.sweepPlaces = new int[3 * nodes];
    this.sweepBelow = new int[2 * (nodes + 1)];
    this.sweepWildcards = new int[2 * wildcards];
    int w = 0;
    int child = 1;
    for (int i = 0; i < nodes; i++) {
      int v = breadth[i];
      if (v != 0) {
        // a part is at most a glob long (256 characters), and so are the characters a wildcard needs after it (a
        // longer part occurs nowhere; fewer characters needed only keep more)
        sweepPlaces[3 * i] = nodeChunk[v];
        sweepPlaces[3 * i + 1] = Math.min(nodeRest[v], (1 << (31 - REST_SHIFT)) - 1) << REST_SHIFT
            | Math.min(chunkLengths[nodeChunk[v]], (1 << (REST_SHIFT - 1)) - 1) << 1 | (nodeAnchored[v] ? 1 : 0);
        sweepPlaces[3 * i + 2] = nodeNeed[v];
      }
      sweepBelow[2 * i] = child;
      for (int c = firstChild[v]; c >= 0; c = nextSibling[c]) {
        child++;
      }
      sweepBelow[2 * i + 1] = w;
      for (int p = firstWildcard[v]; p >= 0; p = nextWildcard[p]) {
        sweepWildcards[w++] = p;
        sweepWildcards[w++] = wildcardLast[p];
      }
    }
    sweepBelow[2 * nodes] = child;
    sweepBelow[2 * nodes + 1] = w;

    // the automaton: a trie of the chunks' characters, then suffix links breadth first
    int capacity = 1;
    for (String chunk : chunks) {
      capacity += chunk.length();
    }
    int[] parents = new int[capacity];
    char[] labels = new char[capacity];
    int[] terminals = new int[capacity];
    Arrays.fill(terminals, -1);
    int tableSize = Integer.highestOneBit(Math.max(capacity, 8)) * 4;
    long[] keys = new long[tableSize];
    int[] states = new int[tableSize];
    int count = 1;
    for (int k = 0; k < chunks.length; k++) {
      String chunk = chunks[k];
      int state = 0;
      for (int i = 0; i < chunk.length(); i++) {
        char c = chunk.charAt(i);
        int next = lookUp(keys, states, state, c);
        if (next < 0) {
          next = count++;
          parents[next] = state;
          labels[next] = c;
          insert(keys, states, state, c, next);
        }
        state = next;
      }
      terminals[state] = k;
    }
    this.gotoKeys = keys;
    this.gotoStates = states;
    this.terminal = Arrays.copyOf(terminals, count);
    this.stateOf = new int[chunks.length];
    for (int state = 0; state < count; state++) {
      if (terminal[state] >= 0) {
        stateOf[terminal[state]] = state;
      }
    }
    this.fail = new int[count];
    this.output = new int[count];
    this.outputs = new int[count];
    output[0] = -1;
    // states are numbered in insertion order, not by depth: order them by depth (a parent before its children)
    int[] depth = new int[count];
    int maxDepth = 0;
    for (int s = 1; s < count; s++) {
      depth[s] = depth[parents[s]] + 1;
      maxDepth = Math.max(maxDepth, depth[s]);
    }
    int[] byDepth = new int[maxDepth + 2];
    for (int s = 1; s < count; s++) {
      byDepth[depth[s] + 1]++;
    }
    for (int d = 1; d < byDepth.length; d++) {
      byDepth[d] += byDepth[d - 1];
    }
    int[] order = new int[Math.max(count - 1, 0)];
    for (int s = 1; s < count; s++) {
      order[byDepth[depth[s]]++] = s;
    }
    for (int s : order) {
      int parent = parents[s];
      char c = labels[s];
      int f = 0;
      if (parent != 0) {
        f = fail[parent];
        while (true) {
          int next = lookUp(keys, states, f, c);
          if (next >= 0) {
            f = next;
            break;
          }
          if (f == 0) {
            break;
          }
          f = fail[f];
        }
      }
      fail[s] = f;
      output[s] = terminal[f] >= 0 ? f : output[f];
      outputs[s] = (terminal[s] >= 0 ? 1 : 0) + (output[s] >= 0 ? outputs[output[s]] : 0);
    }
  }

  private static int lookUp(long[] keys, int[] states, int state, char c) {
    long key = ((long) (state + 1) << 16) | c;
    int mask = keys.length - 1;
    int at = slot(key, mask);
    while (keys[at] != 0) {
      if (keys[at] == key) {
        return states[at];
      }
      at = (at + 1) & mask;
    }
    return -1;
  }

  private static void insert(long[] keys, int[] states, int state, char c, int next) {
    long key = ((long) (state + 1) << 16) | c;
    int mask = keys.length - 1;
    int at = slot(key, mask);
    while (keys[at] != 0) {
      at = (at + 1) & mask;
    }
    keys[at] = key;
    states[at] = next;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32) & mask;
  }

  /** The automaton's state after reading {@code c} in {@code state}. */
  private int step(int state, char c) {
    while (true) {
      int next = lookUp(gotoKeys, gotoStates, state, c);
      if (next >= 0) {
        return next;
      }
      if (state == 0) {
        return 0;
      }
      state = fail[state];
    }
  }

  /**
   * The characters the wildcards' parts hold most (each part counted once per wildcard that has it), at most
   * {@link #LANES}: those a walk of the trie counts ({@link #nodeNeed}).
   */
  private static char[] tracked(String[] chunks, int[] firsts, int[][] inners, int[] lasts, String[] literals) {
    Map<Character, Integer> counts = new HashMap<>();
    for (int p = 0; p < firsts.length; p++) {
      if (p == ANY || literals[p] != null) {
        continue;
      }
      for (int k : inners[p]) {
        count(counts, chunks[k]);
      }
      if (firsts[p] >= 0) {
        count(counts, chunks[firsts[p]]);
      }
      if (lasts[p] >= 0) {
        count(counts, chunks[lasts[p]]);
      }
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<Character, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(LANES).map(Map.Entry::getKey).collect(StringBuilder::new, StringBuilder::append, StringBuilder::append)
        .toString().toCharArray();
  }

  private static void count(Map<Character, Integer> counts, String chunk) {
    for (int i = 0; i < chunk.length(); i++) {
      counts.merge(chunk.charAt(i), 1, Integer::sum);
    }
  }

  /** How many of each of the {@code tracked} characters {@code text} holds, per lane. */
  static int[] counts(char[] tracked, CharSequence text) {
    int[] counts = new int[LANES];
    for (int i = 0; i < text.length(); i++) {
      for (int j = 0; j < tracked.length; j++) {
        counts[j] += text.charAt(i) == tracked[j] ? 1 : 0;
      }
    }
    return counts;
  }

  /** {@code counts} packed a byte per lane, each at most {@link #LANE_MAX}. */
  static int lanes(int[] counts) {
    int packed = 0;
    for (int j = 0; j < LANES; j++) {
      packed |= Math.min(counts[j], LANE_MAX) << (8 * j);
    }
    return packed;
  }

  /**
   * Whether every lane of {@code have} is at least {@code need}'s (both {@link #lanes}): then no lane borrows, and
   * each keeps its top bit. Counts over {@link #LANE_MAX} read as it, which only keeps more.
   */
  static boolean covers(int have, int need) {
    return (((have | LANE_TOPS) - need) & LANE_TOPS) == LANE_TOPS;
  }

  /** Compiles {@code sources}, the globs in the order of their ids. */
  static GlobSet of(List<String> sources) {
    return of(sources, 0);
  }

  /** As {@link #of(List)}, the runs cut into pieces of {@code pieceSize} patterns (tests), or by cost if 0. */
  static GlobSet of(List<String> sources, int pieceSize) {
    Builder builder = new Builder();
    int[] globOf = new int[sources.size()];
    Map<String, Integer> distinct = new HashMap<>();
    for (int i = 0; i < globOf.length; i++) {
      String source = sources.get(i);
      Integer known = distinct.get(source);
      if (known == null) {
        known = distinct.size();
        distinct.put(source, known);
        builder.glob(source);
      }
      globOf[i] = known;
    }
    int[] globAt = builder.layOut(pieceSize);
    return new GlobSet(builder, builder.code.toArray(), globAt, globOf);
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

  /** {@link PathGlob}'s segment of wildcard {@code p} (a race compiles it twice, to equal immutable objects). */
  private PathGlob.Segment segment(int p) {
    PathGlob.Segment segment = compiled[p];
    if (segment == null) {
      segment = PathGlob.Segment.of(patterns[p]);
      compiled[p] = segment;
    }
    return segment;
  }

  int patternCount() {
    return literals.length;
  }

  int globCount() {
    return globAt.length;
  }

  private static final class Builder {
    /** The globs laid out ({@link #code}). */
    final Ints code = new Ints();
    final List<String> patterns = new ArrayList<>();
    final List<String> literals = new ArrayList<>();
    final Map<String, Integer> literalIds = new HashMap<>();
    final Map<String, Integer> wildcardIds = new HashMap<>();
    /** Per pattern: how many literal characters it has (more: likelier to fail). */
    final Ints weights = new Ints();
    final List<String> chunks = new ArrayList<>();
    final Map<String, Integer> chunkIds = new HashMap<>();
    final Ints wildcardFirst = new Ints();
    final List<int[]> wildcardInner = new ArrayList<>();
    final Ints wildcardLast = new Ints();
    final Ints nodeParent = new Ints();
    final Ints nodeChunk = new Ints();
    final Ints nodeAnchored = new Ints();
    /** The trie nodes by parent, part and anchoring ({@link #nodeKey}): node + 1, open addressing. */
    /** The trie nodes by parent, chunk and anchoring. */
    final LongIntMap nodeIds = new LongIntMap();
    final Ints wildcardNode = new Ints();
    /** Per pattern: the last run that used it, to find a run's distinct patterns. */
    int[] seenIn = new int[64];
    int runs;

    Builder() {
      nodeParent.add(-1);
      nodeChunk.add(-1);
      nodeAnchored.add(0);
      add("*", null, false, 0);
      wildcardIds.put("*", ANY);
    }

    /** Globs parsed ({@link #glob}), to lay out once all are known: their pattern ids ({@code -1} for **). */
    final List<int[]> globIds = new ArrayList<>();
    /** The runs of several segments between two **: their patterns other than {@code *}, and their offsets. */
    final List<int[]> runPatterns = new ArrayList<>();
    final List<int[]> runOffsets = new ArrayList<>();
    final Ints runLengths = new Ints();
    /** The pieces' trie, once {@link #layOut} has chosen their size. */
    PieceTrie pieces = new PieceTrie();
    int pieceSize = 1;

    /** Parses glob {@code source}: its patterns now, its layout in {@link #layOut}. */
    void glob(String source) {
      // as PathGlob.of: cut at the ** segments; runs of ** collapse
      String[] segments = source.split("/", -1);
      int[] ids = new int[segments.length];
      for (int i = 0; i < segments.length; i++) {
        ids[i] = segments[i].equals("**") ? -1 : pattern(segments[i]);
      }
      globIds.add(ids);
      for (int i = 1; i < ids.length; i++) {
        if (ids[i] >= 0 && ids[i - 1] < 0) {
          int j = i;
          while (j < ids.length && ids[j] >= 0) {
            j++;
          }
          if (j < ids.length && j - i > 1) {
            Ints patterns = new Ints();
            Ints offsets = new Ints();
            for (int o = 0; o < j - i; o++) {
              if (ids[i + o] != ANY) {
                patterns.add(ids[i + o]);
                offsets.add(o);
              }
            }
            runPatterns.add(patterns.toArray());
            runOffsets.add(offsets.toArray());
            runLengths.add(j - i);
          }
        }
      }
    }

    /** Sizes of pieces tried: 1 is each pattern by itself, as if there were no pieces. */
    private static final int[] PIECE_SIZES = {1, 2, 3, 4, 6, 8, 12};

    /**
     * Chooses the pieces' size, then lays every glob parsed out in {@link #code}; where each is. A run's patterns
     * (other than {@code *}), in order, are cut into pieces of that many, each a node of the pieces' trie: pieces
     * that start alike (the same patterns at the same distances) share their nodes, so that a check computes the
     * positions of a piece once for all the runs that hold it, and a run ANDs one bitset per piece instead of one
     * per pattern. The size is the one that costs least in word operations on the longest path (a node costs a
     * pass over the path's words, an AND into a run's starts a pass over its starts' words): 1, the patterns
     * themselves, when the runs share little.
     */
    int[] layOut(int forced) {
      long best = Long.MAX_VALUE;
      for (int size : forced > 0 ? new int[] {forced} : PIECE_SIZES) {
        PieceTrie trie = new PieceTrie();
        long cost = 0;
        for (int r = 0; r < runPatterns.size(); r++) {
          int[] patterns = runPatterns.get(r);
          int[] offsets = runOffsets.get(r);
          int starts = ((MAX_SEGMENTS - runLengths.values[r]) >>> 6) + 1;
          for (int i = 0; i < patterns.length; i += size) {
            trie.piece(patterns, offsets, i, Math.min(i + size, patterns.length));
            cost += starts + 2;
          }
        }
        cost += (long) trie.deep * ((MAX_SEGMENTS >>> 6) + 2);
        if (cost < best) {
          best = cost;
          pieceSize = size;
          pieces = trie;
        }
      }
      int[] globAt = new int[globIds.size()];
      int r = 0;
      for (int g = 0; g < globAt.length; g++) {
        globAt[g] = code.size();
        r = layOut(globIds.get(g), r);
      }
      return globAt;
    }

    /** Lays the glob of pattern ids {@code ids} out at the end of {@link #code}; the index of its next run. */
    private int layOut(int[] ids, int r) {
      int cuts = 0;
      int fewest = 0;
      for (int id : ids) {
        cuts += id < 0 ? 1 : 0;
        fewest += id >= 0 ? 1 : 0;
      }
      int headEnd = 0;
      while (headEnd < ids.length && ids[headEnd] >= 0) {
        headEnd++;
      }
      int tailStart = ids.length;
      while (cuts > 0 && tailStart > 0 && ids[tailStart - 1] >= 0) {
        tailStart--;
      }
      code.add(cuts > 0 ? 1 : 0);
      code.add(fewest);
      code.add(headEnd);
      code.addAll(ids, 0, headEnd);
      int tailLength = cuts > 0 ? ids.length - tailStart : 0;
      code.add(tailLength);
      code.addAll(ids, ids.length - tailLength, ids.length);
      // the runs between two **
      Ints bounds = new Ints();
      for (int i = headEnd; i < tailStart; i++) {
        if (ids[i] >= 0 && ids[i - 1] < 0) {
          int j = i;
          while (ids[j] >= 0) {
            j++;
          }
          bounds.add(i);
          bounds.add(j);
        }
      }
      code.add(bounds.size / 2);
      for (int b = 0; b < bounds.size; b += 2) {
        int k = bounds.values[b + 1] - bounds.values[b];
        code.add(k);
        if (k == 1) {
          code.add(ids[bounds.values[b]]);
          continue;
        }
        int[] patterns = runPatterns.get(r);
        int[] offsets = runOffsets.get(r);
        r++;
        // the run's distinct patterns, literals first (a literal matches one distinct segment at most), then the
        // most literal text (likeliest to fail): one that matches nowhere fails the run before any piece
        runs++;
        Ints distinct = new Ints();
        for (int pattern : patterns) {
          if (seenIn.length <= pattern) {
            seenIn = Arrays.copyOf(seenIn, Math.max(pattern + 1, seenIn.length * 2));
          }
          if (seenIn[pattern] != runs) {
            seenIn[pattern] = runs;
            distinct.add(pattern);
          }
        }
        long[] keys = new long[distinct.size];
        for (int i = 0; i < distinct.size; i++) {
          int p = distinct.values[i];
          long kind = literals.get(p) != null ? 0 : 1;
          keys[i] = kind << 42 | (long) (ResourcePaths.MAX_PATH_LENGTH - weights.values[p]) << 21 | p;
        }
        Arrays.sort(keys);
        int count = (patterns.length + pieceSize - 1) / pieceSize;
        code.add(count);
        code.add(keys.length);
        for (int i = 0; i < patterns.length; i += pieceSize) {
          code.add(pieces.piece(patterns, offsets, i, Math.min(i + pieceSize, patterns.length)));
        }
        for (int i = 0; i < patterns.length; i += pieceSize) {
          code.add(offsets[i]);
        }
        for (long key : keys) {
          code.add((int) (key & ((1 << 21) - 1)));
        }
      }
      return r;
    }

    private int pattern(String segment) {
      if (segment.indexOf('*') < 0) {
        return literalIds.computeIfAbsent(segment, s -> add(s, s, false, s.length()));
      }
      String canonical = segment.contains("**") ? segment.replaceAll("\\*+", "*") : segment; // "a**b" is "a*b"
      return wildcardIds.computeIfAbsent(canonical,
          s -> add(s, null, true, s.length() - (int) s.chars().filter(c -> c == '*').count()));
    }

    private int add(String pattern, String literal, boolean wildcard, int weight) {
      patterns.add(pattern);
      literals.add(literal);
      weights.add(weight);
      int first = -1;
      int[] inner = new int[0];
      int last = -1;
      int node = 0;
      if (wildcard) {
        // "first*c1*...*cm*last": first anchored at the start, the inner parts floating, last anchored at the end
        String[] parts = pattern.split("\\*", -1);
        first = parts[0].isEmpty() ? -1 : chunk(parts[0]);
        inner = new int[parts.length - 2];
        for (int i = 1; i < parts.length - 1; i++) {
          inner[i - 1] = chunk(parts[i]); // not empty: the pattern has no "**"
        }
        String end = parts[parts.length - 1];
        last = end.isEmpty() ? -1 : chunk(end);
        for (int i = 0; i < parts.length - 1; i++) {
          if (!parts[i].isEmpty()) {
            node = node(node, i == 0 ? first : inner[i - 1], i == 0);
          }
        }
      }
      wildcardFirst.add(first);
      wildcardInner.add(inner);
      wildcardLast.add(last);
      wildcardNode.add(node);
      return literals.size() - 1;
    }

    private int chunk(String text) {
      return chunkIds.computeIfAbsent(text, t -> {
        chunks.add(t);
        return chunks.size() - 1;
      });
    }

    private int node(int parent, int chunk, boolean anchored) {
      long key = ((long) parent << 32 | (long) chunk << 1 | (anchored ? 1 : 0)) + 1;
      int known = nodeIds.get(key);
      if (known >= 0) {
        return known;
      }
      int node = nodeParent.size;
      nodeParent.add(parent);
      nodeChunk.add(chunk);
      nodeAnchored.add(anchored ? 1 : 0);
      nodeIds.put(key, node);
      return node;
    }
  }

  /** The longest path's segments. */
  static final int MAX_SEGMENTS = (ResourcePaths.MAX_PATH_LENGTH + 1) / 2;

  /**
   * Ids by a non-zero {@code long} key, for building the tries: open addressing, at most half full,
   * doubled as it fills.
   */
  static final class LongIntMap {
    private long[] keys = new long[1024];
    private int[] values = new int[1024];
    private int size;

    /** The id of {@code key}, or -1. */
    int get(long key) {
      int mask = keys.length - 1;
      for (int at = slot(key, mask); keys[at] != 0; at = (at + 1) & mask) {
        if (keys[at] == key) {
          return values[at];
        }
      }
      return -1;
    }

    /** Maps {@code key} (not zero, not yet mapped) to {@code value}. */
    void put(long key, int value) {
      if (2 * (size + 1) > keys.length) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
          if (oldKeys[i] != 0) {
            place(oldKeys[i], oldValues[i]);
          }
        }
      }
      place(key, value);
      size++;
    }

    private void place(long key, int value) {
      int mask = keys.length - 1;
      int at = slot(key, mask);
      while (keys[at] != 0) {
        at = (at + 1) & mask;
      }
      keys[at] = key;
      values[at] = value;
    }
  }

  /** The trie of the runs' pieces ({@link Builder#layOut}), for building: node 0 is the root. */
  private static final class PieceTrie {
    final Ints parent = new Ints();
    final Ints pattern = new Ints();
    final Ints offset = new Ints();
    /** The nodes below the first level (those are the patterns themselves, nothing to compute). */
    int deep;
    /** The nodes by parent, pattern and offset. */
    private final LongIntMap ids = new LongIntMap();

    PieceTrie() {
      parent.add(-1);
      pattern.add(-1);
      offset.add(0);
    }

    /** The node of the piece of {@code patterns} from {@code from} to {@code to}, at {@code offsets}. */
    int piece(int[] patterns, int[] offsets, int from, int to) {
      int node = 0;
      for (int i = from; i < to; i++) {
        node = node(node, patterns[i], offsets[i] - offsets[from]);
      }
      return node;
    }

    private int node(int up, int p, int at) {
      long key = ((long) up << 32 | (long) p << 10 | at) + 1; // an offset is under 512, a pattern under 2^22
      int known = ids.get(key);
      if (known >= 0) {
        return known;
      }
      int node = parent.size;
      parent.add(up);
      pattern.add(p);
      offset.add(at);
      deep += up != 0 ? 1 : 0;
      ids.put(key, node);
      return node;
    }
  }

  /** A growable array of ints, for building. */
  private static final class Ints {
    int[] values = new int[16];
    int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    void addAll(int[] from, int start, int end) {
      for (int i = start; i < end; i++) {
        add(from[i]);
      }
    }

    int size() {
      return size;
    }

    int[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // matching

  /**
   * Matches one check's path against the globs the check meets: each glob by itself (as {@link PathGlob} does,
   * nothing to set up) while that has cost less than {@link #ALONE_BUDGET} characters of path, then all together
   * through the org's {@link GlobSet}, with this thread's {@link Match}. One per check and small: most checks
   * never match together, and fetching the thread's state only then keeps a thread-local lookup off every check.
   */
  static final class Matcher {
    /**
     * Characters of path that globs matched one by one may read before the rest are matched together: a few
     * passes over the longest path, and over a hundred globs of an ordinary path, before indexing the path pays.
     */
    static final int ALONE_BUDGET = 4096;
    private static final ThreadLocal<Match> MATCHES = ThreadLocal.withInitial(Match::new);

    private final CompiledRoles roles;
    private final String[] path;
    /**
     * Globs matched alone before the path's cost is counted: a valid path costs at most
     * {@link ResourcePaths#MAX_PATH_LENGTH} + 1 (its characters and one per segment, the separators being one fewer),
     * so the budget always covers this many, and most checks meet no more (counting reads every segment).
     */
    static final int SURELY_ALONE = ALONE_BUDGET / (ResourcePaths.MAX_PATH_LENGTH + 1);
    private int budget = ALONE_BUDGET;
    private int costAlone = -1;
    private int matchedAlone;
    /** This thread's matching state, once the globs are matched together. */
    private Match match;

    private Matcher(CompiledRoles roles, String[] path) {
      this.roles = roles;
      this.path = path;
    }

    /** A matcher of {@code path} for {@code roles}. */
    static Matcher begin(CompiledRoles roles, String[] path) {
      return new Matcher(roles, path);
    }

    /** Whether the glob of file permission {@code i} of {@code grants} matches the check's path. */
    boolean matches(CompiledRoles.FileGrants grants, int i) {
      if (match == null) {
        if (costAlone < 0) {
          if (matchedAlone < SURELY_ALONE) {
            matchedAlone++;
            return grants.grants[i].glob().matches(path);
          }
          int cost = path.length;
          for (String segment : path) {
            cost += segment.length();
          }
          costAlone = cost;
          budget -= matchedAlone * cost; // as if counted from the first
        }
        if (budget >= costAlone) {
          budget -= costAlone;
          return grants.grants[i].glob().matches(path);
        }
        match = MATCHES.get();
        match.start(roles.globSet(), path);
      }
      return match.matches(grants.ids[i]);
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
    /** Per distinct segment: at how many positions of the path it is. */
    private int[] positionCount = new int[0];
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
    /** Per wildcard slot known everywhere: where its positions are in {@link #bits}, and how many. */
    private int[] slotAt = new int[0];
    private int[] slotCount = new int[0];
    /** Per wildcard slot: the distinct segments tested, and those it matches ({@link #distinctWords} each). */
    private long[] slotTested = new long[0];
    private long[] slotMatched = new long[0];
    private int[] globGeneration = new int[0];
    private boolean[] globResult = new boolean[0];

    /** Work done, for tests that pin the cost (see {@link PathGlob.Steps}); null when not counted. */
    PathGlob.Steps steps;

    /**
     * Up to this many characters of distinct segments (each counting {@link #TEST_COST} more), a wildcard is tested
     * on each segment by {@link PathGlob}'s test; beyond, the chunks' occurrences are found first.
     */
    static final int FEW_CHARACTERS = 160;
    private static final int TEST_COST = 8;
    /**
     * How much more than learning a wildcard on all segments at once a walk of the trie may be estimated to cost and
     * still be chosen: its estimate ({@link #walkCost}) keeps every segment alive down to the wildcard's last part,
     * where most leave after a few (a part missing, too few characters left), so that it is most often many times
     * what the walk costs. Without it, catalogs of wildcards of 8 to 16 one-letter parts over three letters, on
     * segments a little longer, were all learnt at once, at 30 times the walk's cost (SHORT_SUBSEQUENCES); with it a
     * walk costs at most this many times the passes it replaces.
     */
    static final int WALK_BIAS = 4;
    /** A segment this long is tested on the chunks' occurrences rather than scanned (so are all, once known). */
    static final int LONG_SEGMENT = 32;
    /** How a wildcard is learnt on the whole path, once the occurrences are known: by cost, or as tests force. */
    static final int BY_COST = 0;
    static final int EACH_SEGMENT = 1;
    static final int ALL_AT_ONCE = 2;
    static final int TRIE_WALK = 3;
    /** As {@link #TRIE_WALK}, but the first wildcard walked sweeps the whole trie ({@link #sweep}). */
    static final int SWEEP = 4;
    /**
     * Wildcards a check walks one by one ({@link #walk}) before the next sweeps the whole trie: this many, and one
     * more per {@link #SWEEP_SHARE} wildcards the set has. A check that walks that many most often asks for most of
     * the globs (a path that few match), and a sweep spares each wildcard its walk's setting up (finding its deepest
     * node walked, its slot), and the walks of the shared nodes at the top of the trie, where most segments are
     * alive, before it: a wildcard below a node no segment is left at costs nothing but its mark at the end. A check
     * that asks for few of the globs may sweep more than it needed, at most {@link #WALK_BIAS} times what learning
     * every node at once would cost ({@link #sweep}).
     */
    static final int SWEEP_AFTER = 2;
    static final int SWEEP_SHARE = 512;
    /** Tests set these to reach every way of learning a wildcard on any path. */
    int fewCharacters = FEW_CHARACTERS;
    int longSegment = LONG_SEGMENT;
    int learning = BY_COST;
    /** How the chunks' occurrences are set: by cost, each occurrence ({@link #EACH}), or {@link #CARRIED}. */
    static final int EACH = 1;
    static final int CARRIED = 2;
    int carrying = BY_COST;

    /** Starts matching {@code path} (validated segments) against {@code set}'s globs. */
    Match start(GlobSet set, String[] path) {
      this.set = set;
      this.n = path.length;
      this.words = (n >>> 6) + 2;
      if (++generation == 0) { // wrapped: forget everything explicitly
        Arrays.fill(patternGeneration, 0);
        Arrays.fill(globGeneration, 0);
        Arrays.fill(nodeGeneration, 0);
        Arrays.fill(afterGeneration, 0);
        Arrays.fill(chunkGeneration, 0);
        Arrays.fill(walked, 0);
        Arrays.fill(matchedBySweep, 0);
        Arrays.fill(pieceGeneration, 0);
        generation = 1;
      }
      if (pieceGeneration.length < set.pieceParent.length) {
        pieceGeneration = Arrays.copyOf(pieceGeneration, set.pieceParent.length);
        pieceAt = Arrays.copyOf(pieceAt, set.pieceParent.length);
        pieceCount = Arrays.copyOf(pieceCount, set.pieceParent.length);
      }
      if (patternGeneration.length < set.patternCount()) {
        patternGeneration = Arrays.copyOf(patternGeneration, set.patternCount());
        matchedBySweep = Arrays.copyOf(matchedBySweep, set.patternCount());
        patternState = Arrays.copyOf(patternState, set.patternCount());
      }
      if (globGeneration.length < set.globCount()) {
        globGeneration = Arrays.copyOf(globGeneration, set.globCount());
        globResult = Arrays.copyOf(globResult, set.globCount());
      }
      slots = 0;
      noneSlot = -1;
      walks = 0;
      swept = false;
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
        positionCount = new int[capacity];
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
            positionCount[distinct - 1] = 1;
            break;
          }
          if (segmentText[entry - 1].equals(segment)) {
            distinctOf[q] = entry - 1;
            positionCount[entry - 1]++;
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
        String segment = segmentText[d];
        distinctCharacters += segment.length();
        Integer literal = set.literalIds.get(segment);
        literalOf[d] = literal == null ? -1 : literal;
        if (literal != null) {
          patternGeneration[literal] = generation;
          patternState[literal] = d;
        }
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
      boolean result = decide(set.globAt[g]);
      globGeneration[g] = generation;
      globResult[g] = result;
      return result;
    }

    /**
     * The glob laid out at {@code at} of {@link #code}, as {@link PathGlob#matches}: the anchored segments, then
     * each run at its first place after the last.
     */
    private boolean decide(int at) {
      count(1);
      int[] code = set.code;
      int headLength = code[at + 2];
      int head = at + 3;
      int tailLength = code[head + headLength];
      int tail = head + headLength + 1;
      if (code[at] == 0) {
        return n == headLength && all(code, head, headLength, 0);
      }
      if (n < code[at + 1]) {
        return false;
      }
      int tailStart = n - tailLength;
      if (!all(code, tail, tailLength, tailStart) || !all(code, head, headLength, 0)) {
        return false;
      }
      int runs = code[tail + tailLength];
      int run = tail + tailLength + 1;
      int from = headLength;
      for (int r = 0; r < runs; r++) {
        int k = code[run];
        if (k == 1) {
          from = find(code[run + 1], from, tailStart);
          run += 2;
        } else {
          int pieces = code[run + 1];
          int patterns = code[run + 2];
          from = find(k, code, run + 3, pieces, patterns, from, tailStart);
          run += 3 + 2 * pieces + patterns;
        }
        if (from < 0) {
          return false;
        }
      }
      return true;
    }

    private boolean all(int[] code, int patterns, int length, int offset) {
      for (int i = 0; i < length; i++) {
        if (!matchesAt(code[patterns + i], offset + i)) {
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
        return matchesDistinct(p, slot, d);
      }
      return slotState[slot] != NONE && bit(positions(p), q);
    }

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
          || (wanted[w + 1] & ~characters[c + 1]) != 0 || (wanted[w + 2] & ~characters[c + 2]) != 0) {
        return false;
      }
      boolean matched;
      if (textReady || segment.length() >= longSegment) {
        if (!textReady) {
          indexText();
        }
        matched = placeParts(p, d);
      } else {
        matched = set.segment(p).matches(segment, steps);
      }
      if (matched) {
        slotMatched[at] |= bit;
      }
      return matched;
    }

    /** The slot of wildcard {@code p} in this check, taken on first use. */
    private int slot(int p) {
      if (patternGeneration[p] == generation) {
        return patternState[p];
      }
      int slot = newSlot();
      patternGeneration[p] = generation;
      patternState[p] = slot;
      return slot;
    }

    /** A fresh slot, {@link #ASKED} and nothing tested. */
    private int newSlot() {
      int slot = slots++;
      if (slotState.length <= slot) {
        int grown = Math.max(16, slotState.length * 2);
        slotState = Arrays.copyOf(slotState, grown);
        slotAt = Arrays.copyOf(slotAt, grown);
        slotCount = Arrays.copyOf(slotCount, grown);
      }
      if (slotTested.length < (slot + 1) * distinctWords) {
        int grown = Math.max((slot + 1) * distinctWords, slotTested.length * 2);
        slotTested = Arrays.copyOf(slotTested, grown);
        slotMatched = Arrays.copyOf(slotMatched, grown);
      }
      slotState[slot] = ASKED;
      Arrays.fill(slotTested, slot * distinctWords, (slot + 1) * distinctWords, 0L);
      Arrays.fill(slotMatched, slot * distinctWords, (slot + 1) * distinctWords, 0L);
      return slot;
    }

    /**
     * Where in {@link #bits} the positions pattern {@code p} matches start, -1 when it matches none. A wildcard is
     * learnt on the whole path first; one that matches everywhere reads as {@link #ANY}.
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

    /** At how many positions pattern {@code p} (not {@link #ANY}) matches. */
    private int population(int p) {
      if (set.literals[p] != null) {
        return patternGeneration[p] == generation ? positionCount[patternState[p]] : 0;
      }
      int slot = slot(p);
      if (slotState[slot] == ASKED) {
        fill(p, slot);
      }
      return slotCount[slot];
    }

    /**
     * Learns where wildcard {@code p} matches on the whole path: on a path of few characters by testing each
     * distinct segment; else, once the chunks' occurrences are known, by testing each distinct segment long enough
     * to match or on all segments at once, whichever costs fewer word operations.
     */
    private void fill(int p, int slot) {
      fill(p, slot, -1);
    }

    /** As {@link #fill(int, int)}, {@code known} the {@link #walkCost} just found, or negative. */
    private void fill(int p, int slot, double known) {
      int base = -1;
      int matched = 0;
      boolean each = true;
      boolean longestFirst = false;
      int candidates = distinct;
      if (textReady || distinctCharacters + TEST_COST * distinct > fewCharacters) {
        if (!textReady) {
          indexText();
        }
        longestFirst = true;
        candidates = longEnough(set.minLengths[p]);
        double eachCost = candidates * (set.partCounts[p] + 4.0);
        double walkCost = known >= 0 ? known : walkCost(p);
        // all at once costs at least a few passes per part no other wildcard has
        double leastAllCost = 3.0 * (set.wildcardOwn[p] + (set.wildcardLast[p] >= 0 ? 1 : 0)) * textWords;
        if (learning == TRIE_WALK || learning == SWEEP
            || learning == BY_COST && walkCost <= eachCost && walkCost <= WALK_BIAS * leastAllCost) {
          walkOrSweep(p, slot);
          return;
        }
        // all at once costs a few passes over the characters per part not learnt yet, shared by the wildcards that
        // start with the same parts
        double passes = set.wildcardLast[p] >= 0 ? 1 : 0;
        int parts = 0;
        for (int v = set.wildcardNode[p]; v != 0 && nodeGeneration[v] != generation; v = set.nodeParent[v]) {
          passes += 1.0 / set.nodeUses[v];
          parts++;
        }
        count(parts);
        double allCost = 3 * passes * textWords;
        if (learning == BY_COST && walkCost <= eachCost && walkCost <= WALK_BIAS * allCost) {
          walkOrSweep(p, slot);
          return;
        }
        each = learning == EACH_SEGMENT || learning == BY_COST && eachCost <= allCost;
      }
      if (each) {
        // every distinct segment, or those long enough to match: by length, longest first
        for (int i = 0; i < candidates; i++) {
          int d = longestFirst ? byLength[distinct - 1 - i] & 1023 : i;
          if (matchesDistinct(p, slot, d)) {
            if (base < 0) {
              base = allocateBits();
              Arrays.fill(bits, base, base + words, 0L);
            }
            matched += positionCount[d];
            int from = d * words;
            for (int w = 0; w < words; w++) {
              bits[base + w] |= bits[from + w];
            }
            count(words);
          }
        }
        count(candidates);
      } else {
        base = allocateBits();
        Arrays.fill(bits, base, base + words, 0L);
        matched = allAtOnce(p, base);
      }
      slotAt[slot] = base;
      slotCount[slot] = matched;
      slotState[slot] = matched == 0 ? NONE : matched == n ? ALL : SOME;
    }

    // ---------------------------------------------------------------------------------------------
    // the distinct segments' characters: where the wildcards' parts occur

    /** Whether the distinct segments' characters are indexed in this check. */
    private boolean textReady;
    /** Characters of the distinct segments with a separator after each, and words per bitset over them. */
    private int textLength;
    private int textWords;
    /** Per character position: its distinct segment; per distinct segment: where it starts. */
    private int[] segmentAt = new int[0];
    private int[] segmentStart = new int[0];
    /** The distinct segments, shortest first: length << 10 | segment. */
    private int[] byLength = new int[0];
    /**
     * Bitsets over character positions, {@link #textWords} each: segment characters ({@link #NS}), segment starts
     * ({@link #STARTS}) and ends ({@link #ENDS}), then one per chunk that occurs and per trie node reached.
     */
    private long[] text = new long[0];
    private int textNext;
    private static final int NS = 0;
    private static final int STARTS = 1;
    private static final int ENDS = 2;
    private int[] chunkGeneration = new int[0];
    /** Per chunk of this generation: where the ends of its occurrences are in {@link #text}; else it occurs nowhere. */
    private int[] chunkAt = new int[0];
    private int[] nodeGeneration = new int[0];
    private int[] afterGeneration = new int[0];
    /** Per trie node whose {@link #afterGeneration} is this one: where the characters after its ends are. */
    private int[] afterAt = new int[0];
    /** Per trie node of this generation: where its state is in {@link #text}, or -1: dead. */
    private int[] nodeState = new int[0];

    /** Lays the distinct segments out, and finds every chunk's occurrences with one pass of the automaton. */
    private void indexText() {
      textReady = true;
      if (segmentStart.length < distinct + 1) {
        segmentStart = new int[Math.max(distinct + 1, 16)];
        byLength = new int[Math.max(distinct, 16)];
      }
      textLength = 0;
      for (int d = 0; d < distinct; d++) {
        segmentStart[d] = textLength;
        textLength += segmentText[d].length() + 1;
        byLength[d] = segmentText[d].length() << 10 | d; // a segment is at most 1,024 characters, 512 distinct
      }
      segmentStart[distinct] = textLength;
      Arrays.sort(byLength, 0, distinct);
      int longest = (byLength[distinct - 1] >>> 10) + 2;
      if (longEnoughCounts.length < longest) {
        longEnoughCounts = new int[Math.max(longest, 64)];
      }
      Arrays.fill(longEnoughCounts, -1);
      textWords = (textLength >>> 6) + 2;
      if (segmentAt.length < textLength) {
        segmentAt = new int[Math.max(textLength, 64)];
      }
      if (chunkGeneration.length < set.chunks.length) {
        chunkGeneration = Arrays.copyOf(chunkGeneration, set.chunks.length);
        chunkAt = Arrays.copyOf(chunkAt, set.chunks.length);
      }
      if (nodeGeneration.length < set.nodeParent.length) {
        nodeGeneration = Arrays.copyOf(nodeGeneration, set.nodeParent.length);
        afterGeneration = Arrays.copyOf(afterGeneration, set.nodeParent.length);
        afterAt = Arrays.copyOf(afterAt, set.nodeParent.length);
        nodeState = Arrays.copyOf(nodeState, set.nodeParent.length);
      }
      if (walked.length < WALKED * set.walkIds) {
        walked = Arrays.copyOf(walked, WALKED * set.walkIds);
      }
      endsNext = 0;
      textNext = 3 * textWords;
      ensureText(textNext);
      Arrays.fill(text, 0, textNext, 0L);
      // the automaton's pass: per position the longest chunk ending there, and every chunk that occurs at all
      if (hits.length < textLength) {
        hits = new int[Math.max(textLength, 64)];
      }
      long reports = 0;
      int occurring = 0;
      for (int d = 0; d < distinct; d++) {
        String segment = segmentText[d];
        int start = segmentStart[d];
        int length = segment.length();
        set(STARTS * textWords, start);
        set(ENDS * textWords, start + length - 1);
        int state = 0;
        for (int i = 0; i < length; i++) {
          set(NS * textWords, start + i);
          segmentAt[start + i] = d;
          state = set.step(state, segment.charAt(i));
          int t = set.terminal[state] >= 0 ? state : set.output[state];
          hits[start + i] = t;
          if (t >= 0) {
            reports += set.outputs[t];
            for (int u = t; u >= 0 && chunkGeneration[set.terminal[u]] != generation; u = set.output[u]) {
              int k = set.terminal[u];
              chunkGeneration[k] = generation;
              chunkAt[k] = allocate();
              Arrays.fill(text, chunkAt[k], chunkAt[k] + textWords, 0L);
              if (occurred.length <= occurring) {
                occurred = Arrays.copyOf(occurred, Math.max(64, occurring * 2));
              }
              occurred[occurring++] = k;
            }
          }
        }
        hits[start + length] = -1;
        segmentAt[start + length] = d;
      }
      countRests();
      count(textLength + occurring * textWords);
      boolean each = carrying == BY_COST ? reports <= (long) occurring * textWords + textLength : carrying == EACH;
      if (each) {
        // each occurrence of each chunk: at most one per chunk length and position
        for (int position = 0; position < textLength; position++) {
          for (int u = hits[position]; u >= 0; u = set.output[u]) {
            set(chunkAt[set.terminal[u]], position);
          }
        }
        count((int) reports);
      } else {
        // many chunks end at the same places (as "a", "aa", "aaa"... in "aaaa..."): the longest chunk's ends, then
        // each chunk's carried to the next shorter chunk that is its suffix, longest chunks first
        for (int position = 0; position < textLength; position++) {
          int u = hits[position];
          if (u >= 0) {
            set(chunkAt[set.terminal[u]], position);
          }
        }
        if (byChunkLength.length < set.longestChunk + 2) {
          byChunkLength = new int[set.longestChunk + 2];
        }
        if (sortedChunks.length < occurring) {
          sortedChunks = new int[occurred.length];
        }
        Arrays.fill(byChunkLength, 0, set.longestChunk + 2, 0);
        for (int i = 0; i < occurring; i++) {
          byChunkLength[set.longestChunk - set.chunkLengths[occurred[i]] + 1]++;
        }
        for (int l = 1; l < set.longestChunk + 2; l++) {
          byChunkLength[l] += byChunkLength[l - 1];
        }
        for (int i = 0; i < occurring; i++) {
          sortedChunks[byChunkLength[set.longestChunk - set.chunkLengths[occurred[i]]]++] = occurred[i];
        }
        for (int i = 0; i < occurring; i++) {
          int k = sortedChunks[i];
          int suffix = set.output[set.stateOf[k]];
          if (suffix >= 0) {
            int from = chunkAt[k];
            int to = chunkAt[set.terminal[suffix]];
            for (int w = 0; w < textWords; w++) {
              text[to + w] |= text[from + w];
            }
          }
        }
        count(textLength + occurring * textWords + set.longestChunk);
      }
    }

    /**
     * Per character position: how many of each {@link GlobSet#tracked} character its segment holds from there to its
     * end ({@link GlobSet#lanes}; 0 at the separator after it).
     */
    private int[] have = new int[0];

    private void countRests() {
      if (have.length < textLength + 1) {
        have = new int[Math.max(textLength + 1, 64)];
      }
      char[] tracked = set.tracked;
      for (int d = 0; d < distinct; d++) {
        String segment = segmentText[d];
        int start = segmentStart[d];
        int packed = 0;
        have[start + segment.length()] = 0;
        for (int i = segment.length() - 1; i >= 0; i--) {
          char c = segment.charAt(i);
          for (int j = 0; j < tracked.length; j++) {
            if (c == tracked[j] && (packed >>> (8 * j) & LANE_MAX) < LANE_MAX) {
              packed += 1 << (8 * j);
            }
          }
          have[start + i] = packed;
        }
      }
      count(textLength);
    }

    /** Per character position: the automaton's state of the longest chunk ending there, or -1. */
    private int[] hits = new int[0];
    /** The chunks that occur, in the order met; scratch to sort them by length. */
    private int[] occurred = new int[0];
    private int[] sortedChunks = new int[0];
    private int[] byChunkLength = new int[0];

    /** How many distinct segments have at least {@code length} characters. */
    private int longEnough(int length) {
      if (length < longEnoughCounts.length && longEnoughCounts[length] >= 0) {
        return longEnoughCounts[length];
      }
      int count = searchLongEnough(length);
      if (length < longEnoughCounts.length) {
        longEnoughCounts[length] = count;
      }
      return count;
    }

    /** Per length up to the longest segment's, the {@link #longEnough} found in this check, or -1. */
    private int[] longEnoughCounts = new int[0];

    private int searchLongEnough(int length) {
      int key = length << 10;
      int lo = 0;
      int hi = distinct;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (byLength[mid] < key) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return distinct - lo;
    }

    private void set(int at, int position) {
      text[at + (position >>> 6)] |= 1L << position;
    }

    private boolean textBit(int at, int position) {
      return (text[at + (position >>> 6)] & (1L << position)) != 0;
    }

    private void ensureText(int size) {
      if (text.length < size) {
        text = Arrays.copyOf(text, Math.max(size, text.length * 2));
      }
    }

    /** A fresh bitset in {@link #text}, not cleared. */
    private int allocate() {
      int at = textNext;
      textNext += textWords;
      ensureText(textNext);
      return at;
    }

    /** Where the ends of chunk {@code k}'s occurrences are in {@link #text}, or -1 when it occurs nowhere. */
    private int chunk(int k) {
      return chunkGeneration[k] == generation ? chunkAt[k] : -1;
    }

    /**
     * Whether wildcard {@code p} matches distinct segment {@code d} (long enough for it): its first part where the
     * segment starts, its last where it ends, and each part between at its first occurrence after the previous, as
     * {@link PathGlob} places them, looked up in the parts' occurrences.
     */
    private boolean placeParts(int p, int d) {
      int start = segmentStart[d];
      int end = start + segmentText[d].length(); // the separator after the segment
      int from = start;
      int first = set.wildcardFirst[p];
      count(1 + set.partCounts[p]);
      if (first >= 0) {
        int at = chunk(first);
        from = start + set.chunkLengths[first];
        if (at < 0 || !textBit(at, from - 1)) {
          return false;
        }
      }
      int limit = end;
      int last = set.wildcardLast[p];
      if (last >= 0) {
        int at = chunk(last);
        if (at < 0 || !textBit(at, end - 1)) {
          return false;
        }
        limit = end - set.chunkLengths[last];
      }
      int[] lengths = set.chunkLengths;
      int scanned = 0;
      for (int k : set.wildcardInner[p]) {
        // the first end of an occurrence of part k at from + its length - 1 or later, before limit
        int position = from + lengths[k] - 1;
        if (chunkGeneration[k] != generation || position >= limit) {
          count(scanned);
          return false;
        }
        int at = chunkAt[k];
        int word = position >>> 6;
        long x = text[at + word] & (-1L << position);
        while (x == 0) {
          scanned++;
          if (++word << 6 >= limit) {
            count(scanned);
            return false;
          }
          x = text[at + word];
        }
        from = (word << 6) + Long.numberOfTrailingZeros(x) + 1;
        if (from > limit) {
          count(scanned);
          return false;
        }
      }
      count(scanned);
      return true;
    }

    /** The first set bit at {@code from} or later and before {@code limit} of the bitset at {@code at}, or -1. */
    private int nextTextBit(int at, int from, int limit) {
      if (from >= limit) {
        return -1;
      }
      int word = from >>> 6;
      long x = text[at + word] & (-1L << from);
      while (true) {
        count(1);
        if (x != 0) {
          int q = (word << 6) + Long.numberOfTrailingZeros(x);
          return q < limit ? q : -1;
        }
        if (++word << 6 >= limit) {
          return -1;
        }
        x = text[at + word];
      }
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
     * Where, in {@link #text}, the ends of trie node {@code v}'s last part's occurrences are (after its earlier
     * parts, in order, within one segment), or -1 when nowhere.
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
        if (shiftAnd(from, set.chunkLengths[chunk] - 1, ends, at)) {
          state = at;
        } else {
          textNext = at; // nothing refers to it
        }
      }
      nodeGeneration[v] = generation;
      nodeState[v] = state;
      return state;
    }

    /** The trie nodes of the parts one wildcard alone has, from its last up. */
    private int[] chain = new int[16];

    /** Sets {@code to} to the segment characters after the bits of {@code from}; returns {@code to}. */
    private int afterInto(int from, int to) {
      after(from, to);
      return to;
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

    /**
     * Sets, in the position bitset at {@code base}, the positions where wildcard {@code p} matches, learnt on all
     * distinct segments at once; how many they are.
     */
    private int allAtOnce(int p, int base) {
      // the parts no other wildcard starts with are placed in one scratch bitset, not kept; the shared ones are
      int depth = 0;
      int top = set.wildcardNode[p];
      while (top != 0 && set.nodeUses[top] == 1 && nodeGeneration[top] != generation) {
        if (chain.length == depth) {
          chain = Arrays.copyOf(chain, depth * 2);
        }
        chain[depth++] = top;
        top = set.nodeParent[top];
      }
      int state = top == 0 ? -2 : node(top); // -2: the root, before any part; -1: no place left
      if (state == -1) {
        return 0;
      }
      int found = allocate();
      textNext = found; // scratch, read at once
      for (int i = depth - 1; i >= 0; i--) {
        int v = chain[i];
        int occurrences = chunk(set.nodeChunk[v]);
        if (occurrences < 0) {
          return 0;
        }
        int from = set.nodeAnchored[v] ? STARTS * textWords : state == -2 ? NS * textWords : afterInto(state, found);
        if (!shiftAnd(from, set.chunkLengths[set.nodeChunk[v]] - 1, occurrences, found)) {
          return 0;
        }
        state = found;
      }
      int end = set.wildcardLast[p];
      if (end >= 0) {
        // the last part, where a segment ends
        int occurrences = chunk(end);
        if (occurrences < 0) {
          return 0;
        }
        int from = state == -2 ? NS * textWords : afterInto(state, found);
        if (!shiftAnd(from, set.chunkLengths[end] - 1, occurrences, found)
            || !shiftAnd(found, 0, ENDS * textWords, found)) {
          return 0;
        }
        state = found;
      }
      found = state; // the last part's ends (a trailing star takes the rest of the segment)
      // each distinct segment holding a bit of found
      int matched = 0;
      int position = nextTextBit(found, 0, textLength);
      while (position >= 0) {
        int d = segmentAt[position];
        matched += positionCount[d];
        int from = d * words;
        for (int w = 0; w < words; w++) {
          bits[base + w] |= bits[from + w];
        }
        count(words);
        position = nextTextBit(found, segmentStart[d + 1], textLength);
      }
      return matched;
    }

    // ---------------------------------------------------------------------------------------------
    // the trie of the wildcards' parts walked on every distinct segment at once, greedily

    /**
     * Per trie node by walk id ({@link GlobSet#wildcardTop}), {@link #WALKED} ints side by side (one line of memory):
     * the generation it was walked in, and if this one where its greedy ends are in {@link #ends} and how many.
     */
    private int[] walked = new int[0];
    private static final int WALKED = 3;
    /**
     * Greedy ends, one per distinct segment where a trie node's parts all fit (in order, each at its first
     * occurrence after the previous, the first at the segment's start if anchored) with room left for the rest of
     * some wildcard below it: the character position just after its last part, and in the high 16 bits the
     * position of the separator after its segment (the text is at most 1,536 characters).
     */
    private int[] ends = new int[0];
    private int endsNext;

    /**
     * Set by {@link #walkCost}: the index in {@link #paths} of the first node of the wildcard not walked yet, and the
     * node above it (walked, or the root).
     */
    private int walkFrom;
    private int walkTop;

    /**
     * What learning wildcard {@code p} by {@link #walk} costs at most: a step per distinct segment alive at its
     * deepest trie node already walked, for each node below it, a node that wildcards share shared among them (as
     * the passes of {@link #allAtOnce} are).
     */
    private double walkCost(int p) {
      // the nodes walked are the first of the path (a walk goes down from the deepest walked), never one no other
      // wildcard shares (those are not kept): up from the deepest shared node to the first walked
      // (by the shared nodes' parents alone: the path of nodes is read only when there is something to walk)
      int end = set.pathAt[p + 1];
      int i = end - set.wildcardOwn[p];
      int top = set.wildcardTop[p];
      int[] parents = set.walkParent;
      while (top != 0 && walked[WALKED * top] != generation) {
        top = parents[top];
        i--;
      }
      count(1 + end - set.wildcardOwn[p] - i);
      walkFrom = i;
      walkTop = top;
      int alive = walked[WALKED * top] == generation ? walked[WALKED * top + 2] : longEnough(set.nodeRest[0]);
      return alive == 0 ? 0 : (1 + (i < end ? set.pathShares[i] : 0)) * alive;
    }

    /**
     * Learns where wildcard {@code p} (in {@code slot}) matches on the whole path, once {@link #walkCost} has found
     * where to start. Its parts are placed greedily (as {@link #placeParts}) on every distinct segment at once, node
     * by node down the trie from the deepest node an earlier wildcard walked: a node shared by several wildcards
     * keeps its ends for them, so that a prefix of parts is placed once per segment for all the wildcards that
     * start with it, and a segment leaves a node's subtree as soon as a part is missing or too few characters, or
     * too few of one {@link GlobSet#tracked} character, are left. A shared node left with no segment marks the
     * shared nodes below it on the wildcard's path the same, so that a later wildcard under them finds its deepest
     * shared node walked at once.
     */
    private void walk(int p, int slot) {
      int[] paths = set.paths;
      int i = walkFrom;
      int top = walkTop;
      if (top == 0 && walked[0] != generation) {
        // the root: the start of every distinct segment long enough for some wildcard
        int longEnough = longEnough(set.nodeRest[0]);
        ensureEnds(endsNext + longEnough);
        int need = set.nodeNeed[0];
        int count = 0;
        for (int j = 0; j < longEnough; j++) {
          int d = byLength[distinct - 1 - j] & 1023;
          if (covers(have[segmentStart[d]], need)) {
            ends[endsNext + count++] = (segmentStart[d + 1] - 1) << 16 | segmentStart[d];
          }
        }
        walked[0] = generation;
        walked[1] = endsNext;
        walked[2] = count;
        endsNext += count;
        count(longEnough);
      }
      int from = walked[WALKED * top + 1];
      int count = walked[WALKED * top + 2];
      int scratch = -1; // where the ends of the nodes no other wildcard goes through start: dropped after
      int pathEnd = set.pathAt[p + 1];
      int sharedEnd = pathEnd - set.wildcardOwn[p];
      for (; i < pathEnd && count > 0; i++) {
        int at = GlobSet.PATH_STRIDE * i;
        boolean shared = i < sharedEnd;
        if (!shared && scratch < 0) {
          scratch = endsNext;
        }
        ensureEnds(endsNext + count);
        int to = endsNext;
        count = place(paths[at + 1], (paths[at + 3] & 1) != 0, paths[at + 2], paths[at + 4], from, count, to);
        endsNext += count;
        from = to;
        if (shared) {
          int v = paths[at];
          walked[WALKED * v] = generation;
          walked[WALKED * v + 1] = to;
          walked[WALKED * v + 2] = count;
        }
      }
      // the shared nodes below a node no segment is left at have none either: marked so, a wildcard below them
      // finds at once that it has nothing to walk
      for (int v = set.wildcardTop[p]; i < sharedEnd; i++, v = set.walkParent[v]) {
        walked[WALKED * v] = generation;
        walked[WALKED * v + 2] = 0;
        count(1);
      }
      int matched = 0;
      int base = -1;
      int last = set.wildcardLast[p];
      int occurrences = last >= 0 ? chunk(last) : 0;
      if (occurrences >= 0) {
        int length = last >= 0 ? set.chunkLengths[last] : 0;
        for (int j = 0; j < count; j++) {
          // the last part (if any) where the segment ends, after the others
          int e = ends[from + j] & 0xFFFF;
          int end = ends[from + j] >>> 16;
          int d = segmentAt[e];
          if (last < 0 || e <= end - length && textBit(occurrences, end - 1)) {
            if (base < 0) {
              base = allocateBits();
              Arrays.fill(bits, base, base + words, 0L);
            }
            matched += positionCount[d];
            int positions = d * words;
            for (int w = 0; w < words; w++) {
              bits[base + w] |= bits[positions + w];
            }
            count(words);
          }
        }
        count(count);
      }
      if (scratch >= 0) {
        endsNext = scratch;
      }
      slotAt[slot] = base;
      slotCount[slot] = matched;
      slotState[slot] = matched == 0 ? NONE : matched == n ? ALL : SOME;
    }

    // ---------------------------------------------------------------------------------------------
    // the whole trie swept at once, a depth at a time

    /** Wildcards walked one by one in this check ({@link #SWEEP_AFTER}). */
    private int walks;
    /** The slot every wildcard the sweep finds matching nowhere shares ({@link #NONE}), or -1 before one is. */
    private int noneSlot;
    /** Whether this check swept the trie, or gave a sweep up: it sweeps once at most. */
    private boolean swept;
    /**
     * A sweep's pairs of a trie node and a segment it is alive on, for one depth and the next: the node's index in
     * {@link GlobSet#sweepPlaces}, and its greedy end as {@link #ends} has it.
     */
    private int[] pairNodes = new int[0];
    private int[] pairEnds = new int[0];
    private int[] nextNodes = new int[0];
    private int[] nextEnds = new int[0];
    /** The most pairs one depth of a sweep may hold: beyond, it is given up. */
    static final int MAX_PAIRS = 1 << 18;
    /** Tests set this to give a sweep up once it has done this much work (-1: by cost). */
    long sweepBudget = -1;
    /** Per chunk, during a sweep: where its occurrences are in {@link #text}, or -1 when it occurs nowhere. */
    private int[] sweepChunks = new int[0];
    /** Per wildcard of this generation: matched in this check's sweep (its positions are being gathered). */
    private int[] matchedBySweep = new int[0];
    /** The sweep's matches: wildcard, distinct segment. */
    private int[] sweepMatches = new int[0];
    private int sweepMatched;

    /** Learns wildcard {@code p} by {@link #walk}, or with every other by {@link #sweep} once enough were walked. */
    private void walkOrSweep(int p, int slot) {
      if (!swept && (learning == SWEEP
          || learning == BY_COST && ++walks > SWEEP_AFTER + set.sweepWildcards.length / (2 * SWEEP_SHARE))) {
        swept = true;
        if (sweep()) {
          return;
        }
      }
      walk(p, slot);
    }

    /**
     * Learns every wildcard not known yet on the whole path as {@link #walk} does, down the whole trie a depth at a
     * time: the pairs of a node and a segment it is alive on (its greedy end there) give those of the node's children,
     * and a wildcard is tested on its node's. No node or segment costs more than its pairs, and the pairs of a depth
     * are independent of each other (no branch or latency chain from one to the next). A sweep that would cost more
     * than {@link #WALK_BIAS} times learning every node at once, or hold too many pairs, is given up (nothing learnt):
     * the wildcards are then learnt one by one as before. Whether it learnt them.
     */
    private boolean sweep() {
      int[] places = set.sweepPlaces;
      int[] below = set.sweepBelow;
      int[] wildcards = set.sweepWildcards;
      long work = 0;
      long budget = sweepBudget >= 0 ? sweepBudget
          : (long) WALK_BIAS * 3 * textWords * (places.length / 3 + wildcards.length / 2);
      long[] text = this.text;
      int[] have = this.have;
      // where each chunk's occurrences are, or -1: one look-up a placement
      int chunks = set.chunks.length;
      if (sweepChunks.length < chunks) {
        sweepChunks = new int[chunks];
      }
      int[] sweepChunks = this.sweepChunks;
      for (int k = 0; k < chunks; k++) {
        sweepChunks[k] = chunkGeneration[k] == generation ? chunkAt[k] : -1;
      }
      work += chunks;
      sweepMatched = 0;
      // depth 0: the root, at the start of every distinct segment long enough for some wildcard
      int longEnough = longEnough(set.nodeRest[0]);
      int need = set.nodeNeed[0];
      int count = 0;
      if (pairNodes.length < longEnough) {
        pairNodes = new int[Math.max(64, longEnough)];
        pairEnds = new int[pairNodes.length];
      }
      for (int j = 0; j < longEnough; j++) {
        int d = byLength[distinct - 1 - j] & 1023;
        pairNodes[count] = 0;
        pairEnds[count] = (segmentStart[d + 1] - 1) << 16 | segmentStart[d];
        count += covers(have[segmentStart[d]], need) ? 1 : 0;
      }
      work += longEnough;
      while (count > 0) {
        int next = 0;
        int[] pairNodes = this.pairNodes;
        int[] pairEnds = this.pairEnds;
        for (int i = 0; i < count; i++) {
          int at = 2 * pairNodes[i];
          int packed = pairEnds[i];
          int start = packed & 0xFFFF;
          int end = packed >>> 16; // the separator after the segment
          for (int w = below[at + 1], last = below[at + 3]; w < last; w += 2) {
            test(wildcards[w], wildcards[w + 1], start, end);
          }
          int from = below[at];
          int to = below[at + 2];
          if (next + to - from > nextNodes.length) {
            if (next + to - from > MAX_PAIRS) {
              count((int) Math.min(work, Integer.MAX_VALUE));
              return false;
            }
            nextNodes = Arrays.copyOf(nextNodes, Math.max(64, Math.max(next + to - from, 2 * nextNodes.length)));
            nextEnds = Arrays.copyOf(nextEnds, nextNodes.length);
          }
          int[] nextNodes = this.nextNodes;
          int[] nextEnds = this.nextEnds;
          work += 1 + to - from;
          for (int c = from; c < to; c++) {
            int node = 3 * c;
            int occurrences = sweepChunks[places[node]];
            if (occurrences < 0) {
              continue;
            }
            int shape = places[node + 1];
            int position = start + ((shape & ((1 << REST_SHIFT) - 1)) >>> 1) - 1; // the first place the chunk may end
            // as place: the chunk's ends from position on, 64 of them, read without a branch
            int first = Math.min(position, end);
            int word = occurrences + (first >>> 6);
            int shift = first & 63;
            long window = ((shape & 1) - 1L) | (shape & 1); // anchored: right there (1), else from there on (-1)
            long x = ((text[word] >>> shift) | ((text[word + 1] << 1) << (63 - shift))) & window;
            int e = position + Long.numberOfTrailingZeros(x) + 1; // x may hold a later segment's ends
            if (x == 0 && (shape & 1) == 0 && position + 64 < end) {
              // a segment of more than 64 characters left: the next words, as long as it lasts
              word = position >>> 6;
              x = text[occurrences + word] & (-1L << position);
              while (x == 0 && ++word << 6 < end) {
                work++;
                x = text[occurrences + word];
              }
              e = (word << 6) + Long.numberOfTrailingZeros(x) + 1;
            }
            nextNodes[next] = c;
            nextEnds[next] = end << 16 | e;
            next += (x != 0) & (position < end) & (end - e >= shape >>> REST_SHIFT)
                & covers(have[Math.min(e, end)], places[node + 2]) ? 1 : 0;
          }
        }
        if (work > budget) {
          count((int) Math.min(work, Integer.MAX_VALUE));
          return false;
        }
        // the next depth's pairs become this one's
        this.pairNodes = this.nextNodes;
        this.pairEnds = this.nextEnds;
        this.nextNodes = pairNodes;
        this.nextEnds = pairEnds;
        count = next;
      }
      count((int) Math.min(work, Integer.MAX_VALUE));
      // the wildcards matched: their positions; the others match nowhere
      for (int m = 0; m < sweepMatched; m += 2) {
        int p = sweepMatches[m];
        int d = sweepMatches[m + 1];
        int slot = slot(p);
        if (matchedBySweep[p] != generation) {
          matchedBySweep[p] = generation;
          slotAt[slot] = allocateBits();
          slotCount[slot] = 0;
          Arrays.fill(bits, slotAt[slot], slotAt[slot] + words, 0L);
        }
        int base = slotAt[slot];
        int positions = d * words;
        for (int x = 0; x < words; x++) {
          bits[base + x] |= bits[positions + x];
        }
        slotCount[slot] += positionCount[d];
        slotState[slot] = slotCount[slot] == n ? ALL : SOME;
        count(words);
      }
      for (int w = 0; w < wildcards.length; w += 2) {
        int p = wildcards[w];
        if (matchedBySweep[p] != generation) {
          none(p);
        }
      }
      count(wildcards.length / 2);
      return true;
    }

    /**
     * Whether wildcard {@code p}, its last part {@code last} (or -1), its other parts placed up to {@code e} in a
     * distinct segment (its separator at {@code end}), matches there: noted for the end of the sweep, unless it was
     * known before.
     */
    private void test(int p, int last, int e, int end) {
      count(1);
      if (last >= 0) {
        int occurrences = chunkGeneration[last] == generation ? chunkAt[last] : -1;
        if (occurrences < 0 || e > end - set.chunkLengths[last] || !textBit(occurrences, end - 1)) {
          return;
        }
      }
      if (patternGeneration[p] == generation && slotState[patternState[p]] != ASKED) {
        return; // known before the sweep
      }
      if (sweepMatches.length < sweepMatched + 2) {
        sweepMatches = Arrays.copyOf(sweepMatches, Math.max(64, 2 * sweepMatches.length));
      }
      sweepMatches[sweepMatched++] = p;
      sweepMatches[sweepMatched++] = segmentAt[e];
    }

    /** Wildcard {@code p}, unless known, matches nowhere. */
    private void none(int p) {
      if (patternGeneration[p] == generation) {
        int slot = patternState[p];
        if (slotState[slot] == ASKED) {
          slotAt[slot] = -1;
          slotCount[slot] = 0;
          slotState[slot] = NONE;
        }
        return;
      }
      if (noneSlot < 0) {
        noneSlot = newSlot();
        slotAt[noneSlot] = -1;
        slotCount[noneSlot] = 0;
        slotState[noneSlot] = NONE;
      }
      patternGeneration[p] = generation;
      patternState[p] = noneSlot;
    }

    /**
     * Places chunk {@code k} after each of the {@code count} ends at {@code from} of {@link #ends}, at its first
     * occurrence in the same segment ({@code anchored}: right at the end, a segment's start); writes the ends after
     * it that leave at least {@code rest} characters to their segment's end, and at least {@code need} of each
     * {@link GlobSet#tracked} one ({@link GlobSet#lanes}), at {@code to}; how many.
     */
    private int place(int k, boolean anchored, int rest, int need, int from, int count, int to) {
      int occurrences = chunk(k);
      if (occurrences < 0) {
        count(1);
        return 0;
      }
      int length = set.chunkLengths[k];
      long[] text = this.text;
      int[] ends = this.ends;
      int[] have = this.have;
      int kept = 0;
      int scanned = count;
      long window = anchored ? 1L : -1L; // the places the chunk may end at, from the first on
      for (int i = 0; i < count; i++) {
        int start = ends[from + i] & 0xFFFF;
        int end = ends[from + i] >>> 16; // the separator after the segment
        int position = start + length - 1; // the first place the chunk may end
        // the chunk's ends from position on, 64 of them (bit j: an end at position + j), read without a branch;
        // at the separator or past it when the chunk does not fit (then nothing is kept)
        int at = Math.min(position, end);
        int word = occurrences + (at >>> 6);
        int shift = at & 63;
        long x = ((text[word] >>> shift) | ((text[word + 1] << 1) << (63 - shift))) & window;
        int e = position + Long.numberOfTrailingZeros(x) + 1; // x may hold a later segment's ends
        if (x == 0 && !anchored && position + 64 < end) {
          // a segment of more than 64 characters left: the next words, as long as it lasts
          word = position >>> 6;
          x = text[occurrences + word] & (-1L << position);
          while (x == 0 && ++word << 6 < end) {
            scanned++;
            x = text[occurrences + word];
          }
          e = (word << 6) + Long.numberOfTrailingZeros(x) + 1;
        }
        // kept (without a branch) when it ends in the segment, with enough characters left after it
        ends[to + kept] = end << 16 | e;
        kept += (x != 0) & (position < end) & (end - e >= rest) & covers(have[Math.min(e, end)], need) ? 1 : 0;
      }
      count(scanned);
      return kept;
    }

    private void ensureEnds(int size) {
      if (ends.length < size) {
        ends = Arrays.copyOf(ends, Math.max(size, ends.length * 2));
      }
    }

    // ---------------------------------------------------------------------------------------------
    // runs of segments between two **

    /** The index after the first position in [from, limit) that pattern {@code p} matches, or -1. */
    private int find(int p, int from, int limit) {
      if (from >= limit) {
        return -1;
      }
      if (p != ANY && set.literals[p] == null) {
        int slot = slot(p);
        if (slotState[slot] == ASKED && textReady
            && (learning == BY_COST || learning == TRIE_WALK || learning == SWEEP)) {
          // walking the trie from the ends already placed may cost less than testing each segment: then the few
          // tests first would save little, and cost a wildcard of many parts as much as the walk
          double walkCost = walkCost(p);
          if (learning == TRIE_WALK || learning == SWEEP
              || walkCost <= longEnough(set.minLengths[p]) * (set.partCounts[p] + 4.0)) {
            fill(p, slot, walkCost);
          }
        }
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
    /** Starts of a run left few enough to verify one by one rather than by AND-ing whole words. */
    static final int SPARSE = 4;

    /**
     * The index after the first occurrence of a run of {@code k} segments that starts at {@code from} or later and
     * ends by {@code limit}, or -1: the starts where every piece (its patterns other than {@code *}, see
     * {@link Builder#layOut}) matches at its offset. A pattern matching nowhere fails the run at once, then a piece
     * matching nowhere; the rarest piece is AND-ed into the starts first, then the others in order, 64 starts to a
     * word, until few starts are left: those are verified one by one. The {@code pieces} pieces' nodes are at
     * {@code at} of {@code code}, then their offsets, then the run's {@code patterns} distinct patterns.
     */
    private int find(int k, int[] code, int at, int pieces, int patterns, int from, int limit) {
      int last = limit - k; // the last start
      if (from > last) {
        return -1;
      }
      int offset = at + pieces;
      for (int u = offset + pieces; u < offset + pieces + patterns; u++) {
        if (population(code[u]) == 0) {
          return -1;
        }
      }
      count(patterns);
      int rarest = -1;
      int fewest = Integer.MAX_VALUE;
      for (int i = 0; i < pieces; i++) {
        int v = code[at + i];
        if (piece(v) < 0) {
          return -1;
        }
        if (pieceCount[v] < fewest) {
          fewest = pieceCount[v];
          rarest = i;
        }
      }
      count(pieces);
      // alive word w: the starts from + 64w ... from + 64w + 63 where the pieces AND-ed so far all match
      int windows = ((last - from) >>> 6) + 1;
      long[] alive = this.alive;
      Arrays.fill(alive, 0, windows, -1L);
      int spare = 63 - ((last - from) & 63);
      alive[windows - 1] = -1L >>> spare; // no start after last
      int lo = 0;
      int hi = windows - 1;
      int left = last - from + 1;
      for (int step = -1; step < pieces; step++) {
        int i = step < 0 ? rarest : step;
        if (step == rarest) {
          continue;
        }
        if (step >= 0 && left <= SPARSE) {
          return verify(k, code, at, pieces, rarest, step, from, lo, hi);
        }
        int bitsAt = pieceAt[code[at + i]];
        long[] b = bits;
        int start = from + code[offset + i] + (lo << 6);
        int word = bitsAt + (start >>> 6) - lo;
        int shift = start & 63;
        left = 0;
        if (shift == 0) {
          for (int w = lo; w <= hi; w++) {
            long a = alive[w] & b[word + w];
            alive[w] = a;
            left += Long.bitCount(a);
          }
        } else {
          int back = 64 - shift;
          for (int w = lo; w <= hi; w++) {
            // bits of the piece at start + 64 (w - lo)
            long a = alive[w] & ((b[word + w] >>> shift) | (b[word + w + 1] << back));
            alive[w] = a;
            left += Long.bitCount(a);
          }
        }
        count(hi - lo + 1);
        if (left == 0) {
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
     * The run's first start left in {@link #alive} (words {@code lo} to {@code hi}) where the pieces from index
     * {@code next} on, but {@code skip}, all match; as {@link #find(int, int[], int, int, int, int, int)} answers.
     */
    private int verify(int k, int[] code, int at, int pieces, int skip, int next, int from, int lo, int hi) {
      int offset = at + pieces;
      for (int w = lo; w <= hi; w++) {
        long a = alive[w];
        while (a != 0) {
          int start = from + (w << 6) + Long.numberOfTrailingZeros(a);
          a &= a - 1;
          boolean all = true;
          for (int i = next; i < pieces && all; i++) {
            if (i != skip) {
              count(1);
              all = bit(pieceAt[code[at + i]], start + code[offset + i]);
            }
          }
          if (all) {
            return start + k;
          }
        }
      }
      return -1;
    }

    // the pieces' positions, computed once per check for all the runs that hold them
    private int[] pieceGeneration = new int[0];
    /** Per piece node of this generation: where its positions are in {@link #bits} (-1: nowhere), and how many. */
    private int[] pieceAt = new int[0];
    private int[] pieceCount = new int[0];

    /**
     * Where in {@link #bits} the positions of piece node {@code v} are, -1 when it matches nowhere: its parent's
     * positions AND its pattern's shifted by its offset; a node of the first level is its pattern's.
     */
    private int piece(int v) {
      if (pieceGeneration[v] == generation) {
        return pieceAt[v];
      }
      int up = set.pieceParent[v];
      int p = set.piecePattern[v];
      int result = -1;
      int population = 0;
      if (up == 0) {
        population = population(p);
        result = population == 0 ? -1 : positions(p);
      } else {
        int parent = piece(up);
        int pattern = parent < 0 || population(p) == 0 ? -1 : positions(p);
        if (pattern >= 0) {
          result = allocateBits();
          population = shiftPositions(parent, pattern, set.pieceOffset[v], result);
          if (population == 0) {
            bitsNext = result; // nothing refers to it
            result = -1;
          }
        }
      }
      pieceGeneration[v] = generation;
      pieceAt[v] = result;
      pieceCount[v] = population;
      return result;
    }

    /**
     * {@code to = parent & (pattern >> shift)} over the positions (bit t: the parent's patterns match at t and
     * the pattern at t + shift), only where t + shift is a position; how many bits are set.
     */
    private int shiftPositions(int parent, int pattern, int shift, int to) {
      long[] b = bits;
      int skip = shift >>> 6;
      int s = shift & 63;
      int limit = n - shift; // the bits at limit or after stand for no position
      int population = 0;
      for (int w = 0; w < words; w++) {
        int src = w + skip;
        long low = src < words ? b[pattern + src] : 0;
        long high = src + 1 < words ? b[pattern + src + 1] : 0;
        long x = b[parent + w] & (s == 0 ? low : (low >>> s) | (high << (64 - s)));
        int first = w << 6;
        if (first + 64 > limit) {
          x = first >= limit ? 0 : x & (-1L >>> (64 - (limit - first)));
        }
        b[to + w] = x;
        population += Long.bitCount(x);
      }
      count(words);
      return population;
    }

    /** Scratch for {@link #find(int, int[], int, int, int, int, int)}: one word per 64 starts. */
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
