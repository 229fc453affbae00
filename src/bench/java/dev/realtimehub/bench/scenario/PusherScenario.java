package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.StepResult;

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
    return Map.of(
      "targets", "hub,hub-pusher",
      "connections", "10000",
      "rates", "5,10",
      "seconds", "10",
      "saturation", "12,16,20,25,32,40",
      "ramp-seconds", "5");
  }

  @Override
  public List<StepResult> run(BenchRun run) throws Exception {
    return FanoutScenario.fanOut(run);
  }
}
