package dev.realtimehub.sync.outbox;

import io.vertx.core.json.JsonObject;

/** A message waiting in the outbox: where it goes, its event name and its data. */
public record OutboxRecord(long id, String channel, String event, JsonObject data) {
}
