package dev.realtimehub.bench;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the results of one scenario as Markdown. The first target of the run is the baseline: the table
 * shows every other target, then the baseline, then each other target's ratio to it ({@code hub/ceiling} by
 * default, {@code hub-cluster/hub} for the cluster scenario).
 */
final class Report {

  private Report() {
  }

  static String render(String scenario, String summary, Machine machine, BenchOptions options,
                       Map<String, String> placements, Map<String, List<StepResult>> byTarget) {
    StringBuilder out = new StringBuilder();
    out.append("### `").append(scenario).append("`: ").append(summary).append("\n\n");
    out.append("- run: ").append(OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .substring(0, 19)).append(" UTC\n");
    out.append("- machine: ").append(machine.cpus()).append(" CPUs (").append(machine.cpuModel()).append("), ")
      .append(String.format("%,d", machine.memoryMb())).append(" MB, Linux ").append(machine.kernel())
      .append(", ").append(machine.java()).append(", open files per process ").append(machine.openFiles())
      .append("\n");
    out.append("- placement: servers `taskset -c ").append(options.string("server-core"))
      .append("`, generator on the other core; server JVM `").append(options.string("server-jvm"))
      .append("`; generator JVM `").append(machine.generatorJvm()).append("`; every process on Vert.x's native (epoll) ")
      .append("transport where the machine has it\n");
    placements.forEach((target, placement) -> out.append("  - `").append(target).append("`: ").append(placement)
      .append('\n'));
    out.append("- options: ").append(options.all()).append("\n\n");
    out.append(neighbourWarning(byTarget));
    List<String> targets = new ArrayList<>(byTarget.keySet());
    targets.add(targets.remove(0));
    mainTable(out, targets, byTarget);
    detailTable(out, targets, byTarget);
    return out.toString();
  }

  /** A shared machine makes every figure slower; say so above the table rather than let it pass as the hub's. */
  private static String neighbourWarning(Map<String, List<StepResult>> byTarget) {
    double worst = byTarget.values().stream().flatMap(List::stream)
      .mapToDouble(s -> nonNaN(s.get(Figure.OTHER_CPU)) + nonNaN(s.get(Figure.STEAL)))
      .max().orElse(0);
    if (worst < 20) {
      return "";
    }
    return String.format("> **The machine was not quiet during this run**: in the worst step other processes and the "
      + "hypervisor took %.0f%% of a core (see the last rows of each step). Absolute figures are then too slow; "
      + "compare ratios only between steps with similar neighbour load, and rerun on a quiet machine.%n%n", worst);
  }

  private static double nonNaN(double value) {
    return Double.isNaN(value) ? 0 : value;
  }

  /** {@code targets}: the compared targets, then the baseline last. */
  private static void mainTable(StringBuilder out, List<String> targets, Map<String, List<StepResult>> byTarget) {
    String baseline = targets.get(targets.size() - 1);
    List<String> compared = targets.subList(0, targets.size() - 1);
    int columns = targets.size() + compared.size();
    out.append("| step / figure |");
    targets.forEach(t -> out.append(' ').append(t).append(" |"));
    compared.forEach(t -> out.append(' ').append(t).append('/').append(baseline).append(" |"));
    out.append("\n|---|").append("---:|".repeat(columns)).append('\n');
    for (String label : labels(byTarget, false)) {
      out.append("| **").append(label).append("** |").append(" |".repeat(columns)).append('\n');
      for (Figure figure : Figure.values()) {
        List<Double> values = targets.stream().map(t -> value(byTarget.get(t), label, figure)).toList();
        if (values.stream().allMatch(v -> v.isNaN())) {
          continue;
        }
        out.append("| ").append(figure.label()).append(" |");
        values.forEach(v -> out.append(' ').append(v.isNaN() ? "–" : figure.format(v)).append(" |"));
        double base = values.get(values.size() - 1);
        values.subList(0, compared.size()).forEach(v -> out.append(' ')
          .append(base > 0 && !v.isNaN() ? String.format("%.2f", v / base) : "–").append(" |"));
        out.append('\n');
      }
    }
    out.append('\n');
  }

  private static void detailTable(StringBuilder out, List<String> targets, Map<String, List<StepResult>> byTarget) {
    if (labels(byTarget, true).isEmpty()) {
      return;
    }
    out.append("Saturation ramp (each step publishes for a fixed time, then waits for the backlog):\n\n");
    out.append("| target | publish msg/s | delivered msg/s | p50 ms | p99 ms | lost | closed by server |"
      + " server CPU % | CPU µs per frame |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String target : targets) {
      for (StepResult step : byTarget.get(target)) {
        if (!step.detail()) {
          continue;
        }
        out.append("| ").append(target).append(" | ")
          .append(Figure.RATE.format(step.get(Figure.RATE))).append(" | ")
          .append(Figure.DELIVERED_PER_SECOND.format(step.get(Figure.DELIVERED_PER_SECOND))).append(" | ")
          .append(Figure.LATENCY_P50.format(step.get(Figure.LATENCY_P50))).append(" | ")
          .append(Figure.LATENCY_P99.format(step.get(Figure.LATENCY_P99))).append(" | ")
          .append(Figure.LOST.format(step.get(Figure.LOST))).append(" | ")
          .append(Figure.CLOSED_BY_SERVER.format(step.get(Figure.CLOSED_BY_SERVER))).append(" | ")
          .append(Figure.SERVER_CPU.format(step.get(Figure.SERVER_CPU))).append(" | ")
          .append(Figure.SERVER_CPU_PER_FRAME.format(step.get(Figure.SERVER_CPU_PER_FRAME))).append(" |\n");
      }
    }
    out.append('\n');
  }

  private static Set<String> labels(Map<String, List<StepResult>> byTarget, boolean detail) {
    Set<String> labels = new LinkedHashSet<>();
    byTarget.values().forEach(steps -> steps.stream().filter(s -> s.detail() == detail)
      .forEach(s -> labels.add(s.label())));
    return labels;
  }

  private static Double value(List<StepResult> steps, String label, Figure figure) {
    return steps.stream().filter(s -> !s.detail() && s.label().equals(label)).findFirst()
      .map(s -> s.get(figure)).orElse(Double.NaN);
  }
}
