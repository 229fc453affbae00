package dev.realtimehub.gateway.sse;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.StreamPosition;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.gateway.CloseReason;
import dev.realtimehub.gateway.GatewayContext;
import dev.realtimehub.gateway.Session;
import dev.realtimehub.history.HistoryRead;
import dev.realtimehub.presence.Roster;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server-sent events stream on {@code /sse}: receive-only, subscriptions fixed at connect. Writes made
 * while the channels are still being authorized wait (a few at most) until the stream starts.
 */
final class SseSession extends Session {

  static final String PROTOCOL = "sse";
  private static final Buffer HEARTBEAT = Buffer.buffer(":\n\n");
  private static final int MAX_PENDING = 256;

  /**
   * How one channel's subscription went; {@code known} is the position a {@code recovered:false} client was
   * given ({@code null} otherwise).
   */
  record Outcome(ChannelName channel, JsonObject subscribed, List<Message> replay, StreamPosition known,
                 Exception error) {
  }

  private final HttpServerResponse response;
  /** Writes events past Vert.x once the response head is out; {@code null} on HTTP/2. */
  private final ChunkWriter chunks;
  /** Set once Vert.x has written the response head (with the preamble); kept here, as Vert.x's flag is locked. */
  private boolean direct;
  private final long heartbeatNanos;
  private final SseCursor cursor = new SseCursor();
  private long lastWriteNanos = System.nanoTime();
  private List<Buffer> pending = new ArrayList<>();

  SseSession(GatewayContext gateway, HttpServerResponse response, ChunkWriter chunks, HubPrincipal principal) {
    super(gateway, GatewayContext.nextSessionId(), principal);
    this.response = response;
    this.chunks = chunks;
    this.heartbeatNanos = TimeUnit.SECONDS.toNanos(gateway.config().sse().heartbeatSeconds());
  }

  @Override
  public String protocol() {
    return PROTOCOL;
  }

  /**
   * Subscribes to a channel, resuming after {@code resume} when the browser sent a position for it. The
   * channel's starting position enters the cursor at once, so that a channel still quiet when the stream
   * drops is resumed from there rather than started live.
   */
  Future<Outcome> subscribe(ChannelName channel, SseCursor.Position resume) {
    channels.add(channel.value());
    if (resume != null) {
      hold(channel.value());
    }
    return hub().subscribe(gateway.index(), this, channel)
      .compose(subscription -> {
        JsonObject details = new JsonObject().put("channel", channel.value());
        Roster roster = subscription.roster();
        if (roster != null) {
          JsonArray members = new JsonArray();
          roster.members().forEach(member -> members.add(member.info()));
          details.put("presence", members).put("presence_count", roster.count());
        }
        if (resume == null) {
          details.put("offset", subscription.position().offset()).put("epoch", subscription.position().epoch());
          cursor.advance(channel.value(), subscription.position().offset(), subscription.position().epoch());
          return Future.succeededFuture(new Outcome(channel, details, null, null, null));
        }
        int limit = Math.max(1, subscription.type().options().historySize());
        return hub().history(channel, resume.offset(), resume.epoch(), limit)
          .map(read -> recovered(channel, resume, details, read));
      })
      .otherwise(failure -> {
        channels.remove(channel.value());
        hub().unsubscribe(gateway.index(), this, channel);
        discard(channel.value());
        return new Outcome(channel, null, null, null, (Exception) failure);
      });
  }

  private Outcome recovered(ChannelName channel, SseCursor.Position resume, JsonObject details, HistoryRead read) {
    details.put("offset", read.top().offset()).put("epoch", read.top().epoch()).put("recovered", read.recovered());
    SseCursor.Position start = read.recovered() ? resume : new SseCursor.Position(read.top().offset(),
      read.top().epoch());
    cursor.advance(channel.value(), start.offset(), start.epoch());
    return new Outcome(channel, details, read.recovered() ? read.messages() : List.of(),
      read.recovered() ? null : read.top(), null);
  }

  /** Starts the stream: the preamble and events, then whatever arrived meanwhile, then the replays. */
  void begin(Buffer preamble, List<Outcome> outcomes) {
    List<Buffer> waiting = pending;
    pending = null;
    write(preamble);
    // The head is out with the preamble: from here on events go straight into the connection.
    direct = chunks != null && !isClosed();
    for (Outcome outcome : outcomes) {
      if (outcome.subscribed() != null) {
        write(SseFormat.event("subscribed", outcome.subscribed()));
      }
    }
    waiting.forEach(this::write);
    for (Outcome outcome : outcomes) {
      if (outcome.replay() != null) {
        release(outcome.channel().value(), outcome.replay(), outcome.known());
      }
    }
  }

  /** Ends a session whose stream never started (every channel refused). */
  void abandon() {
    pending = null;
    onClosed();
  }

  void closedByClient() {
    onClosed();
  }

  void error(String channel, int code, String reason, String message) {
    write(SseFormat.event("error", new JsonObject()
      .put("channel", channel)
      .put("code", code)
      .put("reason", reason)
      .put("message", message)));
  }

  @Override
  protected void revoked(String channel, String reason) {
    write(SseFormat.event("unsubscribed", new JsonObject()
      .put("channel", channel)
      .put("reason", ACCESS_REVOKED)
      .put("message", reason)));
  }

  @Override
  protected boolean write(Message message) {
    return write(message, true);
  }

  @Override
  protected boolean writeUnflushed(Message message) {
    return write(message, false);
  }

  @Override
  public void flush() {
    if (direct) {
      chunks.flush();
    }
  }

  private boolean write(Message message, boolean flush) {
    Buffer event = message.encoded(SseFormat.INSTANCE);
    if (!message.publication().isMessage()) {
      return write(event, flush);
    }
    cursor.advance(message.channel(), message.offset(), message.epoch());
    return write(Buffer.buffer("id: " + cursor.encode() + "\n").appendBuffer(event), flush);
  }

  private boolean write(Buffer bytes) {
    return write(bytes, true);
  }

  private boolean write(Buffer bytes, boolean flush) {
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
    if (direct ? !chunks.hasRoom() : response.writeQueueFull()) {
      metrics().dropped("slow_consumer");
      close(CloseReason.SLOW);
      return false;
    }
    lastWriteNanos = System.nanoTime();
    if (direct) {
      chunks.write(bytes, flush);
    } else {
      response.write(bytes);
    }
    return true;
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
      Buffer close = SseFormat.event("close", new JsonObject()
        .put("code", reason.code())
        .put("reason", reason.reason())
        .put("reconnect", reason.reconnect()));
      if (direct) {
        chunks.write(close, true);
      } else {
        response.write(close);
      }
      response.end();
    } else if (!response.closed()) {
      response.reset();
    }
  }
}
