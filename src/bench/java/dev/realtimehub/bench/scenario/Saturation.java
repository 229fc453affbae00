package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.Figure;
import dev.realtimehub.bench.StepResult;
import dev.realtimehub.bench.load.Fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Raises the publish rate step by step until delivery falls behind, and reports the step that delivered
 * the most as {@code saturation}. The ramp stops at the first step behind, so a server that sheds load
 * (closing slow consumers) is not driven further.
 */
final class Saturation {

  static final String LABEL = "saturation (best ramp step)";

  private Saturation() {
  }

  static List<StepResult> ramp(BenchRun run, Fleet fleet, String channel, int subscribers) {
    List<Double> rates = run.options().decimals("saturation");
    double seconds = run.options().decimal("ramp-seconds");
    LongFunction<String> channelOf = n -> channel;
    List<StepResult> steps = new ArrayList<>();
    StepResult best = null;
    for (double rate : rates) {
      StepResult step = run.measure("ramp " + Labels.rate(rate), fleet, rate, seconds, channelOf);
      steps.add(step.asDetail());
      if (best == null || step.get(Figure.DELIVERED_PER_SECOND) > best.get(Figure.DELIVERED_PER_SECOND)) {
        best = step;
      }
      if (step.fellBehind(subscribers)) {
        break;
      }
    }
    if (best != null) {
      steps.add(best.relabel(LABEL));
    }
    return steps;
  }
}
