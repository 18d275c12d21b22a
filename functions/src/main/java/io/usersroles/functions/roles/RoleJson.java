package io.usersroles.functions.roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Action;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.domain.DomainException;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.RequestBody;
import io.usersroles.service.RoleInput;
import io.usersroles.service.RoleService;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Roles on the wire: the request body of POST/PUT and the role object of every answer. */
final class RoleJson {
  private static final Set<String> FILE_FIELDS = Set.of("project", "path", "permissions");
  private static final int MAX_FILE_PERMISSIONS = 50;

  private RoleJson() {}

  static RoleInput parse(HttpRequest request) {
    RequestBody body = RequestBody.of(request);
    String name = body.requiredString("name");
    String description = body.optionalString("description", true).orElse("");
    List<String> idpGroups = body.optionalStringList("idpGroups").orElse(List.of());
    List<String> users = body.optionalStringList("users").orElse(List.of());
    boolean allProjects = body.optionalBoolean("allProjects").orElse(false);
    List<String> projects = body.optionalStringList("projects").orElse(List.of());
    List<String> permissions = body.optionalStringList("permissions").orElse(List.of());
    List<RoleInput.File> files = new ArrayList<>();
    if (body.has("filePermissions")) {
      JsonNode array = body.required("filePermissions");
      if (!array.isArray() || array.size() > MAX_FILE_PERMISSIONS) {
        throw DomainException.invalidField("filePermissions", "must be an array of at most " + MAX_FILE_PERMISSIONS
            + " objects");
      }
      for (int i = 0; i < array.size(); i++) {
        files.add(file(array.get(i), "filePermissions[" + i + "]"));
      }
    }
    body.rejectUnknownFields();
    return new RoleInput(name, description, idpGroups, users, allProjects, projects, permissions, files);
  }

  private static RoleInput.File file(JsonNode node, String field) {
    if (!node.isObject()) {
      throw DomainException.invalidField(field, "must be an object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FILE_FIELDS.contains(name)) {
        throw DomainException.invalidField(field + "." + name, "is not a field of a file permission");
      }
    }
    JsonNode project = node.get("project");
    JsonNode path = node.get("path");
    if (project == null || !project.isTextual()) {
      throw DomainException.invalidField(field + ".project", "is required and must be a string");
    }
    if (path == null || !path.isTextual()) {
      throw DomainException.invalidField(field + ".path", "is required and must be a string");
    }
    JsonNode permissions = node.get("permissions");
    if (permissions == null) {
      throw DomainException.invalidField(field + ".permissions", "is required");
    }
    return new RoleInput.File(project.textValue(), path.textValue(),
        RequestBody.stringList(field + ".permissions", permissions));
  }

  static ObjectNode of(RoleService.RoleView view) {
    ObjectNode json = Json.object();
    json.put("id", view.id());
    json.put("name", view.name());
    json.put("builtIn", view.builtIn());
    if (view.custom().isPresent()) {
      CustomRole role = view.custom().get();
      json.put("description", role.description());
      strings(json.putArray("idpGroups"), role.idpGroups());
      strings(json.putArray("users"), view.users());
      json.put("allProjects", role.allProjects());
      strings(json.putArray("projects"), role.projects());
      actions(json.putArray("permissions"), role.permissions());
      ArrayNode files = json.putArray("filePermissions");
      for (FilePermission grant : role.filePermissions()) {
        ObjectNode file = files.addObject().put("project", grant.project()).put("path", grant.path());
        actions(file.putArray("permissions"), grant.permissions());
      }
    } else {
      json.put("description", "Built-in role");
      json.putArray("idpGroups");
      strings(json.putArray("users"), view.users());
      json.put("allProjects", view.id().equals("owner"));
      json.putArray("projects");
      actions(json.putArray("permissions"), view.builtInPermissions());
      json.putArray("filePermissions");
    }
    return json;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void actions(ArrayNode array, Set<Action> actions) {
    for (Action action : Action.values()) {
      if (actions.contains(action)) {
        array.add(action.wireName());
      }
    }
  }
}
