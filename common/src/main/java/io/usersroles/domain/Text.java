package io.usersroles.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;

/** Checks for free text people give the product (names, descriptions, URLs). */
public final class Text {
  private Text() {}

  /**
   * A display text: trimmed and NFC-normalised, 1 to {@code maxLength} characters, and free of
   * control characters, invisible formatting characters (bidi overrides, zero-width joiners and the
   * like) and broken surrogate pairs, which only ever serve to make text look like something else.
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
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int type = Character.getType(codePoint);
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        throw DomainException.invalidField(field, "contains a control or invisible character");
      }
      i += Character.charCount(codePoint);
    }
    return text;
  }

  /** An absolute http(s) URL of at most {@code maxLength} characters, as given. */
  public static String requireWebUrl(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw DomainException.invalidField(field, "must be an http or https URL");
    }
    if (value.length() > maxLength) {
      throw DomainException.invalidField(field, "must be at most " + maxLength + " characters");
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
