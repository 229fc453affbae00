package dev.realtimehub.sync.webhook;

import dev.realtimehub.error.HubException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A parsed and validated webhook body: {@code {"eventId","occurredAt","items":[…]}}. Malformed JSON is
 * {@code bad_request} (400); a valid document of the wrong shape is {@code unprocessable} (422) with the path
 * of the first offending field ({@code items[0].amount}).
 */
public record WebhookEnvelope(String eventId, String occurredAt, JsonArray items) {

  /** Parses {@code raw} for {@code source}, allowing at most {@code maxItems} items. */
  public static WebhookEnvelope parse(Buffer raw, Source source, int maxItems) {
    JsonObject body = decode(raw);
    Object eventId = body.getValue("eventId");
    if (!(eventId instanceof String id) || id.isBlank() || id.length() > 200) {
      throw HubException.unprocessable("eventId: must be a non-empty string of at most 200 characters");
    }
    if (!Field.isTimestamp(body.getValue("occurredAt"))) {
      throw HubException.unprocessable("occurredAt: must be an ISO-8601 timestamp with an offset");
    }
    if (!(body.getValue("items") instanceof JsonArray items) || items.isEmpty()) {
      throw HubException.unprocessable("items: must be a non-empty array");
    }
    if (items.size() > maxItems) {
      throw HubException.unprocessable("items: at most " + maxItems + " items per webhook");
    }
    for (int i = 0; i < items.size(); i++) {
      checkItem(source, i, items.getValue(i));
    }
    return new WebhookEnvelope(id, body.getString("occurredAt"), items);
  }

  /** A body that must be a JSON object: {@code bad_request} when it is not valid JSON or not an object. */
  public static JsonObject decode(Buffer raw) {
    Object value;
    try {
      value = raw == null || raw.length() == 0 ? null : Json.decodeValue(raw);
    } catch (DecodeException e) {
      throw HubException.badRequest("body is not valid JSON");
    }
    if (!(value instanceof JsonObject body)) {
      throw HubException.badRequest("body must be a JSON object");
    }
    return body;
  }

  private static void checkItem(Source source, int index, Object item) {
    if (!(item instanceof JsonObject fields)) {
      throw HubException.unprocessable("items[" + index + "]: must be an object");
    }
    for (Field field : source.fields()) {
      String problem = field.check(fields.getValue(field.name()));
      if (problem != null) {
        throw HubException.unprocessable("items[" + index + "]." + field.name() + ": " + problem);
      }
    }
    String problem = source.crossCheck(fields);
    if (problem != null) {
      throw HubException.unprocessable("items[" + index + "]." + problem);
    }
  }
}
