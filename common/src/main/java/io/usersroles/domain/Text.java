package io.usersroles.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks for free text people give the product (names, descriptions, URLs). */
public final class Text {
  private Text() {}

  /**
   * A display text: trimmed and NFC-normalised, 1 to {@code maxLength} characters, and free of
   * control characters, invisible formatting characters (bidi overrides, zero-width joiners and the
   * like), invisible fillers and broken surrogate pairs, which only ever serve to make text look like
   * something else; and it shows something: a visible base character (not only spaces such as U+00A0
   * or the braille blank), with every combining mark on one (a mark alone, first, or on a space would
   * float over whatever text is shown before the name).
   */
  public static String requireDisplayText(String field, String value, int maxLength) {
    if (value == null) {
      throw DomainException.invalidField(field, "is required");
    }
    String text = Normalizer.normalize(value.strip(), Normalizer.Form.NFC);
    if (text.isEmpty()) {
      throw DomainException.invalidField(field, "must not be empty");
    }
    if (text.codePointCount(0, text.length()) > maxLength) {
      throw DomainException.invalidField(field, "must be at most " + maxLength + " characters");
    }
    boolean visible = false;
    boolean onVisibleBase = false; // whether a combining mark here would sit on a visible character
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int type = Character.getType(codePoint);
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
          || INVISIBLE_FILLERS.indexOf(codePoint) >= 0) {
        throw DomainException.invalidField(field, "contains a control or invisible character");
      }
      if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
          || type == Character.COMBINING_SPACING_MARK) {
        if (!onVisibleBase) {
          throw DomainException.invalidField(field, "has a combining mark that is not on a visible character");
        }
      } else {
        onVisibleBase = type != Character.SPACE_SEPARATOR && codePoint != BRAILLE_BLANK;
        visible |= onVisibleBase;
      }
      i += Character.charCount(codePoint);
    }
    if (!visible) {
      throw DomainException.invalidField(field, "must not be blank");
    }
    return text;
  }

  /** Whether {@code text} is valid Unicode: no half of a surrogate pair on its own (it could not be stored as sent). */
  public static boolean isWellFormed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A person's name as an identity provider vouches for it, made safe to store, list and put in an
   * email: control characters (CR, LF, NUL, tab and every other Cc), the line and paragraph
   * separators, and the bidirectional controls (embeddings and overrides U+202A to U+202E, isolates
   * U+2066 to U+2069, the marks U+200E, U+200F and U+061C) removed, which could otherwise break a
   * header or the lines of an email, or make a name read backwards; then trimmed. Null when nothing
   * is left. The name is the identity provider's, not the caller's input, so it is cleaned rather
   * than refused. {@code name} must be well-formed ({@link #isWellFormed}).
   */
  public static String personName(String name) {
    if (name == null) {
      return null;
    }
    StringBuilder kept = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); ) {
      int codePoint = name.codePointAt(i);
      int type = Character.getType(codePoint);
      boolean removed = type == Character.CONTROL || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR || (codePoint >= 0x202a && codePoint <= 0x202e)
          || (codePoint >= 0x2066 && codePoint <= 0x2069) || codePoint == 0x200e || codePoint == 0x200f
          || codePoint == 0x061c;
      if (!removed) {
        kept.appendCodePoint(codePoint);
      }
      i += Character.charCount(codePoint);
    }
    String cleaned = kept.toString().strip();
    return cleaned.isEmpty() ? null : cleaned;
  }

  /** Letters that render as nothing (Hangul fillers, the combining grapheme joiner). */
  private static final String INVISIBLE_FILLERS = "\u115f\u1160\u3164\uffa0\u034f";
  private static final int BRAILLE_BLANK = 0x2800;

  /**
   * The form in which two names count as the same name (role names are unique case-insensitively): compatibility
   * forms folded (full-width letters, ligatures, U+00A0), case folded (so the Kelvin sign is a k and
   * a long s an s), outer spaces dropped. Look-alike names cannot then pass for one another by case or
   * width alone.
   */
  public static String foldForComparison(String name) {
    String compatible = Normalizer.normalize(name, Normalizer.Form.NFKC);
    return Normalizer.normalize(compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC)
        .strip();
  }

  /**
   * Whether two role names count as the same name because they look alike: when they share a key of
   * {@link #lookAlikeKeys}. So {@code оwner} with a Cyrillic {@code о}, {@code 0WNER}, {@code Bui1ders}
   * and {@code BuiIders} (a capital I) are taken when {@code owner} and {@code Builders} are.
   */
  public static boolean looksAlike(String name, String other) {
    return !Collections.disjoint(lookAlikeKeys(name), lookAlikeKeys(other));
  }

  /**
   * The forms in which a name is compared with others for looking alike: the confusable skeleton of
   * Unicode TS #39 ({@link Confusables}: Cyrillic {@code о} and Latin {@code o}, {@code 1} and {@code l},
   * {@code rn} and {@code m}) combined with {@link #foldForComparison}, repeated until the form no
   * longer changes (a prototype may be a capital, {@code 0} is {@code O}, whose lower case has a
   * prototype of its own). Two keys, because case and look-alikes interfere: folded first, {@code ILL}
   * is {@code ill} (the same name in capitals); skeleton first, the capital {@code I} of {@code BuiIders}
   * is the {@code l} it looks like.
   */
  public static Set<String> lookAlikeKeys(String name) {
    return Set.copyOf(List.of(settled(name), settled(Confusables.skeleton(name))));
  }

  /** Fold and skeleton, repeated until nothing changes; every character of Unicode 16 settles within two rounds. */
  private static String settled(String name) {
    String key = name;
    for (int round = 0; round < MAX_KEY_ROUNDS; round++) {
      String next = Confusables.skeleton(foldForComparison(key));
      if (next.equals(key)) {
        return key;
      }
      key = next;
    }
    return key;
  }

  /** Rounds of fold and skeleton at most (a bound only: the tests show two suffice). */
  private static final int MAX_KEY_ROUNDS = 5;

  /**
   * An absolute http(s) URL of at most {@code maxLength} characters, as given: printable ASCII only
   * (RFC 3986; an international name or path is sent percent-encoded or as punycode), so a URL cannot
   * hide a bidi override or a look-alike host.
   */
  public static String requireWebUrl(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw DomainException.invalidField(field, "must be an http or https URL");
    }
    if (value.length() > maxLength) {
      throw DomainException.invalidField(field, "must be at most " + maxLength + " characters");
    }
    if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw DomainException.invalidField(field, "must be printable ASCII (percent-encode anything else)");
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
          || uri.getHost() == null || uri.getHost().isEmpty()) {
        throw DomainException.invalidField(field, "must be an absolute http or https URL");
      }
    } catch (URISyntaxException e) {
      throw DomainException.invalidField(field, "is not a valid URL");
    }
    return value;
  }
}
