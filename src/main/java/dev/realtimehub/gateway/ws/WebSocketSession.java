package dev.realtimehub.gateway.ws;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.gateway.CloseReason;
import dev.realtimehub.gateway.GatewayContext;
import dev.realtimehub.gateway.Session;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * What every WebSocket protocol shares: the write path (shared encoded bytes, batched frames with one flush,
 * a slow consumer closed at ws.outbound_queue_bytes), transport-level pings every ws.heartbeat_seconds and the
 * per-minute budget of error replies (ws.max_errors). Protocols add their frames on top.
 */
public abstract class WebSocketSession extends Session {

  private static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);
  /** ws.max_errors counts the errors of one minute, so only persistent misuse closes a connection. */
  private static final long ERROR_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
  /**
   * The sweep ticks once a second with some jitter; a tick a hair under a heartbeat after the last ping would
   * skip a beat and double the interval, which can make a client that answers every ping look idle.
   */
  protected static final long SWEEP_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  protected final ServerWebSocket ws;
  private final FrameWriter frames;
  private final long heartbeatNanos;
  private long lastPingNanos = System.nanoTime();
  private int errors;
  private long errorWindowStartNanos = System.nanoTime();

  protected WebSocketSession(GatewayContext gateway, ServerWebSocket ws, FrameWriter frames, String id,
                             HubPrincipal principal) {
    super(gateway, id, principal);
    this.ws = ws;
    this.frames = frames;
    this.heartbeatNanos = TimeUnit.SECONDS.toNanos(gateway.config().ws().heartbeatSeconds());
  }

  /** Installs the transport handlers shared by every protocol; the protocol then adds its text handler. */
  protected void attachTransport() {
    ws.setWriteQueueMaxSize(gateway.config().ws().outboundQueueBytes());
    ws.binaryMessageHandler(data -> close(CloseReason.UNSUPPORTED_DATA));
    ws.pongHandler(data -> lastReceivedNanos = System.nanoTime());
    ws.exceptionHandler(this::onException);
    ws.closeHandler(v -> onClosed());
    gateway.sessions().add(this);
  }

  /**
   * Writes a message's shared frame (a {@link TextFrames#framed} format); closes the connection as a slow consumer
   * when its queue is full.
   */
  protected boolean writeFrame(Buffer frame, boolean flush) {
    if (!mayWrite()) {
      return false;
    }
    frames.writeFrame(frame, flush);
    return true;
  }

  /** Writes encoded bytes as one text frame; closes the connection as a slow consumer when its queue is full. */
  protected boolean writeText(Buffer bytes, boolean flush) {
    if (!mayWrite()) {
      return false;
    }
    frames.writeText(bytes, flush);
    return true;
  }

  private boolean mayWrite() {
    // The socket closes (close frame received) before closeHandler ends the session: nothing may follow its close.
    if (isClosed() || ws.isClosed()) {
      return false;
    }
    // Past ws.outbound_queue_bytes the channel turns unwritable.
    if (!frames.hasRoom()) {
      metrics().dropped("slow_consumer");
      close(CloseReason.SLOW);
      return false;
    }
    return true;
  }

  /**
   * Writes a frame of this session only (a reply, an error), not shared with other connections. Replies are not
   * policed: they answer the client's own frames, which its rate limit bounds.
   */
  protected void sendText(String text) {
    if (!isClosed() && !ws.isClosed()) {
      frames.writeText(Buffer.buffer(text), true);
    }
  }

  /** Flushes even once closed: the close frame waits behind the frames already written, until they are sent. */
  @Override
  public void flush() {
    frames.flush();
  }

  /**
   * Counts one error reply; {@code true} when it exceeds ws.max_errors within the minute and the caller must
   * close instead of answering.
   */
  protected boolean overErrorBudget() {
    return ++errors > gateway.config().ws().maxErrors();
  }

  @Override
  public void sweep(long nowNanos, long nowEpochSeconds) {
    super.sweep(nowNanos, nowEpochSeconds);
    if (isClosed()) {
      return;
    }
    if (nowNanos - errorWindowStartNanos > ERROR_WINDOW_NANOS) {
      errors = 0;
      errorWindowStartNanos = nowNanos;
    }
    if (nowNanos - lastPingNanos >= heartbeatNanos - SWEEP_SLACK_NANOS) {
      lastPingNanos = nowNanos;
      ws.writePing(Buffer.buffer());
    }
  }

  @Override
  protected void closeTransport(CloseReason reason) {
    ws.close(reason.code(), reason.reason());
  }

  private void onException(Throwable failure) {
    if (failure instanceof IllegalStateException && String.valueOf(failure.getMessage()).contains("size")) {
      metrics().clientError("too_big");
      close(CloseReason.TOO_BIG);
      return;
    }
    log.debug("websocket error session={}: {}", id, failure.toString());
  }
}
