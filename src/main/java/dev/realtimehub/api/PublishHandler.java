package dev.realtimehub.api;

import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubException;
import dev.realtimehub.notify.Coalescer;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/publish} and {@code POST /api/publish/batch}. A batch answers one result per message
 * in order; a bad message gets its own error and does not sink the others.
 */
public final class PublishHandler {

  private final Hub hub;
  private final Coalescer coalescer;
  private final PublishRequest.Limits limits;
  private final int maxBatch;

  public PublishHandler(Hub hub, Coalescer coalescer, PublishRequest.Limits limits, int maxBatch) {
    this.hub = hub;
    this.coalescer = coalescer;
    this.limits = limits;
    this.maxBatch = maxBatch;
  }

  public void publish(RoutingContext rc) {
    PublishRequest request = PublishRequest.parse(body(rc), "", limits);
    publish(request)
      .onSuccess(results -> Responses.json(rc, 200, new JsonObject().put("published", results)))
      .onFailure(rc::fail);
  }

  public void batch(RoutingContext rc) {
    Object body = body(rc);
    if (!(body instanceof JsonObject json) || !(json.getValue("messages") instanceof JsonArray messages)) {
      throw HubException.unprocessable("messages: a list of publish requests is required");
    }
    if (messages.isEmpty() || messages.size() > maxBatch) {
      throw HubException.unprocessable("messages: 1 to " + maxBatch + " messages per batch");
    }
    List<Future<JsonObject>> results = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      results.add(publishOne(messages.getValue(i), "messages[" + i + "]."));
    }
    Future.all(results).onSuccess(all -> {
      JsonArray out = new JsonArray();
      results.forEach(result -> out.add(result.result()));
      long failed = out.stream().filter(r -> ((JsonObject) r).containsKey("error")).count();
      Responses.json(rc, 200, new JsonObject()
        .put("results", out)
        .put("accepted", out.size() - failed)
        .put("failed", failed));
    });
  }

  private Future<JsonObject> publishOne(Object message, String at) {
    try {
      return publish(PublishRequest.parse(message, at, limits))
        .map(published -> new JsonObject().put("published", published))
        .otherwise(failure -> ErrorHandler.body(HubException.from(failure)));
    } catch (HubException e) {
      return Future.succeededFuture(ErrorHandler.body(e));
    }
  }

  /**
   * Publishes to every channel of the request. A channel whose type debounces answers {@code debounced}
   * instead of an offset: its message is published when the window closes.
   */
  private Future<JsonArray> publish(PublishRequest request) {
    long now = System.currentTimeMillis();
    List<Future<JsonObject>> sent = new ArrayList<>();
    for (ChannelName channel : request.channels()) {
      Publication publication = new Publication(channel, request.event(), request.data(), null, request.exclude(),
        now);
      ChannelType type = hub.authorizer().types().typeOf(channel);
      if (Coalescer.debounces(type)) {
        coalescer.offer(publication, type, request.key());
        sent.add(Future.succeededFuture(new JsonObject().put("channel", channel.value()).put("debounced", true)));
      } else {
        sent.add(hub.publish(publication, "api").map(message -> new JsonObject()
          .put("channel", message.channel())
          .put("offset", message.offset())
          .put("epoch", message.epoch())));
      }
    }
    return Future.all(sent).map(all -> {
      JsonArray results = new JsonArray();
      sent.forEach(f -> results.add(f.result()));
      return results;
    });
  }

  /** The request's JSON body, or a 400 hub error when it is missing or not JSON. */
  public static Object body(RoutingContext rc) {
    if (rc.body() == null || rc.body().length() <= 0) {
      throw HubException.badRequest("a JSON body is required");
    }
    try {
      return Json.decodeValue(rc.body().buffer());
    } catch (DecodeException e) {
      throw HubException.badRequest("body is not valid JSON");
    }
  }
}
