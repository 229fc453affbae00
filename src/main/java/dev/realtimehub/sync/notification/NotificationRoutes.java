package dev.realtimehub.sync.notification;

import dev.realtimehub.error.HubException;
import dev.realtimehub.store.Store;
import dev.realtimehub.sync.Page;
import dev.realtimehub.sync.outbox.OutboxRepository;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/users/{id}/notifications?since=&unread=&limit=} and
 * {@code POST /api/users/{id}/notifications/read} with {@code {"ids":[…]}} or {@code {"upTo":<id>}} (API key).
 */
public final class NotificationRoutes {

  private static final int DEFAULT_PAGE = 50;
  private static final String USER_ID = "[A-Za-z0-9_-]{1,128}";

  private final UserNotifications notifications;

  private NotificationRoutes(Store store) {
    this.notifications = new UserNotifications(store, new OutboxRepository(store));
  }

  /** Mount after the API key check and the body handler. */
  public static void mount(Router router, Store store) {
    NotificationRoutes routes = new NotificationRoutes(store);
    router.get("/api/users/:id/notifications").handler(routes::list);
    router.post("/api/users/:id/notifications/read").handler(routes::markRead);
  }

  private void list(RoutingContext rc) {
    String user = userId(rc);
    Page page = Page.of(rc, DEFAULT_PAGE, UserNotifications.MAX_PAGE);
    String unread = rc.request().getParam("unread", "false");
    if (!unread.equals("true") && !unread.equals("false")) {
      throw HubException.badRequest("unread: true or false");
    }
    notifications.list(user, page.since(), unread.equals("true"), page.limit())
      .onSuccess(list -> json(rc, new JsonObject()
        .put("notifications", list)
        .put("next", page.next(list.isEmpty() ? 0 : list.getJsonObject(list.size() - 1).getLong("id")))))
      .onFailure(rc::fail);
  }

  private void markRead(RoutingContext rc) {
    String user = userId(rc);
    JsonObject body = body(rc);
    long now = System.currentTimeMillis();
    if (body.containsKey("upTo") == body.containsKey("ids")) {
      throw HubException.unprocessable("body: give either ids (a list of notification ids) or upTo (an id)");
    }
    (body.containsKey("upTo") ? notifications.markReadUpTo(user, cursor(body.getValue("upTo"), "upTo"), now)
      : notifications.markRead(user, ids(body.getValue("ids")), now))
      .onSuccess(marked -> json(rc, new JsonObject().put("marked", marked)))
      .onFailure(rc::fail);
  }

  private static String userId(RoutingContext rc) {
    String user = rc.pathParam("id");
    if (!user.matches(USER_ID)) {
      throw HubException.badRequest("user id: 1-128 of A-Z a-z 0-9 _ -");
    }
    return user;
  }

  private static JsonObject body(RoutingContext rc) {
    try {
      JsonObject body = rc.body() == null ? null : rc.body().asJsonObject();
      if (body == null) {
        throw HubException.badRequest("a JSON object body is required");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw HubException.badRequest("body is not a JSON object");
    }
  }

  private static List<Long> ids(Object value) {
    if (!(value instanceof JsonArray list) || list.isEmpty() || list.size() > UserNotifications.MAX_IDS) {
      throw HubException.unprocessable("ids: a list of 1 to " + UserNotifications.MAX_IDS + " notification ids");
    }
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ids.add(cursor(list.getValue(i), "ids[" + i + "]"));
    }
    return ids;
  }

  private static long cursor(Object value, String at) {
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    throw HubException.unprocessable(at + ": a notification id (a whole number of at least 0)");
  }

  private static void json(RoutingContext rc, JsonObject body) {
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }
}
