package dev.realtimehub.bench.load;

import java.util.List;

/**
 * Where and how the generator reaches a server: its loopback ports (one per node; connection {@code i} goes
 * to node {@code i % n} and the publisher to the first), the token query (empty for none), the API key, and
 * the local source addresses the connections are spread over.
 */
public record Endpoint(List<Integer> ports, String tokenQuery, String apiKey, List<String> sourceAddresses) {

  public static final String HOST = "127.0.0.1";

  public Endpoint {
    ports = List.copyOf(ports);
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("an endpoint needs at least one port");
    }
  }

  /** The port of the node that connection {@code connection} opens to. */
  public int port(int connection) {
    return ports.get(connection % ports.size());
  }

  /** The port the publisher sends to: the first node, so on a cluster every message crosses the broker. */
  public int publishPort() {
    return ports.get(0);
  }

  public String wsUri() {
    return "/ws" + (tokenQuery.isEmpty() ? "" : "?" + tokenQuery);
  }

  public String sseUri(String channel) {
    return "/sse?channels=" + channel + (tokenQuery.isEmpty() ? "" : "&" + tokenQuery);
  }
}
