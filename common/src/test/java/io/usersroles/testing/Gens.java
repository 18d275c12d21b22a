package io.usersroles.testing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** QuickTheories generators the property tests share, with the edge cases they mix in. */
public final class Gens {
  /** How often (in percent) a generator given edge cases yields one of them. */
  public static final int EDGE_CASE_PERCENT = 10;
  /**
   * How many draws a filter ({@code Gen.assuming}) may reject in one example: QuickTheories' default of 10 is too
   * few for its first examples, which replay each draw's lower bound (an empty string, say) over and over.
   */
  public static final int FILTER_ATTEMPTS = 10_000;
  /** Values this close to a range's shrinking target are drawn as often as the rest of the range, huge as it may be. */
  private static final long NEAR = 1000;
  /**
   * The Basic Multilingual Plane without surrogates, private use characters and noncharacters (QuickTheories' own
   * string generators draw code points instead, up to the supplementary planes).
   */
  private static final char[] ANY_CHARS = chars(IntStream.rangeClosed(Character.MIN_VALUE, Character.MAX_VALUE)
      .filter(c -> !(c >= 0xd800 && c <= 0xdfff) && !(c >= 0xe000 && c <= 0xf8ff) && !(c >= 0xfdd0 && c <= 0xfdef)
          && c != 0xfffe && c != 0xffff));
  private static final String ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private Gens() {}

  /** Any of {@code values}, each as likely (null included, unlike {@code List.of}). */
  @SafeVarargs
  public static <T> Gen<T> of(T... values) {
    // copied one by one: handing a generic varargs array on is not type-safe
    List<T> all = new ArrayList<>(values.length);
    for (T value : values) {
      all.add(value);
    }
    return Generate.pick(all);
  }

  /** A value of one of {@code gens}, each as likely (QuickTheories' {@code oneOf} takes no list). */
  public static <T> Gen<T> oneOf(List<Gen<T>> gens) {
    List<Gen<T>> all = List.copyOf(gens);
    Gen<Integer> index = Generate.range(0, all.size() - 1);
    return in -> all.get(index.generate(in)).generate(in);
  }

  /** One value of each of {@code gens}, in their order. */
  public static <T> Gen<List<T>> each(List<Gen<T>> gens) {
    List<Gen<T>> all = List.copyOf(gens);
    return in -> {
      List<T> values = new ArrayList<>(all.size());
      for (Gen<T> gen : all) {
        values.add(gen.generate(in));
      }
      return values;
    };
  }

  /** {@code gen}, or in {@link #EDGE_CASE_PERCENT}% of draws one of {@code edgeCases}. */
  public static <T> Gen<T> withEdgeCases(Gen<T> gen, List<T> edgeCases) {
    return gen.mix(Generate.pick(List.copyOf(edgeCases)), EDGE_CASE_PERCENT);
  }

  /** Strings of {@code minLength} to {@code maxLength} characters drawn from {@code chars}. */
  public static Gen<String> strings(Gen<Character> chars, int minLength, int maxLength) {
    Gen<Integer> lengths = Generate.range(minLength, maxLength);
    return in -> {
      char[] text = new char[lengths.generate(in)];
      for (int i = 0; i < text.length; i++) {
        text[i] = chars.generate(in);
      }
      return new String(text);
    };
  }

  /** Any character of the Basic Multilingual Plane but surrogates, private use characters and noncharacters. */
  public static Gen<Character> anyChar() {
    return charOf(ANY_CHARS);
  }

  /** {@code A} to {@code Z} and {@code a} to {@code z}. */
  public static Gen<Character> alpha() {
    return charOf(ALPHA);
  }

  /** {@code A} to {@code Z}, {@code a} to {@code z} and {@code 0} to {@code 9}. */
  public static Gen<Character> alphaNumeric() {
    return charOf(ALPHA + "0123456789");
  }

  /** One of the characters of {@code chars}, each as likely. */
  public static Gen<Character> charOf(String chars) {
    return charOf(chars.toCharArray());
  }

  /** {@code minSize} to {@code maxSize} distinct elements of {@code values}, in the order they were drawn. */
  public static <T> Gen<List<T>> distinctLists(List<T> values, int minSize, int maxSize) {
    List<T> all = List.copyOf(values);
    Gen<Integer> sizes = Generate.range(minSize, Math.min(maxSize, all.size()));
    return in -> {
      List<T> left = new ArrayList<>(all);
      List<T> drawn = new ArrayList<>();
      for (int size = sizes.generate(in); drawn.size() < size; ) {
        drawn.add(left.remove((int) Generate.range(0, left.size() - 1).generate(in)));
      }
      return drawn;
    };
  }

  /** Sets of {@code minSize} to {@code maxSize} elements of {@code values}. */
  public static <T> Gen<Set<T>> sets(List<T> values, int minSize, int maxSize) {
    return distinctLists(values, minSize, maxSize).map(drawn -> new LinkedHashSet<>(drawn));
  }

  /**
   * Ints from {@code min} to {@code max}: edge cases (the bounds, one step inside them, and -2 to 2 where in range),
   * values near the shrinking target (0, or the bound closest to it) and the whole range.
   */
  public static Gen<Integer> integers(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /** Longs from {@code min} to {@code max}, drawn like {@link #integers}. */
  public static Gen<Long> longs(long min, long max) {
    long target = Math.max(min, Math.min(max, 0));
    long nearLow = target < Long.MIN_VALUE + NEAR ? min : Math.max(min, target - NEAR);
    long nearHigh = target > Long.MAX_VALUE - NEAR ? max : Math.min(max, target + NEAR);
    List<Long> edgeCases = new ArrayList<>(new LinkedHashSet<>(List.of(-2L, -1L, 0L, 1L, 2L, min, min + 1, max,
        max - 1)));
    edgeCases.removeIf(value -> value < min || value > max);
    return Generate.frequency(List.of(
        Pair.of(EDGE_CASE_PERCENT, Generate.pick(edgeCases)),
        Pair.of((100 - EDGE_CASE_PERCENT) / 2, Generate.longRange(nearLow, nearHigh, target)),
        Pair.of((100 - EDGE_CASE_PERCENT) / 2, Generate.longRange(min, max, target))));
  }

  private static Gen<Character> charOf(char[] chars) {
    char[] all = chars.clone();
    return Generate.range(0, all.length - 1).map(i -> all[i]);
  }

  private static char[] chars(IntStream codes) {
    int[] all = codes.toArray();
    char[] chars = new char[all.length];
    for (int i = 0; i < all.length; i++) {
      chars[i] = (char) all[i];
    }
    return chars;
  }
}
