package dev.realtimehub.pusher.webhook;

import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.config.PusherSettings;
import dev.realtimehub.core.Signals;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.occupancy.ChannelCounts;
import dev.realtimehub.occupancy.Settling;
import dev.realtimehub.pusher.ClientActivity;
import dev.realtimehub.pusher.PusherApps;
import dev.realtimehub.pusher.PusherApps.PusherApp;
import dev.realtimehub.pusher.PusherChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhooks of the Pusher apps. The hub's channels are shared by every app, so channel and member events go
 * to every enabled app with a webhook URL, under the names Pusher clients know the channels by
 * ({@code presence-team.7}); client events and cache misses go only to the app of the connection. Occupancy
 * transitions come settled from {@link ChannelCounts}; member departures are held for the vacate delay through
 * {@link Settling}, and a member back in time (on any node) announces neither the departure nor the return.
 * Thread-safe.
 */
public final class PusherWebhooks implements ClientActivity, ChannelCounts.Listener, Signals.MemberListener {

  private static final Logger log = LoggerFactory.getLogger(PusherWebhooks.class);

  private final Vertx vertx;
  private final ChannelTypes types;
  private final Settling settling;
  private final Signals signals;
  private final long vacateDelayMs;
  private final HttpClient client;
  private final Map<String, WebhookQueue> queues = new LinkedHashMap<>();

  public PusherWebhooks(Vertx vertx, PusherApps apps, PusherSettings settings, ChannelTypes types, Settling settling,
                        Signals signals, HubMetrics metrics) {
    this.vertx = vertx;
    this.types = types;
    this.settling = settling;
    this.signals = signals;
    this.vacateDelayMs = settings.webhookVacateDelayMs();
    this.client = vertx.createHttpClient(new HttpClientOptions()
      .setConnectTimeout(settings.webhookTimeoutMs())
      .setKeepAlive(true));
    WebhookQueue.Limits limits = new WebhookQueue.Limits(settings.webhookBatchMs(), settings.webhookMaxBatch(),
      settings.webhookMaxQueue(), settings.webhookRetrySeconds() * 1000L, settings.webhookTimeoutMs());
    for (PusherApp app : apps.all()) {
      if (app.settings().enabled() && !app.settings().webhookUrl().isEmpty()) {
        queues.put(app.id(), new WebhookQueue(vertx, vertx.getOrCreateContext(), client, app, limits, metrics));
      }
    }
    metrics.gauge("hub_pusher_webhook_queue", "Webhook events waiting to be sent, all apps",
      () -> queues.values().stream().mapToInt(WebhookQueue::size).sum());
  }

  /** Whether any app receives webhooks. */
  public boolean active() {
    return !queues.isEmpty();
  }

  @Override
  public void occupied(String channel) {
    toAll(channelEvent("channel_occupied", channel));
  }

  @Override
  public void vacated(String channel) {
    toAll(channelEvent("channel_vacated", channel));
  }

  @Override
  public void added(String channel, String userId) {
    if (!active()) {
      return;
    }
    settling.arrive(memberKey(channel, userId))
      .onSuccess(returned -> {
        if (!returned) {
          toAll(memberEvent("member_added", channel, userId));
        }
      })
      .onFailure(e -> log.warn("member_added webhook lost channel={}: {}", channel, e.toString()));
  }

  @Override
  public void removed(String channel, String userId) {
    if (!active()) {
      return;
    }
    if (vacateDelayMs <= 0) {
      toAll(memberEvent("member_removed", channel, userId));
      return;
    }
    String key = memberKey(channel, userId);
    settling.begin(key, vacateDelayMs)
      .onSuccess(token -> vertx.setTimer(vacateDelayMs, id -> settling.finish(key, token)
        .compose(stands -> stands ? signals.isMember(channel, userId).map(present -> !present)
          : Future.succeededFuture(false))
        .onSuccess(gone -> {
          if (gone) {
            toAll(memberEvent("member_removed", channel, userId));
          }
        })
        .onFailure(e -> log.warn("member_removed webhook lost channel={}: {}", channel, e.toString()))))
      .onFailure(e -> log.warn("member_removed webhook lost channel={}: {}", channel, e.toString()));
  }

  @Override
  public void clientEvent(PusherApp app, String channel, String event, String data, String socketId,
                          String userId) {
    JsonObject json = new JsonObject().put("name", "client_event").put("channel", channel).put("event", event)
      .put("data", data).put("socket_id", socketId);
    if (userId != null) {
      json.put("user_id", userId);
    }
    toApp(app, json);
  }

  @Override
  public void cacheMiss(PusherApp app, String channel) {
    toApp(app, new JsonObject().put("name", "cache_miss").put("channel", channel));
  }

  private static String memberKey(String channel, String userId) {
    return "member:" + channel + ":" + userId;
  }

  private JsonObject channelEvent(String name, String channel) {
    return new JsonObject().put("name", name).put("channel", pusherName(channel));
  }

  private JsonObject memberEvent(String name, String channel, String userId) {
    return channelEvent(name, channel).put("user_id", userId);
  }

  private String pusherName(String channel) {
    try {
      return PusherChannel.canonicalName(ChannelName.parse(channel), types);
    } catch (RuntimeException e) {
      return channel;
    }
  }

  private void toAll(JsonObject event) {
    queues.values().forEach(queue -> queue.add(event));
  }

  private void toApp(PusherApp app, JsonObject event) {
    WebhookQueue queue = app == null ? null : queues.get(app.id());
    if (queue != null) {
      queue.add(event);
    }
  }

  public Future<Void> close() {
    return client.close();
  }
}
