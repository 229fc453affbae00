package dev.realtimehub.sync.outbox;

import io.vertx.core.json.JsonObject;

/**
 * A message waiting in the outbox: where it goes, its event name and its data. A {@code coalesceKey} lets the
 * relay debounce it on channel types with {@code debounce_ms}; {@code null} publishes it as it is.
 */
public record OutboxRecord(long id, String channel, String event, JsonObject data, String coalesceKey) {
}
