package dev.realtimehub.pusher.ws;

import dev.realtimehub.error.HubException;
import dev.realtimehub.presence.PresenceMember;
import dev.realtimehub.presence.Roster;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Pusher presence data and the hub's presence members, both ways. A member's info in the hub is an object with
 * {@code id}; Pusher shows it as {@code user_id} plus {@code user_info} (the info without {@code id}). Pure.
 */
final class PresenceData {

  static final int MAX_USER_ID = 128;
  static final int MAX_USER_INFO_BYTES = 1024;

  private PresenceData() {
  }

  /**
   * The member a presence subscription's {@code channel_data} names: {@code user_id} a non-empty string of at
   * most 128 characters or a whole number, {@code user_info} absent or an object of at most 1 KB.
   */
  static PresenceMember member(String channelData) {
    if (channelData == null) {
      throw HubException.badRequest("presence channels need channel_data");
    }
    JsonObject data;
    try {
      if (!(Json.decodeValue(channelData) instanceof JsonObject object)) {
        throw HubException.badRequest("channel_data must be a JSON object");
      }
      data = object;
    } catch (DecodeException e) {
      throw HubException.badRequest("channel_data is not valid JSON");
    }
    String userId = userId(data.getValue("user_id"));
    Object userInfo = data.getValue("user_info");
    if (userInfo != null && !(userInfo instanceof JsonObject)) {
      throw HubException.badRequest("user_info must be a JSON object");
    }
    JsonObject info = userInfo == null ? new JsonObject() : ((JsonObject) userInfo).copy();
    if (info.encode().getBytes(StandardCharsets.UTF_8).length > MAX_USER_INFO_BYTES) {
      throw HubException.badRequest("user_info is larger than " + MAX_USER_INFO_BYTES + " bytes");
    }
    return new PresenceMember(userId, info.put("id", userId));
  }

  static String userId(Object value) {
    String id = value instanceof Integer || value instanceof Long ? value.toString()
      : value instanceof String text ? text : null;
    if (id == null || id.isEmpty() || id.length() > MAX_USER_ID) {
      throw HubException.badRequest("user_id must be a string of 1 to " + MAX_USER_ID + " characters or a number");
    }
    return id;
  }

  /** A hub member's info as Pusher's {@code user_info}: everything but {@code id}. */
  static JsonObject userInfo(JsonObject info) {
    JsonObject copy = info.copy();
    copy.remove("id");
    return copy;
  }

  /** The {@code data} of a presence {@code subscription_succeeded}: unique ids, their info and the count. */
  static String subscriptionData(Roster roster) {
    Set<String> ids = new LinkedHashSet<>();
    JsonObject hash = new JsonObject();
    for (PresenceMember member : roster.members()) {
      if (ids.add(member.id())) {
        hash.put(member.id(), userInfo(member.info()));
      }
    }
    JsonObject presence = new JsonObject()
      .put("ids", new JsonArray(java.util.List.copyOf(ids)))
      .put("hash", hash)
      .put("count", Math.max(roster.count(), ids.size()));
    return new JsonObject().put("presence", presence).encode();
  }
}
