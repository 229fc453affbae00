package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.StepResult;

import java.util.List;
import java.util.Map;

/**
 * One named benchmark. The bench runs it once against each target of {@code --targets} in turn (by default
 * the ceiling, then the hub) with the same options and prints the steps side by side, each target against the
 * first; steps with equal labels are compared. Adding a scenario is one class and one line in {@link Scenarios}.
 */
public interface Scenario {

  String name();

  /** One line for the usage text and the report heading. */
  String summary();

  /** The scenario's own options and defaults; {@code --name value} on the command line overrides them. */
  Map<String, String> defaults();

  /** Drives one server. Fleets opened through {@code run} are closed by the bench afterwards. */
  List<StepResult> run(BenchRun run) throws Exception;
}
