package dev.realtimehub.pusher.api;

import dev.realtimehub.api.PublishHandler;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.config.PusherSettings;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubException;
import dev.realtimehub.notify.Coalescer;
import dev.realtimehub.pusher.PusherApps.PusherApp;
import dev.realtimehub.pusher.PusherChannel;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /apps/{id}/events} and {@code POST /apps/{id}/batch_events}. Every event is validated before any is
 * published (a bad batch publishes nothing). An event goes to the hub channel behind each Pusher name once, however
 * many of its names were listed, through the core like any other publication, so every subscriber receives it,
 * whatever its protocol, except the connection named by {@code socket_id}.
 */
final class PusherEventsHandler {

  private final Hub hub;
  private final Coalescer coalescer;
  private final PusherSettings settings;
  private final ChannelInfo info;

  PusherEventsHandler(Hub hub, Coalescer coalescer, PusherSettings settings, ChannelInfo info) {
    this.hub = hub;
    this.coalescer = coalescer;
    this.settings = settings;
    this.info = info;
  }

  void events(RoutingContext rc) {
    PusherEvent event = PusherEvent.parse(PublishHandler.body(rc), "", false, limits(PusherRequestAuth.app(rc)));
    publish(event)
      .compose(v -> attributes(event))
      .onSuccess(channels -> PusherApiRoutes.json(rc, channels.isEmpty() ? new JsonObject()
        : new JsonObject().put("channels", channels)))
      .onFailure(rc::fail);
  }

  void batch(RoutingContext rc) {
    if (!(PublishHandler.body(rc) instanceof JsonObject json) || !(json.getValue("batch") instanceof JsonArray batch)) {
      throw HubException.badRequest("batch: a list of events is required");
    }
    if (batch.isEmpty() || batch.size() > settings.maxBatchEvents()) {
      throw HubException.badRequest("batch: 1 to " + settings.maxBatchEvents() + " events per batch");
    }
    PusherEvent.Limits limits = limits(PusherRequestAuth.app(rc));
    List<PusherEvent> events = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      events.add(PusherEvent.parse(batch.getValue(i), "batch[" + i + "].", true, limits));
    }
    Future.all(events.stream().map(this::publish).toList())
      .compose(v -> Future.all(events.stream().map(this::attributes).toList()))
      .onSuccess(all -> {
        boolean asked = events.stream().anyMatch(event -> !event.info().isEmpty());
        JsonArray out = new JsonArray();
        for (int i = 0; i < events.size(); i++) {
          JsonObject channels = all.resultAt(i);
          // A batch item names one channel: its attributes are that channel's, index-aligned with the request.
          out.add(channels.isEmpty() ? new JsonObject() : channels.getJsonObject(channels.fieldNames().iterator()
            .next()));
        }
        PusherApiRoutes.json(rc, asked ? new JsonObject().put("batch", out) : new JsonObject());
      })
      .onFailure(rc::fail);
  }

  private PusherEvent.Limits limits(PusherApp app) {
    return new PusherEvent.Limits(hub.authorizer().types(), settings.maxChannelsPerEvent(),
      app.settings().maxEventBytes());
  }

  private Future<Void> publish(PusherEvent event) {
    long now = System.currentTimeMillis();
    Set<ChannelName> seen = new HashSet<>();
    List<Future<?>> sent = new ArrayList<>();
    for (PusherChannel channel : event.channels()) {
      if (!seen.add(channel.hub())) {
        continue;
      }
      Publication publication = new Publication(channel.hub(), event.name(), event.data(), null, event.socketId(), now);
      ChannelType type = hub.authorizer().types().typeOf(channel.hub());
      if (Coalescer.debounces(type)) {
        coalescer.offer(publication, type, event.name());
      } else {
        sent.add(hub.publish(publication, "pusher_api"));
      }
    }
    return Future.all(sent).mapEmpty();
  }

  /** The attributes asked for, by the channel names of the request; empty when none were asked for. */
  private Future<JsonObject> attributes(PusherEvent event) {
    if (event.info().isEmpty()) {
      return Future.succeededFuture(new JsonObject());
    }
    Map<String, Future<JsonObject>> byName = new LinkedHashMap<>();
    for (PusherChannel channel : event.channels()) {
      byName.computeIfAbsent(channel.name(), name -> info.attributes(channel.hub(), event.info(), false));
    }
    return Future.all(new ArrayList<>(byName.values())).map(all -> {
      JsonObject channels = new JsonObject();
      byName.forEach((name, attributes) -> channels.put(name, attributes.result()));
      return channels;
    });
  }
}
