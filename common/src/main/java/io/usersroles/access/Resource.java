package io.usersroles.access;

import java.util.Optional;

/**
 * What a check is about: the project (required for project-level actions), a file path inside it
 * (for file permissions), and the owner or creator of the resource (for the "own only" grants).
 */
public record Resource(Optional<String> project, Optional<String> path, Optional<String> ownerId,
    Optional<String> creatorId) {
  public static final Resource NONE = new Resource(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty());

  public static Resource project(String project) {
    return new Resource(Optional.of(project), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static Resource file(String project, String path) {
    return new Resource(Optional.of(project), Optional.of(path), Optional.empty(), Optional.empty());
  }

  public static Resource ownedBy(String ownerId) {
    return new Resource(Optional.empty(), Optional.empty(), Optional.of(ownerId), Optional.empty());
  }

  public static Resource createdBy(String creatorId) {
    return new Resource(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(creatorId));
  }
}
