package dev.realtimehub.sync.investment;

import dev.realtimehub.sync.InboxEvent;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One item of an {@code investments} webhook: who put how much into which group, through which property. */
record Investment(String id, String groupId, String userId, String propertyId, BigDecimal amount,
                  String occurredAt) {

  /** An investments event's items, in group id order (the order their groups are locked in). */
  static List<Investment> ofEvent(InboxEvent event) {
    List<Investment> items = new ArrayList<>();
    event.payload().getJsonArray("items").forEach(item -> items.add(of((JsonObject) item)));
    items.sort(Comparator.comparing(Investment::groupId));
    return items;
  }

  static Investment of(JsonObject item) {
    return new Investment(String.valueOf(item.getValue("id")), String.valueOf(item.getValue("groupId")),
      String.valueOf(item.getValue("userId")), String.valueOf(item.getValue("propertyId")),
      new BigDecimal(item.getValue("amount").toString()), item.getString("occurredAt"));
  }
}
