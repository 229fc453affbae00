package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.StepResult;

import java.util.List;
import java.util.Map;

/**
 * The fan-out of {@code fanout} through a cluster: by default the single in-memory node ({@code hub}, the
 * baseline) against {@code hub-cluster}, whose nodes share Redis. Connection {@code i} goes to node
 * {@code i % n} and every publish to the first node, so every delivery on the other nodes crosses Redis.
 * The rates give the same deliveries per second as {@code fanout}'s on a fifth of the subscribers, which
 * leaves the per-message cost of the Redis round trip visible.
 */
final class ClusterScenario implements Scenario {

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public String summary() {
    return "the fan-out through two hub nodes sharing Redis (subscribers on both, publishes to one) "
      + "against one in-memory node";
  }

  @Override
  public Map<String, String> defaults() {
    return Map.of(
      "targets", "hub,hub-cluster",
      "connections", "2000",
      "rates", "25,50",
      "seconds", "10",
      "saturation", "60,80,100,125,160,200",
      "ramp-seconds", "5");
  }

  @Override
  public List<StepResult> run(BenchRun run) throws Exception {
    return FanoutScenario.fanOut(run);
  }
}
