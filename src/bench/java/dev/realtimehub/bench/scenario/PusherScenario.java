package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.StepResult;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fan-out of {@code fanout} over the Pusher protocol: the same hub node with native WebSocket clients
 * ({@code hub}, the baseline) and with pusher-js-shaped clients on {@code /app/{key}} ({@code hub-pusher}). The
 * core does the work once; what differs is the adapter's translation and the frame each connection gets.
 */
final class PusherScenario implements Scenario {

  @Override
  public String name() {
    return "pusher";
  }

  @Override
  public String summary() {
    return "the fan-out to Pusher-protocol clients on /app/{key} against native WebSocket clients of the same hub";
  }

  @Override
  public Map<String, String> defaults() {
    Map<String, String> defaults = new HashMap<>(new FanoutScenario().defaults());
    defaults.put("targets", "hub,hub-pusher");
    return defaults;
  }

  @Override
  public List<StepResult> run(BenchRun run) throws Exception {
    return FanoutScenario.fanOut(run);
  }
}
