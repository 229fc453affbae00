package dev.realtimehub.bench.scenario;

/** Step labels, identical for every server so the report can line them up. */
final class Labels {

  private Labels() {
  }

  static String rate(double rate) {
    return (rate == Math.rint(rate) ? String.format("%,d", (long) rate) : String.valueOf(rate)) + " msg/s";
  }

  static String count(int n) {
    return String.format("%,d", n);
  }
}
