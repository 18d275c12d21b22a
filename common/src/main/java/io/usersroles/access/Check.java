package io.usersroles.access;

import io.usersroles.domain.DomainException;
import java.util.Optional;

/**
 * One validated question "may the principal do {@code action} on {@code resource}?". Building it is
 * where bad input becomes a 400 (never a silent "no"): an unknown action, a project-level action
 * without a project, or a path that breaks the path rules.
 */
public record Check(Action action, Resource resource, String[] pathSegments) {
  /** Validates a check as it arrives on the wire; {@code fieldPrefix} names fields in errors (e.g. "checks[3]."). */
  public static Check of(String fieldPrefix, String actionName, Resource resource) {
    if (actionName == null || actionName.isEmpty()) {
      throw DomainException.invalidField(fieldPrefix + "action", "is required");
    }
    Action action = Action.fromWire(actionName)
        .orElseThrow(() -> DomainException.invalidField(fieldPrefix + "action", "is not an action of the catalog"));
    Optional<String> project = resource.project();
    if (project.isPresent() && project.get().isBlank()) {
      throw DomainException.invalidField(fieldPrefix + "resource.project", "must not be blank");
    }
    if (action.level() == Action.Level.PROJECT && project.isEmpty()) {
      throw DomainException.invalidField(fieldPrefix + "resource.project",
          "is required for the project-level action " + action.wireName());
    }
    String[] segments = null;
    if (resource.path().isPresent()) {
      if (project.isEmpty()) {
        throw DomainException.invalidField(fieldPrefix + "resource.path", "needs resource.project");
      }
      segments = ResourcePaths.segments(fieldPrefix + "resource.path", resource.path().get());
    }
    return new Check(action, resource, segments);
  }

  /** A check built in code (the handlers' own authorisation), which is valid by construction. */
  public static Check of(Action action) {
    if (action.level() != Action.Level.ACCOUNT) {
      throw new IllegalArgumentException(action.wireName() + " needs a project");
    }
    return new Check(action, Resource.NONE, null);
  }
}
