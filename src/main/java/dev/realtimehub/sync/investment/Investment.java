package dev.realtimehub.sync.investment;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;

/** One item of an {@code investments} webhook: who put how much into which group, through which property. */
record Investment(String id, String groupId, String userId, String propertyId, BigDecimal amount,
                  String occurredAt) {

  static Investment of(JsonObject item) {
    return new Investment(String.valueOf(item.getValue("id")), String.valueOf(item.getValue("groupId")),
      String.valueOf(item.getValue("userId")), String.valueOf(item.getValue("propertyId")),
      new BigDecimal(item.getValue("amount").toString()), item.getString("occurredAt"));
  }
}
