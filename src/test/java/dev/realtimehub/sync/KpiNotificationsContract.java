package dev.realtimehub.sync;

import dev.realtimehub.support.ApiSupport;
import dev.realtimehub.support.DomainSupport;
import dev.realtimehub.support.SyncSupport;
import dev.realtimehub.support.TestHub;
import dev.realtimehub.support.TestSocket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.realtimehub.support.DomainSupport.applied;
import static dev.realtimehub.support.SyncSupport.envelope;
import static dev.realtimehub.support.SyncSupport.transaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KPI notifications end to end: {@code kpi.updated} debounced by the relay, {@code kpi.alert} once per crossing of
 * an alert level and {@code kpi.target_reached} once per target, from the rules of {@code sync.kpi_rules_file}.
 * Subclasses choose the store.
 */
abstract class KpiNotificationsContract {

  private static final String RULES = """
    rules:
      - metric: sales_volume
        scope: team
        above: [100]
        below: [50]
        target: 200
    """;

  private TestHub hub;
  private TestSocket socket;

  /** The environment that selects the store. */
  abstract Map<String, String> store();

  private void start(Vertx vertx, int debounceMs) {
    Map<String, String> env = new HashMap<>(store());
    env.put("HUB_SYNC_KPI_RULES_FILE", DomainSupport.kpiRules(RULES));
    env.put("HUB_CHANNELS_FILE", DomainSupport.channelsWithKpiDebounce(debounceMs));
    env.put("HUB_NOTIFY_DEBOUNCE_MAX_WAIT_MS", Integer.toString(debounceMs));
    hub = TestHub.start(vertx, SyncSupport.env(env)).await();
  }

  @AfterEach
  void stop() {
    if (socket != null) {
      socket.close().otherwiseEmpty().await();
    }
    if (hub != null) {
      hub.close().await();
    }
  }

  private TestSocket subscribe(String channel) {
    socket = hub.connect(hub.token("reader", new JsonObject().put("permissions", new JsonArray().add("kpi.read"))))
      .await();
    assertEquals("subscribed", socket.subscribe(channel).await().getString("type"));
    return socket;
  }

  @Test
  void rapidUpdatesOfOneKpiReachSubscribersAsTheLatestValue(Vertx vertx, VertxTestContext ctx) {
    start(vertx, 3000);
    String team = SyncSupport.uniqueId();
    String kpi = "sales_volume.team." + team;
    TestSocket reader = subscribe("kpi." + kpi);
    applied(hub, "transactions", envelope(transaction("sale", "a", team, 10)), kpi, 10)
      .compose(v -> applied(hub, "transactions", envelope(transaction("sale", "a", team, 20)), kpi, 30))
      .compose(v -> applied(hub, "transactions", envelope(transaction("sale", "a", team, 30)), kpi, 60))
      .compose(v -> reader.nextOfType("message"))
      .onComplete(ctx.succeeding(message -> ctx.verify(() -> {
        assertEquals("kpi.updated", message.getString("event"));
        assertEquals(60.0, message.getJsonObject("data").getDouble("value"), "the burst arrives as its latest value");
        assertNotNull(message.getJsonObject("data").getLong("messageId"));
        String scrape = hub.registry().scrape();
        assertTrue(ApiSupport.metric(scrape, "hub_sync_relayed_total{mode=\"debounced\"}") >= 12,
          "three updates of each of the four KPIs went through the debouncer: " + scrape);
        ctx.completeNow();
      })));
  }

  @Test
  void everyCrossingIsAnnouncedOnceAndATargetOnlyTheFirstTime(Vertx vertx, VertxTestContext ctx) {
    start(vertx, 100);
    String team = SyncSupport.uniqueId();
    String kpi = "sales_volume.team." + team;
    TestSocket reader = subscribe("kpi." + kpi);
    applied(hub, "transactions", envelope(transaction("sale", "a", team, 60)), kpi, 60)
      .compose(v -> applied(hub, "transactions", envelope(transaction("sale", "a", team, 50)), kpi, 110))
      .compose(v -> applied(hub, "transactions", envelope(transaction("sale", "a", team, 10)), kpi, 120))
      .compose(v -> applied(hub, "transactions", envelope(transaction("refund", "a", team, 80)), kpi, 40))
      .compose(v -> applied(hub, "transactions", envelope(transaction("sale", "a", team, 70)), kpi, 110))
      .compose(v -> applied(hub, "transactions", envelope(transaction("sale", "a", team, 100)), kpi, 210))
      .compose(v -> applied(hub, "transactions", envelope(transaction("refund", "a", team, 20)), kpi, 190))
      .compose(v -> applied(hub, "transactions", envelope(transaction("sale", "a", team, 30)), kpi, 220))
      .compose(v -> announcementsUntilValue(reader, 220.0, new ArrayList<>()))
      .onComplete(ctx.succeeding(announced -> ctx.verify(() -> {
        assertEquals(List.of("kpi.alert above 100 at 110", "kpi.alert below 50 at 40", "kpi.alert above 100 at 110",
          "kpi.target_reached 200 at 210"), announced);
        ctx.completeNow();
      })));
  }

  /** The alerts and targets announced until {@code kpi.updated} shows {@code value}, as short strings. */
  private static Future<List<String>> announcementsUntilValue(TestSocket reader, double value, List<String> seen) {
    return reader.nextOfType("message").compose(message -> {
      JsonObject data = message.getJsonObject("data");
      String event = message.getString("event");
      if ("kpi.updated".equals(event)) {
        return data.getDouble("value") == value ? Future.succeededFuture(seen)
          : announcementsUntilValue(reader, value, seen);
      }
      String level = "kpi.alert".equals(event) ? data.getString("direction") + " " + data.getValue("level")
        : String.valueOf(data.getValue("target"));
      seen.add(event + " " + level + " at " + data.getValue("value"));
      return announcementsUntilValue(reader, value, seen);
    });
  }
}
