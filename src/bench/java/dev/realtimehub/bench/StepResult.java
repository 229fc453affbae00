package dev.realtimehub.bench;

import java.util.EnumMap;
import java.util.Map;

/**
 * The figures of one step of a scenario against one server. Steps with the same label are compared
 * across servers; {@code detail} steps (a saturation ramp) are printed in a compact table of their own.
 */
public record StepResult(String label, boolean detail, Map<Figure, Double> figures) {

  public StepResult {
    figures = new EnumMap<>(figures);
  }

  public static StepResult of(String label, Map<Figure, Double> figures) {
    return new StepResult(label, false, figures);
  }

  public double get(Figure figure) {
    return figures.getOrDefault(figure, Double.NaN);
  }

  public StepResult asDetail() {
    return new StepResult(label, true, figures);
  }

  public StepResult relabel(String newLabel) {
    return new StepResult(newLabel, false, figures);
  }

  /**
   * Whether delivery fell behind the publish rate: the median second delivered under 95% of what was
   * owed, or messages were lost, or the server closed connections.
   */
  public boolean fellBehind(int subscribers) {
    return get(Figure.DELIVERED_PER_SECOND) < 0.95 * get(Figure.RATE) * subscribers
      || get(Figure.LOST) > 0
      || get(Figure.CLOSED_BY_SERVER) > 0;
  }
}
