package io.usersroles.service;

import java.util.Locale;

/**
 * What an invitation request did for one address. {@code invitationId} is set for {@code INVITED}
 * and {@code ALREADY_INVITED}; {@code emailSent} only for {@code INVITED}.
 */
public record InvitationResult(String email, Status status, String invitationId, Boolean emailSent) {

  /** The outcome for one address, as the API names it. */
  public enum Status {
    INVITED, ALREADY_MEMBER, ALREADY_INVITED, INVALID_EMAIL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
