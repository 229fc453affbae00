package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchOptions;
import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.StepResult;
import dev.realtimehub.bench.load.Fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many small channels: {@code channels} × {@code per-channel} WebSockets, one subscription each; the
 * publisher cycles through the channels, so every message reaches {@code per-channel} subscribers.
 */
final class ChannelsScenario implements Scenario {

  @Override
  public String name() {
    return "channels";
  }

  @Override
  public String summary() {
    return "many channels with a few WebSocket subscribers each, published to round-robin";
  }

  @Override
  public Map<String, String> defaults() {
    return Map.of(
      "channels", "1000",
      "per-channel", "10",
      "rates", "1000,4000",
      "seconds", "10");
  }

  @Override
  public List<StepResult> run(BenchRun run) throws Exception {
    BenchOptions options = run.options();
    int channels = options.integer("channels");
    int perChannel = options.integer("per-channel");
    Fleet fleet = run.openWebSockets(channels * perChannel, i -> List.of(channel(i % channels)));
    List<StepResult> steps = new ArrayList<>();
    steps.add(run.connected("connect " + Labels.count(channels * perChannel) + " WebSockets", fleet));
    List<Double> rates = options.decimals("rates");
    run.warmUp(fleet, rates.get(0), n -> channel(n % channels));
    for (double rate : rates) {
      steps.add(run.measure(Labels.count(channels) + " channels × " + perChannel + " at " + Labels.rate(rate), fleet,
        rate, options.decimal("seconds"), n -> channel(n % channels)));
    }
    return steps;
  }

  private static String channel(long k) {
    return FanoutScenario.CHANNEL + "." + k;
  }
}
