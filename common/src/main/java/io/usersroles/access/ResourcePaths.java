package io.usersroles.access;

import io.usersroles.domain.DomainException;
import io.usersroles.domain.Text;

/**
 * The rules for file paths (in checks) and path globs (in roles): relative, '/'-separated, no empty
 * segment and no '..' anywhere. A violation is a 400 naming the field.
 */
final class ResourcePaths {
  static final int MAX_LENGTH = 1024;

  private ResourcePaths() {}

  /** Splits a valid path into its segments, or throws a 400 for {@code field}. */
  static String[] segments(String field, String path) {
    if (path == null || path.isEmpty()) {
      throw DomainException.invalidField(field, "must not be empty");
    }
    if (path.length() > MAX_LENGTH) {
      throw DomainException.invalidField(field, "must be at most " + MAX_LENGTH + " characters");
    }
    if (path.charAt(0) == '/') {
      throw DomainException.invalidField(field, "must be relative (no leading '/')");
    }
    if (path.contains("..")) {
      // a path that contains ".." anywhere is refused outright, not only a ".." segment
      throw DomainException.invalidField(field, "must not contain '..'");
    }
    if (!Text.isWellFormed(path)) {
      throw DomainException.invalidField(field, "must be valid Unicode");
    }
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        throw DomainException.invalidField(field, "must not contain an empty segment");
      }
      for (int i = 0; i < segment.length(); i++) {
        char c = segment.charAt(i);
        if (c < 0x20 || c == 0x7f || c == '\\') {
          throw DomainException.invalidField(field, "must not contain control characters or '\\\\'");
        }
      }
    }
    return segments;
  }
}
