package dev.realtimehub.sync.changes;

import dev.realtimehub.store.Store;
import dev.realtimehub.sync.Page;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/shared/sync/changes?since=<cursor>&limit=}: the change log for HBH-2 (API key). */
public final class ChangeRoutes {

  private static final int DEFAULT_PAGE = 100;

  private final ChangeLog changes;

  private ChangeRoutes(Store store) {
    this.changes = new ChangeLog(store);
  }

  /** Mount after the API key check. */
  public static void mount(Router router, Store store) {
    ChangeRoutes routes = new ChangeRoutes(store);
    router.get("/api/shared/sync/changes").handler(routes::list);
  }

  private void list(RoutingContext rc) {
    Page page = Page.of(rc, DEFAULT_PAGE, ChangeLog.MAX_PAGE);
    changes.after(page.since(), page.limit())
      .onSuccess(list -> rc.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject()
          .put("changes", list)
          .put("next", page.next(list.isEmpty() ? 0 : list.getJsonObject(list.size() - 1).getLong("seq")))
          .encode()))
      .onFailure(rc::fail);
  }
}
