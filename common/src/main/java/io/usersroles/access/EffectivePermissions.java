package io.usersroles.access;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a principal may do in an organisation, as one answer instead of one check at a time: the
 * union of what its roles grant, implications expanded, each list sorted (actions by wire name, role
 * ids, projects, then file globs), and nothing said twice. Read together, the parts allow exactly
 * what {@link PermissionEngine#decide} allows for the same roles:
 *
 * <ul>
 *   <li>{@code account}: account-level actions granted on every resource;
 *   <li>{@code allProjects}: project-level actions granted on every project;
 *   <li>{@code projects}: project-level actions granted on one project, beyond {@code allProjects};
 *   <li>{@code files}: document actions granted on the paths of one project that match a glob, beyond
 *       what {@code allProjects} and {@code projects} grant on that whole project;
 *   <li>{@code ownOnly}: account-level actions granted only on resources the principal owns
 *       ({@code projects:destructive}, compared with {@code resource.ownerId}) or created
 *       ({@code logs:view}, {@code terminal:access}, compared with {@code resource.creatorId}),
 *       and not already in {@code account}.
 * </ul>
 *
 * {@code roles} lists the roles this was computed from: the assigned roles that exist and the custom
 * roles the holder's IdP groups map to.
 */
public record EffectivePermissions(List<String> roles, List<Action> account, List<Action> allProjects,
    SortedMap<String, List<Action>> projects, List<FileGrant> files, List<Action> ownOnly) {

  public EffectivePermissions {
    roles = List.copyOf(roles);
    account = List.copyOf(account);
    allProjects = List.copyOf(allProjects);
    SortedMap<String, List<Action>> copy = new TreeMap<>();
    projects.forEach((project, actions) -> copy.put(project, List.copyOf(actions)));
    projects = Collections.unmodifiableSortedMap(copy);
    files = List.copyOf(files);
    ownOnly = List.copyOf(ownOnly);
  }

  /** Document actions granted on the files of {@code project} whose path matches the glob {@code path}. */
  public record FileGrant(String project, String path, List<Action> permissions) {
    public FileGrant {
      permissions = List.copyOf(permissions);
    }
  }

  /** The actions granted on {@code project} beyond {@code allProjects} (none when it is not listed). */
  public List<Action> onProject(String project) {
    return Optional.ofNullable(projects.get(project)).orElse(List.of());
  }

  /** Nothing at all (a principal holding no roles). */
  static EffectivePermissions none() {
    return new EffectivePermissions(List.of(), List.of(), List.of(), new TreeMap<>(), List.of(), List.of());
  }
}
