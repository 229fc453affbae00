package dev.realtimehub.gateway.sse;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.broker.Message;
import dev.realtimehub.gateway.CloseReason;
import dev.realtimehub.gateway.GatewayContext;
import dev.realtimehub.gateway.Session;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent events stream on {@code /sse}: receive-only, subscriptions fixed at connect. Messages
 * that arrive while the channels are still being authorized wait (a few at most) until the stream starts.
 */
final class SseSession extends Session {

  static final String PROTOCOL = "sse";
  private static final Buffer HEARTBEAT = Buffer.buffer(":\n\n");
  private static final int MAX_PENDING = 256;

  private final HttpServerResponse response;
  private final long heartbeatNanos;
  private long lastWriteNanos = System.nanoTime();
  private List<Buffer> pending = new ArrayList<>();

  SseSession(GatewayContext gateway, HttpServerResponse response, HubPrincipal principal) {
    super(gateway, GatewayContext.nextSessionId(), principal);
    this.response = response;
    this.heartbeatNanos = TimeUnit.SECONDS.toNanos(gateway.config().sse().heartbeatSeconds());
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  void channelAdded(String channel) {
    channels.add(channel);
  }

  void channelRefused(String channel) {
    channels.remove(channel);
  }

  /** Starts the stream: headers, the preamble, then whatever arrived while authorizing. */
  void begin(String preamble) {
    List<Buffer> waiting = pending;
    pending = null;
    write(Buffer.buffer(preamble));
    waiting.forEach(this::write);
  }

  /** Ends a session whose stream never started (every channel refused). */
  void abandon() {
    pending = null;
    onClosed();
  }

  void closedByClient() {
    onClosed();
  }

  private boolean write(Buffer bytes) {
    if (isClosed()) {
      return false;
    }
    if (pending != null) {
      if (pending.size() >= MAX_PENDING) {
        metrics().dropped("slow_consumer");
        return false;
      }
      pending.add(bytes);
      return true;
    }
    if (response.writeQueueFull()) {
      metrics().dropped("slow_consumer");
      close(CloseReason.SLOW);
      return false;
    }
    lastWriteNanos = System.nanoTime();
    response.write(bytes);
    return true;
  }

  void error(String channel, int code, String reason, String message) {
    write(SseFormat.event("error", new JsonObject()
      .put("channel", channel)
      .put("code", code)
      .put("reason", reason)
      .put("message", message)));
  }

  void subscribed(String channel, JsonObject details) {
    write(SseFormat.event("subscribed", details.put("channel", channel)));
  }

  @Override
  public boolean deliver(Message message) {
    return write(message.encoded(SseFormat.INSTANCE));
  }

  @Override
  public void sweep(long nowNanos, long nowEpochSeconds) {
    super.sweep(nowNanos, nowEpochSeconds);
    if (!isClosed() && pending == null && nowNanos - lastWriteNanos >= heartbeatNanos) {
      write(HEARTBEAT);
    }
  }

  @Override
  protected void closeTransport(CloseReason reason) {
    if (pending == null && !response.ended() && !response.closed()) {
      response.write(SseFormat.event("close", new JsonObject()
        .put("code", reason.code())
        .put("reason", reason.reason())
        .put("reconnect", reason.reconnect())));
      response.end();
    } else if (!response.closed()) {
      response.reset();
    }
  }
}
