package io.usersroles.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an invitation stands, as the API names it: open ({@code PENDING}), or closed by its invitee
 * ({@code ACCEPTED}, {@code DECLINED}), by the org ({@code CANCELLED}) or by time ({@code EXPIRED}).
 */
public enum InvitationStatus {
  PENDING, ACCEPTED, CANCELLED, EXPIRED, DECLINED;

  /** The lower-case name used on the wire. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<InvitationStatus> fromWire(String text) {
    for (InvitationStatus status : values()) {
      if (status.wireName().equals(text)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
