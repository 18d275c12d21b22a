package io.usersroles.bench;

import io.usersroles.access.Check;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.PermissionEngine;
import io.usersroles.access.RoleHolder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code engine_decisions_per_sec}: the pure engine deciding a mix of checks (file globs that match
 * and miss, project scopes, org-wide actions) for a member holding three of 50 custom roles, on one
 * thread. One operation is one decision.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {
  static final int ROLES = 50;

  private PermissionEngine engine;
  private CompiledRoles catalog;
  private RoleHolder holder;
  private Check[] checks;

  @Setup
  public void compile() {
    engine = new PermissionEngine();
    catalog = Scenario.catalog(ROLES);
    holder = Scenario.holder(ROLES);
    checks = Scenario.checks(ROLES).toArray(Check[]::new);
    if (checks.length != 8) {
      throw new IllegalStateException("OperationsPerInvocation below counts 8 checks");
    }
  }

  @Benchmark
  @OperationsPerInvocation(8)
  public void decide(Blackhole decisions) {
    for (Check check : checks) {
      decisions.consume(engine.decide(catalog, holder, check));
    }
  }
}
