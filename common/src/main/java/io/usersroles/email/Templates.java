package io.usersroles.email;

/** The inline SES templates of the invitation and reminder emails. */
final class Templates {
  private Templates() {}

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
