package io.usersroles.service;

import io.usersroles.access.Action;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.access.PathGlob;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Text;
import io.usersroles.store.CustomRolesItem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A custom role as a create or replace request describes it (both replace everything), and the rules
 * that make it a {@link CustomRole}: lengths, valid Unicode, known actions, well-formed globs, and a
 * stored size that lets 100 roles share the org's one item.
 */
public record RoleInput(String name, String description, List<String> idpGroups, List<String> users,
    boolean allProjects, List<String> projects, List<String> permissions, List<File> filePermissions) {
  private static final int MAX_NAME = 100;
  private static final int MAX_DESCRIPTION = 1000;
  private static final int MAX_LIST = 200;
  private static final int MAX_ITEM = 256;
  private static final int MAX_FILE_PERMISSIONS = 50;

  /** One file permission as a request describes it. */
  public record File(String project, String path, List<String> permissions) {}

  /** The role this input describes, under {@code id}; invalid input is a 400 naming the field. */
  CustomRole toRole(String id) {
    String validName = Text.requireDisplayText("name", name, MAX_NAME);
    String validDescription = description == null || description.isEmpty() ? ""
        : Text.requireDisplayText("description", description, MAX_DESCRIPTION);
    List<String> groups = items("idpGroups", idpGroups);
    List<String> projectIds = items("projects", projects);
    items("users", users);
    Set<Action> actions = actions("permissions", permissions, false);
    if (filePermissions.size() > MAX_FILE_PERMISSIONS) {
      throw DomainException.invalidField("filePermissions", "at most " + MAX_FILE_PERMISSIONS + " entries");
    }
    List<FilePermission> files = new ArrayList<>();
    for (int i = 0; i < filePermissions.size(); i++) {
      files.add(file("filePermissions[" + i + "].", filePermissions.get(i)));
    }
    CustomRole role = new CustomRole(id, validName, validDescription, groups, allProjects, projectIds, actions, files);
    int size = CustomRolesItem.encodedSize(role);
    if (size > CustomRolesItem.MAX_ROLE_JSON_BYTES) {
      // every role stays this small so that 100 of them always fit in the org's one roles item
      throw DomainException.invalid("The role is too large: " + size + " bytes as stored, at most "
          + CustomRolesItem.MAX_ROLE_JSON_BYTES + "; use fewer or shorter groups, projects or file permissions");
    }
    return role;
  }

  private static FilePermission file(String prefix, File file) {
    if (file.project() == null || file.project().isBlank() || file.project().length() > MAX_ITEM
        || !Text.isWellFormed(file.project())) {
      throw DomainException.invalidField(prefix + "project", "is required (at most " + MAX_ITEM + " characters)");
    }
    PathGlob.compile(prefix + "path", file.path());
    Set<Action> granted = actions(prefix + "permissions", file.permissions(), true);
    if (granted.isEmpty()) {
      throw DomainException.invalidField(prefix + "permissions", "must name at least one documents:* action");
    }
    return new FilePermission(file.project(), file.path(), granted);
  }

  private static List<String> items(String field, List<String> values) {
    if (values.size() > MAX_LIST) {
      throw DomainException.invalidField(field, "at most " + MAX_LIST + " entries");
    }
    Set<String> unique = new LinkedHashSet<>();
    for (String value : values) {
      if (value == null || value.isBlank() || value.length() > MAX_ITEM || !Text.isWellFormed(value)) {
        throw DomainException.invalidField(field, "entries must be non-blank strings (valid Unicode) of at most "
            + MAX_ITEM + " characters");
      }
      unique.add(value);
    }
    return List.copyOf(unique);
  }

  private static Set<Action> actions(String field, List<String> names, boolean documentsOnly) {
    Set<Action> actions = EnumSet.noneOf(Action.class);
    List<String> unknown = new ArrayList<>();
    for (String name : names) {
      Optional<Action> action = Action.fromWire(name);
      if (action.isEmpty() || (documentsOnly && !action.get().isDocumentAction())) {
        unknown.add(name);
      } else {
        actions.add(action.get());
      }
    }
    if (!unknown.isEmpty()) {
      throw DomainException.invalidField(field, (documentsOnly ? "only documents:* actions are allowed, not: "
          : "unknown permission(s): ") + String.join(", ", unknown));
    }
    return actions;
  }
}
