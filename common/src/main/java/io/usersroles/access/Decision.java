package io.usersroles.access;

/** The answer to one check, with the role that granted it or why nothing did. */
public record Decision(boolean allowed, String reason) {
  static Decision allow(String reason) {
    return new Decision(true, reason);
  }

  static Decision deny(String reason) {
    return new Decision(false, reason);
  }
}
