package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.StepResult;
import dev.realtimehub.bench.load.Fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One subscriber at a modest rate: the latency floor of publish through delivery. */
final class LatencyScenario implements Scenario {

  @Override
  public String name() {
    return "latency";
  }

  @Override
  public String summary() {
    return "one WebSocket subscriber: the publish-to-delivery latency floor";
  }

  @Override
  public Map<String, String> defaults() {
    return Map.of(
      "connections", "1",
      "rates", "100",
      "seconds", "10");
  }

  @Override
  public List<StepResult> run(BenchRun run) throws Exception {
    int connections = run.options().integer("connections");
    String channel = FanoutScenario.CHANNEL;
    Fleet fleet = run.openWebSockets(connections, i -> List.of(channel));
    List<StepResult> steps = new ArrayList<>();
    List<Double> rates = run.options().decimals("rates");
    run.warmUp(fleet, rates.get(0), n -> channel);
    for (double rate : rates) {
      steps.add(run.measure(Labels.count(connections) + " subscriber × " + Labels.rate(rate), fleet, rate,
        run.options().decimal("seconds"), n -> channel));
    }
    return steps;
  }
}
