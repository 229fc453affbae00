package dev.realtimehub.bench.load;

import java.util.List;

/**
 * Where and how the generator reaches a server: the loopback port, the token query (empty for none),
 * the API key, and the local source addresses the connections are spread over.
 */
public record Endpoint(int port, String tokenQuery, String apiKey, List<String> sourceAddresses) {

  public static final String HOST = "127.0.0.1";

  public String wsUri() {
    return "/ws" + (tokenQuery.isEmpty() ? "" : "?" + tokenQuery);
  }

  public String sseUri(String channel) {
    return "/sse?channels=" + channel + (tokenQuery.isEmpty() ? "" : "&" + tokenQuery);
  }
}
