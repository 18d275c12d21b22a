package io.usersroles.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one exception domain code throws for an answer that is not a success. Its {@link Kind} says
 * what went wrong in product terms; the HTTP layer maps each kind to one status in one place.
 *
 * <p>Whatever a request sent, a problem stays small: it lists at most {@link #MAX_LISTED_ERRORS}
 * field errors (the detail says how many more there were), and every text in it is cut to a fixed
 * number of characters ({@link #MAX_DETAIL_LENGTH}, {@link #MAX_FIELD_LENGTH}, {@link
 * #MAX_MESSAGE_LENGTH}), with a lone surrogate half replaced by U+FFFD. Input echoed in a problem
 * (a field name, a role id) can then never make an answer larger than Lambda may return.
 */
public final class DomainException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Field errors listed in one problem at most; the detail counts the rest. */
  public static final int MAX_LISTED_ERRORS = 20;
  /** Characters (code points) of a detail at most. */
  public static final int MAX_DETAIL_LENGTH = 1000;
  /** Characters (code points) of an error's field name at most. */
  public static final int MAX_FIELD_LENGTH = 100;
  /** Characters (code points) of an error's message at most. */
  public static final int MAX_MESSAGE_LENGTH = 200;
  /** Characters (code points) of a title at most (titles are ours; the cap only keeps the promise total). */
  static final int MAX_TITLE_LENGTH = 100;
  /** What a cut text ends with. */
  static final String ELLIPSIS = "\u2026";

  /** What went wrong, independent of transport. */
  public enum Kind {
    /** The request is malformed or breaks a rule about its content. */
    INVALID,
    /** No credentials, or credentials that do not verify. */
    UNAUTHENTICATED,
    /** The caller is known but may not do this. */
    FORBIDDEN,
    /** The thing does not exist, or the caller may not know that it exists. */
    NOT_FOUND,
    /** The request conflicts with the current state. */
    CONFLICT,
    /** The thing existed but is no longer usable (an expired invitation). */
    GONE,
    /** The request is well-formed but cannot be processed as sent (an idempotency key reused). */
    UNPROCESSABLE,
    /** A per-organisation limit would be exceeded. */
    /** The request itself is larger than the product accepts. */
    TOO_LARGE,
    /** A dependency is failing or throttling; the caller may retry later. */
    UNAVAILABLE
  }

  /** One problem with one field of a request; both texts are cut to their maximum length. */
  public record FieldError(String field, String message) {
    public FieldError {
      field = shortened(field, MAX_FIELD_LENGTH);
      message = shortened(message, MAX_MESSAGE_LENGTH);
    }
  }

  private final Kind kind;
  private final String code;
  private final transient List<FieldError> fieldErrors;
  private final int unlistedErrors;
  private final String title;
  private final Integer limit;
  private final Integer retryAfterSeconds;

  private DomainException(Kind kind, String code, String detail, List<FieldError> fieldErrors) {
    this(kind, code, detail, fieldErrors, 0, null, null, null);
  }

  private DomainException(Kind kind, String code, String detail, List<FieldError> fieldErrors, int unlistedErrors,
      String title, Integer limit, Integer retryAfterSeconds) {
    super(shortened(detail, MAX_DETAIL_LENGTH));
    this.kind = Objects.requireNonNull(kind);
    this.code = Objects.requireNonNull(code);
    this.fieldErrors = List.copyOf(fieldErrors.subList(0, Math.min(fieldErrors.size(), MAX_LISTED_ERRORS)));
    this.unlistedErrors = unlistedErrors + fieldErrors.size() - this.fieldErrors.size();
    this.title = title == null ? null : shortened(title, MAX_TITLE_LENGTH);
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public Kind kind() {
    return kind;
  }

  /** A stable, machine-readable name for the problem, such as {@code last-owner}. */
  public String code() {
    return code;
  }

  /** The human-readable explanation. */
  public String detail() {
    return getMessage();
  }

  /** The field errors listed (at most {@link #MAX_LISTED_ERRORS}). */
  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }

  /** How many more field errors the request had than {@link #fieldErrors()} lists. */
  public int unlistedErrors() {
    return unlistedErrors;
  }

  /** A title naming this very problem, when the status's own title would say too little. */
  public Optional<String> title() {
    return Optional.ofNullable(title);
  }

  /** The per-org limit that was reached, for {@link OrgCap} problems. */
  public OptionalInt limit() {
    return limit == null ? OptionalInt.empty() : OptionalInt.of(limit);
  }

  /** How soon the same request may succeed, when waiting is all it takes (a request still running, a lost race). */
  public OptionalInt retryAfterSeconds() {
    return retryAfterSeconds == null ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds);
  }

  /** This problem, saying that the same request may succeed after {@code seconds}. */
  public DomainException retryAfter(int seconds) {
    return new DomainException(kind, code, detail(), fieldErrors, unlistedErrors, title, limit, seconds);
  }

  public static DomainException invalid(String detail) {
    return new DomainException(Kind.INVALID, "invalid-request", detail, List.of());
  }

  public static DomainException invalidField(String field, String message) {
    return invalidFields(List.of(new FieldError(field, message)));
  }

  public static DomainException invalidFields(List<FieldError> errors) {
    return invalidFields(errors, errors.size());
  }

  /**
   * A 400 for {@code count} field errors of which {@code errors} are the first ones found (a caller
   * that finds very many need not keep more than {@link #MAX_LISTED_ERRORS}). The detail names the
   * listed ones and says how many more there were.
   */
  public static DomainException invalidFields(List<FieldError> errors, int count) {
    if (errors.isEmpty() || count < errors.size()) {
      throw new IllegalArgumentException("needs the first errors of at least as many: " + errors.size() + " of "
          + count);
    }
    List<FieldError> listed = errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS));
    int unlisted = count - listed.size();
    String more = unlisted == 0 ? "" : "; and " + unlisted + " more error" + (unlisted == 1 ? "" : "s")
        + " not listed";
    StringBuilder detail = new StringBuilder();
    for (FieldError error : listed) {
      if (detail.length() > 0) {
        detail.append("; ");
      }
      detail.append(error.field()).append(": ").append(error.message());
      if (detail.length() > MAX_DETAIL_LENGTH) {
        break;
      }
    }
    String text = shortened(detail.toString(), MAX_DETAIL_LENGTH - more.length()) + more;
    return new DomainException(Kind.INVALID, "invalid-request", text, listed, unlisted, null, null, null);
  }

  public static DomainException unauthenticated(String detail) {
    return new DomainException(Kind.UNAUTHENTICATED, "unauthenticated", detail, List.of());
  }

  public static DomainException forbidden(String code, String detail) {
    return new DomainException(Kind.FORBIDDEN, code, detail, List.of());
  }

  public static DomainException notFound(String detail) {
    return new DomainException(Kind.NOT_FOUND, "not-found", detail, List.of());
  }

  public static DomainException conflict(String code, String detail) {
    return new DomainException(Kind.CONFLICT, code, detail, List.of());
  }

  public static DomainException gone(String code, String detail) {
    return new DomainException(Kind.GONE, code, detail, List.of());
  }

  public static DomainException unprocessable(String code, String detail) {
    return new DomainException(Kind.UNPROCESSABLE, code, detail, List.of());
  }

  /** A per-org cap is reached: a conflict with the org's state, which only removing something resolves. */
  public static DomainException capReached(String code, String title, String detail, int limit) {
    return new DomainException(Kind.CONFLICT, code, detail, List.of(), 0, title, limit, null);
  }

  public static DomainException tooLarge(String code, String detail) {
    return new DomainException(Kind.TOO_LARGE, code, detail, List.of());
  }

  public static DomainException unavailable(String code, String detail) {
    return new DomainException(Kind.UNAVAILABLE, code, detail, List.of());
  }

  /**
   * {@code text} as a problem may show it: at most {@code max} code points (a longer text is cut and
   * ends with an ellipsis), and a lone surrogate half, which no JSON or UTF-8 can carry, replaced by
   * U+FFFD. Used for every text of a problem, because many of them echo what the request sent.
   */
  public static String shortened(String text, int max) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    int codePoints = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int width = Character.charCount(codePoint);
      if (codePoints == max - 1 && i + width < text.length()) {
        // one more would fit, but not one more and the rest: end with the ellipsis
        out = out == null ? new StringBuilder(text.substring(0, i)) : out;
        return out.append(ELLIPSIS).toString();
      }
      boolean lone = codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
      if (lone && out == null) {
        out = new StringBuilder(text.substring(0, i));
      }
      if (out != null) {
        out.appendCodePoint(lone ? 0xfffd : codePoint);
      }
      codePoints++;
      i += width;
    }
    return out == null ? text : out.toString();
  }
}
