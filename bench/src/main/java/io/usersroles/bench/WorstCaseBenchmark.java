package io.usersroles.bench;

import io.usersroles.access.Check;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.Decision;
import io.usersroles.access.PermissionEngine;
import io.usersroles.access.RoleHolder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code check_worst_case_us}: one decision of the pure engine on {@link WorstCase} (100 roles of the
 * largest accepted size, every glob tried against a path of up to 1,024 characters), for each of its
 * shapes, sampled one by one; the key is the largest 99th percentile.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WorstCaseBenchmark {
  /** A {@link WorstCase.Shape}, by name (JMH's generated code cannot see the package-private type). */
  @Param({"SHORT_RUNS", "LONG_RUNS", "ALTERNATING", "SPELLINGS", "SUBSEQUENCES", "SHORT_SUBSEQUENCES"})
  public String shape;

  private PermissionEngine engine;
  private CompiledRoles catalog;
  private RoleHolder holder;
  private Check check;

  @Setup
  public void compile() {
    engine = new PermissionEngine();
    catalog = WorstCase.catalog(WorstCase.Shape.valueOf(shape));
    holder = WorstCase.holder();
    check = WorstCase.check(WorstCase.Shape.valueOf(shape));
    if (engine.decide(catalog, holder, check).allowed()) {
      throw new IllegalStateException("the worst case must be denied, so that every glob is tried");
    }
  }

  @Benchmark
  public Decision decide() {
    return engine.decide(catalog, holder, check);
  }
}
