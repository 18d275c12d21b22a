package io.usersroles.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * What SES reported about an invitation's email after it took it: the recipient's mail server refused
 * it for good ({@code BOUNCED}) or the recipient marked it as spam ({@code COMPLAINED}). An invitation
 * without a report has none ({@code null}): delivered, or not known otherwise. Either report stops its
 * reminders; it still expires.
 */
public enum EmailDelivery {
  BOUNCED, COMPLAINED;

  /** The lower-case name used on the wire ({@code delivery} of an invitation). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EmailDelivery> fromWire(String text) {
    for (EmailDelivery delivery : values()) {
      if (delivery.wireName().equals(text)) {
        return Optional.of(delivery);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a report of {@code reported} changes an invitation that has {@code current}: a complaint
   * outranks a bounce (the person does not want the mail), a report never goes back to none.
   */
  public static boolean changes(EmailDelivery current, EmailDelivery reported) {
    return current == null || (current == BOUNCED && reported == COMPLAINED);
  }
}
