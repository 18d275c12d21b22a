package io.usersroles.bench;

import io.usersroles.access.Action;
import io.usersroles.access.BuiltInRole;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.util.Util;

/**
 * The peer workload in jCasbin: the model of {@code casbin/roles-with-domains.conf} and the policies
 * that say what our roles say, as faithfully as the model can (docs/benchmarks.md lists what it cannot:
 * IdP groups that arrive with each request, and the built-in roles' grants on one's own resources).
 */
final class CasbinModel {
  static final String MODEL_RESOURCE = "/casbin/roles-with-domains.conf";
  /** The path of a policy that covers a whole project, with or without a path (not a glob of ours). */
  static final String WHOLE_PROJECT = "/";
  /** The project of a policy that covers every project. */
  static final String EVERY_PROJECT = "*";

  private CasbinModel() {}

  static String modelText() {
    try (InputStream text = CasbinModel.class.getResourceAsStream(MODEL_RESOURCE)) {
      if (text == null) {
        throw new IllegalStateException(MODEL_RESOURCE + " is not on the classpath");
      }
      return new String(text.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An enforcer of kind {@code kind} (plain, cached ...) holding {@code orgs}: their built-in and
   * custom roles' policies and their users' roles; log off.
   */
  static <E extends Enforcer> E enforcer(Function<Model, E> kind, List<PeerWorkload.Org> orgs) {
    Util.enableLog = false; // what enableLog(false) sets, before the constructor logs the model
    Model model = new Model();
    model.loadModelFromText(modelText());
    E enforcer = kind.apply(model);
    List<List<String>> policies = new ArrayList<>();
    List<List<String>> links = new ArrayList<>();
    for (PeerWorkload.Org org : orgs) {
      for (BuiltInRole role : BuiltInRole.values()) {
        policies.addAll(policies(org.id(), role));
      }
      for (CustomRole role : org.roles()) {
        policies.addAll(policies(org.id(), role));
      }
      for (Map.Entry<String, List<String>> user : org.rolesOfUser().entrySet()) {
        for (String roleId : user.getValue()) {
          links.add(List.of(user.getKey(), roleId, org.id()));
        }
      }
    }
    enforcer.addPolicies(policies);
    enforcer.addNamedGroupingPolicies("g", links);
    enforcer.buildRoleLinks();
    return enforcer;
  }

  /**
   * A custom role's policies: one per action it implies (itself included) and scope, one per file
   * permission's implied action and glob.
   */
  static List<List<String>> policies(String orgId, CustomRole role) {
    List<List<String>> policies = new ArrayList<>();
    for (Action granted : role.permissions()) {
      for (Action action : implied(granted)) {
        if (action.level() == Action.Level.ACCOUNT || role.allProjects()) {
          policies.add(List.of(role.id(), orgId, EVERY_PROJECT, WHOLE_PROJECT, action.wireName()));
        } else {
          for (String project : role.projects()) {
            policies.add(List.of(role.id(), orgId, project, WHOLE_PROJECT, action.wireName()));
          }
        }
      }
    }
    for (FilePermission grant : role.filePermissions()) {
      String glob = glob(grant.path());
      for (Action granted : grant.permissions()) {
        for (Action action : implied(granted)) {
          policies.add(List.of(role.id(), orgId, grant.project(), glob, action.wireName()));
        }
      }
    }
    return policies;
  }

  /**
   * A built-in role's policies: what it grants whatever the resource. Its grants on the principal's
   * own projects and environments need the resource's owner in the request (casbin's ABAC), which this
   * model leaves out; the workload's users hold no built-in role.
   */
  static List<List<String>> policies(String orgId, BuiltInRole role) {
    List<List<String>> policies = new ArrayList<>();
    for (Action action : role.always()) {
      policies.add(List.of(role.id(), orgId, EVERY_PROJECT, WHOLE_PROJECT, action.wireName()));
    }
    return policies;
  }

  /**
   * The actions {@code granted} implies, itself first (docs/permissions.md): project:admin every
   * project-level action, documents:full the three other document actions, the two document edit
   * actions documents:view-content.
   */
  static List<Action> implied(Action granted) {
    List<Action> implied = new ArrayList<>(List.of(granted));
    switch (granted) {
      case PROJECT_ADMIN -> {
        for (Action action : Action.values()) {
          if (action.level() == Action.Level.PROJECT && action != granted) {
            implied.add(action);
          }
        }
      }
      case DOCUMENTS_FULL -> implied.addAll(List.of(Action.DOCUMENTS_EDIT_CONTENT, Action.DOCUMENTS_EDIT_VIEW,
          Action.DOCUMENTS_VIEW_CONTENT));
      case DOCUMENTS_EDIT_CONTENT, DOCUMENTS_EDIT_VIEW -> implied.add(Action.DOCUMENTS_VIEW_CONTENT);
      default -> { }
    }
    return implied;
  }

  /**
   * Our glob in casbin's glob syntax, matching the same valid paths. Ours: {@code *} is any run of
   * characters within a segment, a segment that is exactly {@code **} any number of whole segments,
   * zero included; every other character is literal. Casbin's ({@code Glob.toRegexPattern}): {@code *}
   * is {@code [^/]*}, {@code **} anywhere is {@code .*}, and {@code ? [ ] { } ,} are syntax. So a
   * middle or leading {@code **} segment becomes the group <code>{,**&#47;}</code> (nothing, or any
   * directories), a trailing one <code>{,/**}</code>, a lone one stays {@code **}, a run of stars inside
   * a segment becomes one star, and casbin's other syntax characters are escaped.
   */
  static String glob(String ours) {
    String[] segments = ours.split("/", -1);
    List<String> collapsed = new ArrayList<>(segments.length);
    for (String segment : segments) {
      if (!(segment.equals("**") && !collapsed.isEmpty() && collapsed.get(collapsed.size() - 1).equals("**"))) {
        collapsed.add(segment);
      }
    }
    if (collapsed.size() == 1 && collapsed.get(0).equals("**")) {
      return "**";
    }
    StringBuilder glob = new StringBuilder();
    for (int i = 0; i < collapsed.size(); i++) {
      String segment = collapsed.get(i);
      boolean last = i == collapsed.size() - 1;
      if (segment.equals("**")) {
        glob.append(last ? "{,/**}" : "{,**/}");
        continue;
      }
      for (int c = 0; c < segment.length(); c++) {
        char ch = segment.charAt(c);
        if (ch == '*') {
          if (c == 0 || segment.charAt(c - 1) != '*') {
            glob.append('*');
          }
        } else if ("?[]{},".indexOf(ch) >= 0) {
          glob.append('\\').append(ch);
        } else {
          glob.append(ch);
        }
      }
      // the separator after this segment, unless the next one is a ** that brings its own
      if (!last && !(collapsed.get(i + 1).equals("**") && i + 1 == collapsed.size() - 1)) {
        glob.append('/');
      }
    }
    return glob.toString();
  }
}
