package io.usersroles.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one exception domain code throws for an answer that is not a success. Its {@link Kind} says
 * what went wrong in product terms; the HTTP layer maps each kind to one status in one place.
 */
public final class DomainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

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

  /** One problem with one field of a request. */
  public record FieldError(String field, String message) {}

  private final Kind kind;
  private final String code;
  private final transient List<FieldError> fieldErrors;
  private final String title;
  private final Integer limit;
  private final Integer retryAfterSeconds;

  private DomainException(Kind kind, String code, String detail, List<FieldError> fieldErrors) {
    this(kind, code, detail, fieldErrors, null, null, null);
  }

  private DomainException(Kind kind, String code, String detail, List<FieldError> fieldErrors, String title,
      Integer limit, Integer retryAfterSeconds) {
    super(detail);
    this.kind = Objects.requireNonNull(kind);
    this.code = Objects.requireNonNull(code);
    this.fieldErrors = List.copyOf(fieldErrors);
    this.title = title;
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

  public List<FieldError> fieldErrors() {
    return fieldErrors;
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
    return new DomainException(kind, code, detail(), fieldErrors, title, limit, seconds);
  }

  public static DomainException invalid(String detail) {
    return new DomainException(Kind.INVALID, "invalid-request", detail, List.of());
  }

  public static DomainException invalidField(String field, String message) {
    return new DomainException(Kind.INVALID, "invalid-request", field + ": " + message,
        List.of(new FieldError(field, message)));
  }

  public static DomainException invalidFields(List<FieldError> errors) {
    StringBuilder detail = new StringBuilder();
    for (FieldError error : errors) {
      if (detail.length() > 0) {
        detail.append("; ");
      }
      detail.append(error.field()).append(": ").append(error.message());
    }
    return new DomainException(Kind.INVALID, "invalid-request", detail.toString(), errors);
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
    return new DomainException(Kind.CONFLICT, code, detail, List.of(), title, limit, null);
  }

  public static DomainException tooLarge(String code, String detail) {
    return new DomainException(Kind.TOO_LARGE, code, detail, List.of());
  }

  public static DomainException unavailable(String code, String detail) {
    return new DomainException(Kind.UNAVAILABLE, code, detail, List.of());
  }
}
