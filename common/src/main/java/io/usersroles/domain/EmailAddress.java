package io.usersroles.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A normalised (trimmed, lower-case, ASCII) email address that passed a deliberately strict check.
 * Strict on purpose: addresses come from people typing lists, and a rejected odd address is a clear
 * {@code invalid_email} result, while an accepted one that SES cannot deliver is a silent failure.
 */
public record EmailAddress(String value) {
  private static final int MAX_LENGTH = 254;
  private static final int MAX_LOCAL_LENGTH = 64;
  private static final int MAX_LABEL_LENGTH = 63;
  private static final String LOCAL_SPECIALS = "!#$%&'*+/=?^_`{|}~.-";

  public EmailAddress {
    if (value == null || !value.equals(normalise(value))) {
      throw new IllegalArgumentException("not a normalised email address");
    }
  }

  @Override
  public String toString() {
    return value;
  }

  /** The normalised address, or empty when {@code raw} is not an address we accept. */
  public static Optional<EmailAddress> parse(String raw) {
    String normalised = normalise(raw);
    return normalised == null ? Optional.empty() : Optional.of(new EmailAddress(normalised));
  }

  private static String normalise(String raw) {
    if (raw == null) {
      return null;
    }
    String stripped = raw.strip();
    // reject non-ASCII before lower-casing: toLowerCase maps some non-ASCII letters (the Kelvin sign)
    // onto ASCII ones, which would let a look-alike address stand for another
    if (!stripped.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return null;
    }
    String candidate = stripped.toLowerCase(Locale.ROOT);
    if (candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
      return null;
    }
    int at = candidate.indexOf('@');
    if (at <= 0 || at != candidate.lastIndexOf('@') || at == candidate.length() - 1) {
      return null;
    }
    if (!validLocalPart(candidate.substring(0, at)) || !validDomain(candidate.substring(at + 1))) {
      return null;
    }
    return candidate;
  }

  /**
   * Splits the comma-separated form people type ("a@x.io, b@y.io"). Empty entries (a trailing
   * comma, two commas in a row) are dropped; everything else is returned trimmed, valid or not.
   */
  public static List<String> splitList(String commaSeparated) {
    List<String> entries = new ArrayList<>();
    for (String part : commaSeparated.split(",", -1)) {
      String trimmed = part.strip();
      if (!trimmed.isEmpty()) {
        entries.add(trimmed);
      }
    }
    return entries;
  }

  private static boolean validLocalPart(String local) {
    if (local.length() > MAX_LOCAL_LENGTH || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      return false;
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || LOCAL_SPECIALS.indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean validDomain(String domain) {
    String[] labels = domain.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return false;
        }
      }
    }
    String topLevel = labels[labels.length - 1];
    return topLevel.chars().anyMatch(Character::isLetter);
  }
}
