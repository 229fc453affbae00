package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.StepResult;
import dev.realtimehub.bench.load.Fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * As many idle WebSockets as one process may hold (the open-file limit here is 20 000 per process, so
 * 19 000 leaves room for the rest), each subscribed to one channel; reports memory per connection, then
 * checks with a few messages that every connection is still served.
 */
final class IdleScenario implements Scenario {

  @Override
  public String name() {
    return "idle";
  }

  @Override
  public String summary() {
    return "idle subscribed WebSockets up to the per-process file limit: memory per connection";
  }

  @Override
  public Map<String, String> defaults() {
    return Map.of(
      "connections", "19000",
      "rates", "1",
      "seconds", "3");
  }

  @Override
  public List<StepResult> run(BenchRun run) throws Exception {
    int connections = run.options().integer("connections");
    String channel = FanoutScenario.CHANNEL;
    Fleet fleet = run.openWebSockets(connections, i -> List.of(channel));
    List<StepResult> steps = new ArrayList<>();
    steps.add(run.connected("hold " + Labels.count(connections) + " idle WebSockets", fleet));
    double rate = run.options().decimals("rates").get(0);
    steps.add(run.measure("still served: " + Labels.rate(rate), fleet, rate, run.options().decimal("seconds"),
      n -> channel));
    return steps;
  }
}
