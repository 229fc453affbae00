package dev.realtimehub.gateway.ws;

import dev.realtimehub.gateway.PipelineWriter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;

/** What every upgraded WebSocket connection of the hub changes in its Netty pipeline, whatever the protocol. */
public final class WebSocketPipeline {

  /** The name Vert.x gives the IdleStateHandler it adds for {@code HttpServerOptions.idleTimeout}. */
  static final String VERTX_IDLE_HANDLER = "idle";

  private WebSocketPipeline() {
  }

  /**
   * Vert.x decodes text frames leniently, turning invalid UTF-8 into U+FFFD; RFC 6455 requires failing the
   * connection with 1007 instead, so Netty's validator checks every text frame, fragments included, sends the
   * 1007 close frame and drops the connection. The HTTP idle timer goes: a session has its own heartbeat and
   * idle deadline, checked by the gateway's sweep, and the per-connection timer only costs memory and a
   * scheduled task per read and write. The connection's writes skip Vert.x's thread-safe queue
   * ({@link StrictWriteQueue}): the hub writes from the event loop only. Returns the writer of the connection's text frames.
   */
  public static FrameWriter tune(HttpConnection upgraded) {
    ChannelPipeline pipeline = ((ConnectionBase) upgraded).channel().pipeline();
    pipeline.addAfter("wsencoder", "hub-utf8-validator", new Utf8FrameValidator(true));
    if (pipeline.get(VERTX_IDLE_HANDLER) != null) {
      pipeline.remove(VERTX_IDLE_HANDLER);
    }
    // The upgrade put the WebSocket connection's handler in place of the HTTP one, before toWebSocket completed.
    StrictWriteQueue.apply(((VertxHandler<?>) pipeline.get(VertxHandler.class)).getConnection());
    return new FrameWriter(PipelineWriter.of(pipeline));
  }
}
