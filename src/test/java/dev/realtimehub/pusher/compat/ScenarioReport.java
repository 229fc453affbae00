package dev.realtimehub.pusher.compat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a Node scenario reported: one JSON object per stdout line, each with a {@code step}. A missing step fails
 * the test with the whole output, which carries the scenario's own error (for example "no pusher:member_added
 * within 5000 ms").
 */
final class ScenarioReport {

  private final String name;
  private final int exitCode;
  private final String stdout;
  private final String stderr;
  private final List<JsonObject> steps = new ArrayList<>();

  ScenarioReport(String name, int exitCode, String stdout, String stderr) {
    this.name = name;
    this.exitCode = exitCode;
    this.stdout = stdout;
    this.stderr = stderr;
    for (String line : stdout.split("\n")) {
      if (line.startsWith("{")) {
        try {
          steps.add(new JsonObject(line));
        } catch (DecodeException notReport) {
          // a library's log line that happens to start with a brace
        }
      }
    }
  }

  /** The first report of {@code step}; fails the test with the scenario's output when there is none. */
  JsonObject step(String step) {
    return steps.stream()
      .filter(line -> step.equals(line.getString("step")))
      .findFirst()
      .orElseGet(() -> fail("scenario " + name + " did not report '" + step + "'\n" + this));
  }

  /** Every report of {@code step}, in order. */
  List<JsonObject> all(String step) {
    return steps.stream().filter(line -> step.equals(line.getString("step"))).toList();
  }

  /** Fails unless the scenario ran to its end: exit code 0 and its "done" report. */
  void assertDone() {
    if (exitCode != 0 || all("done").isEmpty()) {
      fail("scenario " + name + " did not complete\n" + this);
    }
  }

  @Override
  public String toString() {
    String exit = exitCode == -1 ? "killed after its time limit" : "exit code " + exitCode;
    return "--- " + name + " (" + exit + ") stdout:\n" + stdout + "--- stderr:\n" + stderr;
  }
}
