package dev.realtimehub.sync;

import io.vertx.core.json.JsonObject;

/** An accepted webhook as a worker claimed it: its inbox row and its body. */
public record InboxEvent(long id, String source, String eventId, JsonObject payload, int attempts) {
}
