package dev.realtimehub.bench.load;

import java.util.List;

/**
 * Where and how the generator reaches a server: its loopback ports (one per node; connection {@code i} goes
 * to node {@code i % n} and the publisher to the first), the token query (empty for none), the API key, the
 * local source addresses the connections are spread over, and the Pusher app key when WebSocket clients speak
 * the Pusher protocol ({@code /app/{key}}) instead of the native one (empty).
 */
public record Endpoint(List<Integer> ports, String tokenQuery, String apiKey, List<String> sourceAddresses,
                       String pusherKey) {

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
    if (!pusherKey.isEmpty()) {
      return "/app/" + pusherKey + "?protocol=7&client=bench";
    }
    return "/ws" + (tokenQuery.isEmpty() ? "" : "?" + tokenQuery);
  }

  /** The frame that subscribes a WebSocket connection to {@code channel}, in its protocol. */
  public String subscribeFrame(String channel) {
    return pusherKey.isEmpty() ? "{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}"
      : "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}";
  }

  public String sseUri(String channel) {
    return "/sse?channels=" + channel + (tokenQuery.isEmpty() ? "" : "&" + tokenQuery);
  }
}
