package io.usersroles.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.access.Action;
import io.usersroles.access.Check;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.access.PermissionEngine;
import io.usersroles.access.Resource;
import io.usersroles.access.RoleHolder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.casbin.jcasbin.main.CachedEnforcer;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.util.BuiltInFunctions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our engine and the jCasbin model of engine_vs_casbin_ratio decide every question of the peer
 * workload the same way, in each configuration the benchmark measures; the workload is what its
 * description says; and the rewritten globs match the paths ours match.
 */
class PeerAgreementTest {
  private static PeerWorkload workload;

  @BeforeAll
  static void build() {
    workload = PeerWorkload.build();
  }

  @Test
  void bothEnginesDecideEveryBenchmarkQuestionAlike() {
    for (String engine : PeerComparison.LABELS.keySet()) {
      var decider = PeerBenchmark.decider(engine, workload);
      List<String> disagreements = new ArrayList<>();
      for (int i = 0; i < workload.queries.size(); i++) {
        PeerWorkload.Query query = workload.queries.get(i);
        if (decider.test(i) != query.allowed()) {
          disagreements.add(query.toString());
        }
      }
      assertThat(disagreements).as(engine).isEmpty();
    }
  }

  @Test
  void theWorkloadIsHalfAllowedAndAQuarterAboutPaths() {
    List<PeerWorkload.Query> queries = workload.queries;
    assertThat(queries).hasSize(PeerWorkload.QUERIES);
    assertThat(queries).doesNotHaveDuplicates();
    assertThat(queries.stream().filter(PeerWorkload.Query::allowed).count()).isEqualTo(PeerWorkload.QUERIES / 2);
    assertThat(queries.stream().filter(q -> !q.path().isEmpty()).count()).isEqualTo(PeerWorkload.QUERIES / 4);
    assertThat(queries.stream().filter(q -> !q.path().isEmpty() && q.allowed()).count())
        .isEqualTo(PeerWorkload.QUERIES / 8);
    assertThat(queries).allMatch(q -> q.orgId().equals(workload.org().id()));
    assertThat(workload.orgs).hasSize(PeerWorkload.ORGS);
    for (PeerWorkload.Org org : workload.orgs) {
      assertThat(org.roles()).hasSize(PeerWorkload.ROLES);
      assertThat(org.rolesOfUser()).hasSize(PeerWorkload.USERS);
      assertThat(org.rolesOfUser().values()).allMatch(roles -> roles.size() == 2 && Set.copyOf(roles).size() == 2);
    }
  }

  @Test
  void theRewrittenGlobsMatchWhatOursMatch() {
    Map<String, List<String>> cases = Map.of(
        "src/**/*.java", List.of("src/Main.java", "src/a/Main.java", "src/a/b/c/Main.java", "src/Main.kt",
            "lib/src/Main.java", "src/a/Main.java/x"),
        "docs/*/team-1/**", List.of("docs/x/team-1", "docs/x/team-1/a", "docs/x/team-1/a/b.md", "docs/team-1/a",
            "docs/x/y/team-1/a", "docs/x/team-12/a"),
        "**/build.gradle", List.of("build.gradle", "a/build.gradle", "a/b/build.gradle", "a/build.gradle.kts"),
        "**", List.of("a", "a/b/c"),
        "a**b/*", List.of("ab/x", "aXXb/x", "a/b/x", "ab/x/y"),
        "assets/**/**/team-3-*.png", List.of("assets/team-3-a.png", "assets/x/y/team-3-.png", "assets/team-3.png"),
        "odd/{x,y}/[ab]?.+(1)|$^", List.of("odd/{x,y}/[ab]?.+(1)|$^", "odd/x/a1.+(1)|$^", "odd/{x,y}/[ab]?.+(1)|$"),
        "a/**/b/**/c", List.of("a/b/c", "a/x/b/y/c", "a/b/x/c", "a/c", "a/b/b/c/c"));
    PermissionEngine engine = new PermissionEngine();
    cases.forEach((glob, paths) -> {
      CompiledRoles roles = CompiledRoles.compile(List.of(new CustomRole("rol_glob", "Globs", "", List.of(), false,
          List.of(), Set.of(), List.of(new FilePermission("p", glob, Set.of(Action.DOCUMENTS_VIEW_CONTENT))))));
      RoleHolder holder = RoleHolder.member("usr_glob", List.of("rol_glob"), Set.of());
      for (String path : paths) {
        boolean ours = engine.decide(roles, holder, Check.of("", "documents:view-content", Resource.file("p", path)))
            .allowed();
        assertThat(BuiltInFunctions.globMatch(path, CasbinModel.glob(glob))).as(glob + " on " + path + " as "
            + CasbinModel.glob(glob)).isEqualTo(ours);
      }
    });
  }

  @Test
  void everyEnforcerKindLoadsTheModel() {
    assertThat(CasbinModel.enforcer(Enforcer::new, List.of(workload.org())).getPolicy()).isNotEmpty();
    assertThat(CasbinModel.enforcer(CachedEnforcer::new, List.of(workload.org())).getPolicy()).isNotEmpty();
  }
}
