package io.usersroles.access;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The answer to one check, with the role that granted it or why nothing did. The reason is written
 * when first read: most decisions are taken to authorise a request and never explain themselves, and
 * spelling out a denial (the action, the project, the path) would cost a decision more than taking it.
 * A decision made with its reason never changes, so the engine shares those it can build ahead (an assigned
 * role's allow, the answer to someone holding no roles) instead of allocating one per check.
 */
public final class Decision {
  private final boolean allowed;
  private Supplier<String> explanation;
  /**
   * For the engine's most common denial ({@link #nothingGrants}): the check no role granted, its reason written from
   * it when first read. A field rather than a lambda capturing the check: one object per denial, not two.
   */
  private final Check denied;
  private String reason;

  private Decision(boolean allowed, String reason, Supplier<String> explanation) {
    this(allowed, reason, explanation, null);
  }

  private Decision(boolean allowed, String reason, Supplier<String> explanation, Check denied) {
    this.allowed = allowed;
    this.reason = reason;
    this.explanation = explanation;
    this.denied = denied;
  }

  static Decision allow(String reason) {
    return new Decision(true, Objects.requireNonNull(reason), null);
  }

  static Decision allow(Supplier<String> explanation) {
    return new Decision(true, null, explanation);
  }

  static Decision deny(String reason) {
    return new Decision(false, Objects.requireNonNull(reason), null);
  }

  /** The denial of {@code check} when no role of the principal grants it ({@link PermissionEngine#nothingGrants}). */
  static Decision nothingGrants(Check check) {
    return new Decision(false, null, null, Objects.requireNonNull(check));
  }

  public boolean allowed() {
    return allowed;
  }

  /** Which role granted the action and how, or why no role did. */
  public String reason() {
    String result = reason;
    if (result == null) {
      // a race writes the same text twice; a String is safely published
      result = explanation != null ? explanation.get() : PermissionEngine.nothingGrants(denied);
      reason = result;
    }
    return result;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Decision that && allowed == that.allowed && reason().equals(that.reason());
  }

  @Override
  public int hashCode() {
    return Objects.hash(allowed, reason());
  }

  @Override
  public String toString() {
    return "Decision[allowed=" + allowed + ", reason=" + reason() + "]";
  }
}
