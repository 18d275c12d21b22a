package io.usersroles.access;

import java.util.Set;

/** A custom role's grant of {@code documents:*} actions on the files of one project matching a glob. */
public record FilePermission(String project, String path, Set<Action> permissions) {
  public FilePermission {
    permissions = Set.copyOf(permissions);
  }
}
