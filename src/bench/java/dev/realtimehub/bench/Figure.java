package dev.realtimehub.bench;

/** A figure a step can report, in the order the report prints them. */
public enum Figure {
  CONNECTIONS("connections open", "%,.0f"),
  CONNECT_FAILURES("connections failed", "%,.0f"),
  CONNECT_RATE("connect rate (conn/s)", "%,.0f"),
  SUBSCRIBE_SECONDS("subscribe all (s)", "%,.2f"),
  SERVER_RSS_MB("server RSS (MB)", "%,.0f"),
  HEAP_PER_CONNECTION("live heap per connection (bytes)", "%,.0f"),
  RSS_PER_CONNECTION("RSS per connection (bytes)", "%,.0f"),
  RATE("publish rate (msg/s)", "%,.0f"),
  DELIVERED_PER_SECOND("delivered msg/s (median of 1 s)", "%,.0f"),
  EXPECTED("deliveries expected", "%,.0f"),
  LOST("lost (expected - delivered after the wait)", "%,.0f"),
  LATENCY_P50("latency p50 (ms)", "%,.2f"),
  LATENCY_P90("latency p90 (ms)", "%,.2f"),
  LATENCY_P99("latency p99 (ms)", "%,.2f"),
  LATENCY_P999("latency p99.9 (ms)", "%,.2f"),
  LATENCY_MAX("latency max (ms)", "%,.2f"),
  PUBLISH_P99("publish response p99 (ms)", "%,.2f"),
  PUBLISH_REFUSED("publishes refused or failed", "%,.0f"),
  ACCEPTED_PER_SECOND("accepted/s", "%,.0f"),
  ACK_P50("ack p50 (ms)", "%,.2f"),
  ACK_P99("ack p99 (ms)", "%,.2f"),
  WEBHOOK_TO_CLIENT_P50("webhook-to-client p50 (ms)", "%,.2f"),
  WEBHOOK_TO_CLIENT_P99("webhook-to-client p99 (ms)", "%,.2f"),
  WEBHOOK_UNDELIVERED("accepted, not at the client after the settle wait", "%,.0f"),
  CLOSED_BY_SERVER("connections closed by server", "%,.0f"),
  SERVER_CPU("server CPU (% of a core)", "%,.0f"),
  SERVER_CPU_PER_FRAME("server CPU per delivered frame (µs)", "%,.1f"),
  SERVER_CPU_WAIT("server threads waiting for a CPU (% of time)", "%,.0f"),
  GENERATOR_CPU("generator CPU (% of a core)", "%,.0f"),
  REDIS_CPU("Redis CPU (% of a core; not pinned, shared with other users)", "%,.0f"),
  OTHER_CPU("other processes CPU (% of a core)", "%,.0f"),
  STEAL("CPU stolen by the hypervisor (% of a core)", "%,.0f");

  private final String label;
  private final String format;

  Figure(String label, String format) {
    this.label = label;
    this.format = format;
  }

  public String label() {
    return label;
  }

  public String format(double value) {
    return String.format(format, value);
  }
}
