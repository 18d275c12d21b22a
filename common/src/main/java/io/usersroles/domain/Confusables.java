package io.usersroles.domain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The confusable skeleton of Unicode Technical Standard #39 (section 4): two strings that look
 * alike, such as {@code paypal} in Latin and {@code раураl} mostly in Cyrillic, or {@code Bui1ders}
 * and {@code Builders}, have the same skeleton. skeleton(X) is NFD(X), each character replaced by its
 * prototype (default-ignorable characters by nothing), then NFD again.
 *
 * <p>The prototypes are the resource {@code confusables.txt} beside this class: the complete mapping
 * of Unicode 16.0's confusables.txt (about 9,500 characters, 33 KB compressed in the jar), as ICU4J
 * 76.1 applies it, generated from ICU4J by {@code ConfusablesTableTest}, which also holds this class
 * to ICU's {@code SpoofChecker.getSkeleton} for every code point. ICU itself is not a dependency:
 * with the data it needs it would add about 370 KB to the deployed jar for this one function.
 */
final class Confusables {
  /** The resource with the prototypes, one character (or a range mapped to nothing) per line. */
  static final String RESOURCE = "confusables.txt";

  private Confusables() {}

  /** The skeleton of {@code text}: what it looks like, whatever the script of its letters. */
  static String skeleton(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    StringBuilder prototypes = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); ) {
      int codePoint = decomposed.codePointAt(i);
      String prototype = Table.prototype(codePoint);
      if (prototype == null) {
        prototypes.appendCodePoint(codePoint);
      } else {
        prototypes.append(prototype);
      }
      i += Character.charCount(codePoint);
    }
    return Normalizer.normalize(prototypes, Normalizer.Form.NFD);
  }

  /** The table, read on first use (only writes of role names need it, never a check). */
  private static final class Table {
    /** Sorted ranges: a character in [FROM[i], TO[i]] has the prototype PROTOTYPES[i]. */
    private static final int[] FROM;
    private static final int[] TO;
    private static final String[] PROTOTYPES;

    static {
      List<int[]> ranges = new ArrayList<>(10_000);
      List<String> prototypes = new ArrayList<>(10_000);
      try (InputStream in = Confusables.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the resource " + RESOURCE + " is missing beside " + Confusables.class);
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          int tab = line.indexOf('\t');
          String source = line.substring(0, tab);
          int dots = source.indexOf("..");
          int from = Integer.parseInt(dots < 0 ? source : source.substring(0, dots), 16);
          int to = dots < 0 ? from : Integer.parseInt(source.substring(dots + 2), 16);
          StringBuilder prototype = new StringBuilder();
          for (String hex : line.substring(tab + 1).split(" ")) {
            if (!hex.isEmpty()) {
              prototype.appendCodePoint(Integer.parseInt(hex, 16));
            }
          }
          ranges.add(new int[] {from, to});
          prototypes.add(prototype.toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      FROM = new int[ranges.size()];
      TO = new int[ranges.size()];
      for (int i = 0; i < ranges.size(); i++) {
        FROM[i] = ranges.get(i)[0];
        TO[i] = ranges.get(i)[1];
        if (i > 0 && FROM[i] <= TO[i - 1]) {
          throw new IllegalStateException(RESOURCE + " is not sorted at line " + (i + 1));
        }
      }
      PROTOTYPES = prototypes.toArray(new String[0]);
    }

    /** The prototype of {@code codePoint}; null when it is its own. */
    static String prototype(int codePoint) {
      int at = Arrays.binarySearch(FROM, codePoint);
      int range = at >= 0 ? at : -at - 2;
      return range >= 0 && codePoint <= TO[range] ? PROTOTYPES[range] : null;
    }
  }
}
