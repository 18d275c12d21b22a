package io.usersroles.access;

import io.usersroles.domain.DomainException;
import io.usersroles.domain.Text;

/**
 * The rules for file paths (in checks) and path globs (in roles): relative, '/'-separated, no empty
 * segment, no '.' segment and no '..' anywhere, so that every path names its file one way only; a
 * check's path is at most {@value #MAX_PATH_LENGTH} characters, a glob at most {@value #MAX_GLOB_LENGTH}.
 * A violation is a 400 naming the field.
 */
final class ResourcePaths {
  /** The longest {@code resource.path} a check may name. */
  static final int MAX_PATH_LENGTH = 1024;
  /** The longest glob ({@code filePermissions[i].path}) a role may hold. */
  static final int MAX_GLOB_LENGTH = 256;

  private ResourcePaths() {}

  /** Splits a valid check path into its segments, or throws a 400 for {@code field}. */
  static String[] segments(String field, String path) {
    return split(field, path, MAX_PATH_LENGTH, false);
  }

  /** Splits a valid glob into its segments, or throws a 400 for {@code field}. */
  static String[] globSegments(String field, String glob) {
    return split(field, glob, MAX_GLOB_LENGTH, false);
  }

  /**
   * Splits a glob as stored by an earlier release, which allowed up to {@value #MAX_PATH_LENGTH} characters and
   * '.' segments: such a role must keep compiling (a glob that no longer compiled would fail every check of its
   * org). A '.' glob segment is harmless now: it matches only a '.' path segment, which no valid path has.
   */
  static String[] storedGlobSegments(String field, String glob) {
    return split(field, glob, MAX_PATH_LENGTH, true);
  }

  private static String[] split(String field, String path, int maxLength, boolean dotSegments) {
    if (path == null || path.isEmpty()) {
      throw DomainException.invalidField(field, "must not be empty");
    }
    if (path.length() > maxLength) {
      throw DomainException.invalidField(field, "must be at most " + maxLength + " characters");
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
      if (!dotSegments && segment.equals(".")) {
        // "docs/./a.md" is "docs/a.md" to a file system: one file, one name
        throw DomainException.invalidField(field, "must not contain a '.' segment");
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
