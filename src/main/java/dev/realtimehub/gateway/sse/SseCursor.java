package dev.realtimehub.gateway.sse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The position of a multi-channel event stream, carried in each event's {@code id:} so that the browser
 * sends it back as {@code Last-Event-ID} when it reconnects: {@code channel:offset:epoch} per channel,
 * comma-separated (channel names never contain commas or colons). Not thread-safe: one per stream.
 */
final class SseCursor {

  record Position(long offset, String epoch) {
  }

  /** Longer than any cursor of sse.max_channels channels; the request header limit applies first anyway. */
  static final int MAX_LENGTH = 65_536;

  private final Map<String, Position> positions = new LinkedHashMap<>();

  void advance(String channel, long offset, String epoch) {
    positions.put(channel, new Position(offset, epoch));
  }

  String encode() {
    StringBuilder id = new StringBuilder();
    positions.forEach((channel, position) -> {
      if (id.length() > 0) {
        id.append(',');
      }
      id.append(channel).append(':').append(position.offset()).append(':').append(position.epoch());
    });
    return id.toString();
  }

  /** Parses a {@code Last-Event-ID}; entries that do not parse are ignored (the channel starts live). */
  static Map<String, Position> parse(String lastEventId) {
    Map<String, Position> parsed = new LinkedHashMap<>();
    if (lastEventId == null || lastEventId.isEmpty() || lastEventId.length() > MAX_LENGTH) {
      return parsed;
    }
    for (String entry : lastEventId.split(",")) {
      String[] parts = entry.split(":", -1);
      if (parts.length == 3 && parts[1].matches("\\d{1,18}") && parts[2].matches("[A-Za-z0-9_-]{0,64}")) {
        parsed.put(parts[0], new Position(Long.parseLong(parts[1]), parts[2]));
      }
    }
    return parsed;
  }
}
