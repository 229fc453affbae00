package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchOptions;
import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.StepResult;
import dev.realtimehub.bench.load.Fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Many WebSocket subscribers on one channel: the fixed rates, then a ramp to saturation. */
final class FanoutScenario implements Scenario {

  static final String CHANNEL = "public.bench";

  @Override
  public String name() {
    return "fanout";
  }

  @Override
  public String summary() {
    return "WebSocket subscribers on one channel, published to at fixed rates, then a ramp to saturation";
  }

  @Override
  public Map<String, String> defaults() {
    return Map.of(
      "connections", "10000",
      "rates", "5,10",
      "seconds", "10",
      "saturation", "12,16,20,25,32,40,50,64,80",
      "ramp-seconds", "5");
  }

  @Override
  public List<StepResult> run(BenchRun run) throws Exception {
    return fanOut(run);
  }

  /** Opens the subscribers on {@link #CHANNEL}, runs the fixed rates, then the saturation ramp. */
  static List<StepResult> fanOut(BenchRun run) throws Exception {
    BenchOptions options = run.options();
    int connections = options.integer("connections");
    Fleet fleet = run.openWebSockets(connections, i -> List.of(CHANNEL));
    List<StepResult> steps = new ArrayList<>();
    steps.add(run.connected("connect " + Labels.count(connections) + " WebSockets", fleet));
    List<Double> rates = options.decimals("rates");
    run.warmUp(fleet, rates.get(0), n -> CHANNEL);
    for (double rate : rates) {
      steps.add(run.measure(Labels.count(connections) + " subscribers × " + Labels.rate(rate), fleet, rate,
        options.decimal("seconds"), n -> CHANNEL));
    }
    steps.addAll(Saturation.ramp(run, fleet, CHANNEL, connections));
    return steps;
  }
}
