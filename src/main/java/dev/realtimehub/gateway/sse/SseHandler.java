package dev.realtimehub.gateway.sse;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.ConnectGuard;
import dev.realtimehub.gateway.GatewayContext;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /sse?channels=a,b}: checks the connection like a WebSocket upgrade, then every channel with
 * the same policy. Invalid names, or a stream whose every channel is refused, get a 4xx before the stream
 * starts; a refused channel in an otherwise good stream gets a named {@code error} event.
 */
public final class SseHandler implements Handler<RoutingContext> {

  private final GatewayContext gateway;

  public SseHandler(GatewayContext gateway) {
    this.gateway = gateway;
  }

  @Override
  public void handle(RoutingContext rc) {
    List<ChannelName> channels;
    try {
      channels = channels(rc.request().getParam("channels"));
    } catch (HubException e) {
      rc.fail(e);
      return;
    }
    if (!gateway.metrics().tryConnectionOpened(SseSession.PROTOCOL, gateway.config().sse().maxStreams())) {
      gateway.metrics().connectionRejected("capacity");
      rc.fail(HubException.of(HubErrorCode.UNAVAILABLE, "too many event streams on this node"));
      return;
    }
    ConnectGuard.admit(gateway, rc.request())
      .onFailure(failure -> {
        gateway.metrics().connectionClosed(SseSession.PROTOCOL);
        rc.fail(failure);
      })
      .onSuccess(principal -> open(rc, principal, channels));
  }

  private List<ChannelName> channels(String param) {
    if (param == null || param.isBlank()) {
      throw HubException.badRequest("channels query parameter is required (channels=a,b)");
    }
    Set<String> names = new LinkedHashSet<>(List.of(param.split(",", -1)));
    if (names.size() > gateway.config().sse().maxChannels()) {
      throw HubException.of(HubErrorCode.BAD_REQUEST, "at most " + gateway.config().sse().maxChannels() + " channels");
    }
    List<ChannelName> channels = new ArrayList<>();
    for (String name : names) {
      try {
        ChannelName channel = ChannelName.parse(name);
        gateway.hub().authorizer().types().typeOf(channel);
        channels.add(channel);
      } catch (HubException e) {
        throw HubException.of(e.code(), "channel '" + printable(name) + "': " + e.getMessage());
      }
    }
    return channels;
  }

  private void open(RoutingContext rc, HubPrincipal principal, List<ChannelName> channels) {
    HttpServerResponse response = rc.response();
    SseSession session = new SseSession(gateway, response,
      ChunkWriter.of(rc.request().connection(), rc.request().version()), principal);
    gateway.sessions().add(session);
    response.closeHandler(v -> session.closedByClient());
    Map<String, SseCursor.Position> resume = SseCursor.parse(rc.request().getHeader("Last-Event-ID"));
    List<Future<SseSession.Outcome>> outcomes = new ArrayList<>();
    for (ChannelName channel : channels) {
      outcomes.add(session.subscribe(channel, resume.get(channel.value())));
    }
    Future.all(outcomes).onSuccess(all -> start(rc, session, all.list()));
  }

  private void start(RoutingContext rc, SseSession session, List<SseSession.Outcome> outcomes) {
    if (session.isClosed()) {
      return;
    }
    SseSession.Outcome firstError = outcomes.stream().filter(o -> o.error() != null).findFirst().orElse(null);
    if (outcomes.stream().allMatch(o -> o.error() != null)) {
      session.abandon();
      HubException error = HubException.from(firstError.error());
      rc.fail(HubException.of(error.code(), "channel '" + firstError.channel() + "': " + error.getMessage()));
      return;
    }
    HttpServerResponse response = rc.response()
      .setChunked(true)
      .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
      .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-transform")
      .putHeader("X-Accel-Buffering", "no");
    String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null) {
      response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin).putHeader(HttpHeaders.VARY, "Origin");
    }
    session.begin(Buffer.buffer("retry: " + gateway.config().sse().retryMs() + "\n\n"), outcomes);
    for (SseSession.Outcome outcome : outcomes) {
      if (outcome.error() != null) {
        HubException error = HubException.from(outcome.error());
        session.error(outcome.channel().value(), error.code().status(), error.code().reason(), error.getMessage());
      }
    }
  }

  /** Echoes a client-supplied name in an error only as printable ASCII, cut short. */
  private static String printable(String name) {
    String cleaned = name.replaceAll("[^\\x20-\\x7e]", "?");
    return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
  }
}
