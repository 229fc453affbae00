package dev.realtimehub.bench.scenario;

import java.util.List;
import java.util.Optional;

/** The scenarios the bench can run, by name. */
public final class Scenarios {

  private static final List<Scenario> ALL = List.of(
    new FanoutScenario(),
    new ChannelsScenario(),
    new IdleScenario(),
    new LatencyScenario(),
    new SseScenario(),
    new ClusterScenario(),
    new PusherScenario(),
    new WebhooksScenario());

  private Scenarios() {
  }

  public static List<Scenario> all() {
    return ALL;
  }

  public static Optional<Scenario> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
