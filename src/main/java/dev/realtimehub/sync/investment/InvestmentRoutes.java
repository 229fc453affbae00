package dev.realtimehub.sync.investment;

import dev.realtimehub.error.HubException;
import dev.realtimehub.store.Store;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/investments/{groupId}}: a group's valuation and ownership as its channel shows them (API key). */
public final class InvestmentRoutes {

  private final Store store;
  private final InvestmentGroupRepository groups;

  private InvestmentRoutes(Store store) {
    this.store = store;
    this.groups = new InvestmentGroupRepository(store);
  }

  /** Mount after the API key check. */
  public static void mount(Router router, Store store) {
    InvestmentRoutes routes = new InvestmentRoutes(store);
    router.get("/api/investments/:groupId").handler(routes::group);
  }

  private void group(RoutingContext rc) {
    String id = rc.pathParam("groupId");
    groups.state(store.pool(), id)
      .onSuccess(group -> {
        if (group == null) {
          rc.fail(HubException.notFound("no such investment group: " + id));
        } else {
          rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(group.encode());
        }
      })
      .onFailure(rc::fail);
  }
}
