package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchOptions;
import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.StepResult;
import dev.realtimehub.bench.load.Fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fan-out over server-sent events: one channel, many {@code /sse} streams. */
final class SseScenario implements Scenario {

  @Override
  public String name() {
    return "sse";
  }

  @Override
  public String summary() {
    return "SSE streams on one channel, published to at fixed rates, then a ramp to saturation";
  }

  @Override
  public Map<String, String> defaults() {
    return Map.of(
      "connections", "10000",
      "rates", "5,10",
      "seconds", "10",
      "saturation", "16,25",
      "ramp-seconds", "5");
  }

  @Override
  public List<StepResult> run(BenchRun run) throws Exception {
    BenchOptions options = run.options();
    int connections = options.integer("connections");
    String channel = FanoutScenario.CHANNEL;
    Fleet fleet = run.openEventStreams(connections, i -> List.of(channel));
    List<StepResult> steps = new ArrayList<>();
    steps.add(run.connected("open " + Labels.count(connections) + " SSE streams", fleet));
    List<Double> rates = options.decimals("rates");
    run.warmUp(fleet, rates.get(0), n -> channel);
    for (double rate : rates) {
      steps.add(run.measure(Labels.count(connections) + " streams × " + Labels.rate(rate), fleet, rate,
        options.decimal("seconds"), n -> channel));
    }
    steps.addAll(Saturation.ramp(run, fleet, channel, connections));
    return steps;
  }
}
