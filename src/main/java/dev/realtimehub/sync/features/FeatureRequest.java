package dev.realtimehub.sync.features;

import dev.realtimehub.error.HubException;
import dev.realtimehub.sync.webhook.WebhookEnvelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The body of the feature endpoints, {@code {"userId","feature"}}. Malformed JSON is {@code bad_request} (400);
 * a missing or malformed field is {@code unprocessable} (422) naming it; a feature no rule declares is
 * {@code not_found} (404).
 */
record FeatureRequest(String userId, FeatureRule rule) {

  private static final String USER_ID = "[A-Za-z0-9_-]{1,128}";

  static FeatureRequest parse(Buffer raw, FeatureRules rules) {
    JsonObject body = WebhookEnvelope.decode(raw);
    Object userId = body.getValue("userId");
    boolean number = (userId instanceof Integer || userId instanceof Long) && ((Number) userId).longValue() >= 0;
    if (!number && !(userId instanceof String text && text.matches(USER_ID))) {
      throw HubException.unprocessable("userId: must be an id (1-128 of A-Z a-z 0-9 _ -, or a whole number)");
    }
    if (!(body.getValue("feature") instanceof String feature) || feature.isBlank() || feature.length() > 64) {
      throw HubException.unprocessable("feature: must be a feature name");
    }
    FeatureRule rule = rules.rule(feature);
    if (rule == null) {
      throw HubException.notFound("no such feature: " + feature);
    }
    return new FeatureRequest(String.valueOf(userId), rule);
  }
}
