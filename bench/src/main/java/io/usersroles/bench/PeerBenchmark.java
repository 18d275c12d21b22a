package io.usersroles.bench;

import io.usersroles.access.Check;
import io.usersroles.access.PermissionEngine;
import io.usersroles.access.RoleHolder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.casbin.jcasbin.main.CachedEnforcer;
import org.casbin.jcasbin.main.Enforcer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code engine_vs_casbin_ratio}: decisions per second of our engine and of jCasbin on the same
 * questions ({@link PeerWorkload}), one question per operation, taken in turn. jCasbin runs in three
 * configurations and the best one counts: one enforcer holding every organisation (domains, as a
 * multi-tenant service would load it), an enforcer holding only the asked organisation (as our engine
 * compiles one org's roles), and that one as jCasbin's {@code CachedEnforcer}, asked every question once
 * before measuring: it answers an allowed question from its cache, and decides a denied one again (it
 * only returns cached results that are true).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
public class PeerBenchmark {
  static final String OURS = "users-and-roles";
  static final String CASBIN_ALL_ORGS = "casbin";
  static final String CASBIN_ONE_ORG = "casbin-one-org";
  static final String CASBIN_CACHED = "casbin-cached-one-org";

  @Param({OURS, CASBIN_ALL_ORGS, CASBIN_ONE_ORG, CASBIN_CACHED})
  public String engine;

  private IntPredicate decider;
  private int questions;
  private int next;

  @Setup
  public void build() {
    PeerWorkload workload = PeerWorkload.build();
    questions = workload.queries.size();
    decider = decider(engine, workload);
  }

  /** Question {@code i} of {@code workload} answered by {@code engine}. */
  static IntPredicate decider(String engine, PeerWorkload workload) {
    List<PeerWorkload.Query> queries = workload.queries;
    Object[][] requests = queries.stream().map(PeerWorkload.Query::casbinRequest).toArray(Object[][]::new);
    switch (engine) {
      case OURS -> {
        PermissionEngine permissions = new PermissionEngine();
        Check[] checks = queries.stream().map(PeerWorkload.Query::check).toArray(Check[]::new);
        RoleHolder[] holders = queries.stream().map(q -> workload.holder(q.userId())).toArray(RoleHolder[]::new);
        return i -> permissions.decide(workload.catalog, holders[i], checks[i]).allowed();
      }
      case CASBIN_ALL_ORGS -> {
        Enforcer enforcer = CasbinModel.enforcer(Enforcer::new, workload.orgs);
        return i -> enforcer.enforce(requests[i]);
      }
      case CASBIN_ONE_ORG -> {
        Enforcer enforcer = CasbinModel.enforcer(Enforcer::new, List.of(workload.org()));
        return i -> enforcer.enforce(requests[i]);
      }
      case CASBIN_CACHED -> {
        CachedEnforcer enforcer = CasbinModel.enforcer(CachedEnforcer::new, List.of(workload.org()));
        // every question asked once before measuring: the cache holds what it keeps (the allowed ones)
        for (Object[] request : requests) {
          enforcer.enforce(request);
        }
        return i -> enforcer.enforce(requests[i]);
      }
      default -> throw new IllegalArgumentException("no engine " + engine);
    }
  }

  @Benchmark
  public boolean decide() {
    int i = next;
    next = i + 1 == questions ? 0 : i + 1;
    return decider.test(i);
  }
}
