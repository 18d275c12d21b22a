package io.usersroles.email;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The inline SES templates of the invitation and reminder emails. */
final class Templates {
  private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"};

  private Templates() {}

  /**
   * When the link stops working, in English and UTC ("Tuesday 8 December 2026, 14:05 UTC"). Written out
   * here rather than with a {@code DateTimeFormatter} pattern of day and month names, which loads the JDK's
   * locale data (about 30 classes and the CLDR English resources) on the first email of a cold start.
   */
  static String expiry(Instant at) {
    LocalDateTime t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(40).append(DAYS[t.getDayOfWeek().ordinal()]).append(' ')
        .append(t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ');
    String year = Integer.toString(t.getYear());
    out.append("0".repeat(Math.max(0, 4 - year.length()))).append(year).append(", ");
    return twoDigits(twoDigits(out, t.getHour()).append(':'), t.getMinute()).append(" UTC").toString();
  }

  private static StringBuilder twoDigits(StringBuilder out, int value) {
    return out.append(value < 10 ? "0" : "").append(value);
  }

  static String subject(InvitationMailer.Kind kind) {
    return kind == InvitationMailer.Kind.REMINDER
        ? "Reminder: {{inviter}} invited you to join {{orgName}} on {{product}}"
        : "{{inviter}} invited you to join {{orgName}} on {{product}}";
  }

  static String text(InvitationMailer.Kind kind) {
    String opening = kind == InvitationMailer.Kind.REMINDER
        ? "This is a reminder: {{inviter}} invited you to join {{orgName}} on {{product}}."
        : "{{inviter}} invited you to join {{orgName}} on {{product}}.";
    return "Hello,\n\n" + opening + "\n\n"
        + "Accept the invitation:\n{{acceptUrl}}\n\n"
        + "The link works until {{expiresAt}}. Sign in with this email address to accept it.\n"
        + "If you did not expect this invitation, you can ignore this email.\n";
  }

  static String html(InvitationMailer.Kind kind) {
    String opening = kind == InvitationMailer.Kind.REMINDER
        ? "This is a reminder: <strong>{{inviterHtml}}</strong> invited you to join "
            + "<strong>{{orgNameHtml}}</strong> on {{productHtml}}."
        : "<strong>{{inviterHtml}}</strong> invited you to join <strong>{{orgNameHtml}}</strong> on {{productHtml}}.";
    return "<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\">"
        + "<p>Hello,</p><p>" + opening + "</p>"
        + "<p><a href=\"{{acceptUrlHtml}}\" style=\"display:inline-block;padding:10px 18px;background:#1f6feb;"
        + "color:#ffffff;text-decoration:none;border-radius:6px\">Accept the invitation</a></p>"
        + "<p>Or open this link: <a href=\"{{acceptUrlHtml}}\">{{acceptUrlHtml}}</a></p>"
        + "<p>The link works until {{expiresAtHtml}}. Sign in with this email address to accept it.</p>"
        + "<p style=\"color:#666\">If you did not expect this invitation, you can ignore this email.</p>"
        + "</body></html>";
  }

  /** Escapes the five characters that matter in HTML text and attribute values. */
  static String escapeHtml(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }
}
