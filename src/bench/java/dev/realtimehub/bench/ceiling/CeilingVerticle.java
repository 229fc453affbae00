package dev.realtimehub.bench.ceiling;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event loop serving {@code /ws}, {@code /sse} and {@code POST /api/publish}. A subscribe frame is
 * read by scanning for its channel string; a publish wraps the request body into one message frame
 * (sized like the hub's) and writes those same bytes to every subscriber of the channel.
 */
final class CeilingVerticle extends VerticleBase {

  private static final String SUBSCRIBED = "{\"type\":\"subscribed\"}";
  private static final byte[] CHANNEL_KEY = "\"channel\":\"".getBytes(StandardCharsets.US_ASCII);

  private final int port;
  private final Map<String, List<ServerWebSocket>> sockets = new HashMap<>();
  private final Map<String, List<HttpServerResponse>> streams = new HashMap<>();
  private long offset;

  CeilingVerticle(int port) {
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions()
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false))
      .webSocketHandler(this::onSocket)
      .requestHandler(this::onRequest)
      .listen(port, "127.0.0.1");
  }

  private void onSocket(ServerWebSocket ws) {
    List<String> mine = new ArrayList<>(1);
    ws.handler(frame -> {
      String channel = channelOf(frame);
      if (channel != null) {
        mine.add(channel);
        sockets.computeIfAbsent(channel, c -> new ArrayList<>()).add(ws);
        ws.writeTextMessage(SUBSCRIBED);
      }
    });
    ws.closeHandler(v -> mine.forEach(channel -> sockets.get(channel).remove(ws)));
  }

  private void onRequest(HttpServerRequest request) {
    if (request.method() == HttpMethod.POST && request.path().equals("/api/publish")) {
      request.body().onSuccess(body -> publish(request, body));
    } else if (request.path().equals("/sse")) {
      stream(request);
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private void stream(HttpServerRequest request) {
    String channel = request.getParam("channels");
    HttpServerResponse response = request.response()
      .setChunked(true)
      .putHeader("Content-Type", "text/event-stream");
    streams.computeIfAbsent(channel, c -> new ArrayList<>()).add(response);
    response.closeHandler(v -> streams.get(channel).remove(response));
    response.write("retry: 3000\n\n");
  }

  private void publish(HttpServerRequest request, Buffer body) {
    String channel = channelOf(body);
    Buffer frame = Buffer.buffer(body.length() + 96)
      .appendString("{\"type\":\"message\",")
      .appendBuffer(body, 1, body.length() - 2)
      .appendString(",\"offset\":" + (++offset) + ",\"epoch\":\"ceiling0\",\"ts\":" + System.currentTimeMillis() + "}");
    int delivered = 0;
    for (ServerWebSocket ws : sockets.getOrDefault(channel, List.of())) {
      ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) frame).getByteBuf(), true));
      delivered++;
    }
    List<HttpServerResponse> sse = streams.getOrDefault(channel, List.of());
    if (!sse.isEmpty()) {
      Buffer event = Buffer.buffer("id: " + channel + ":" + offset + "\ndata: ")
        .appendBuffer(frame)
        .appendString("\n\n");
      for (HttpServerResponse response : sse) {
        response.write(event);
        delivered++;
      }
    }
    request.response()
      .putHeader("Content-Type", "application/json")
      .end("{\"delivered\":" + delivered + "}");
  }

  /** The string after the first {@code "channel":"}, or {@code null}: all the parsing the ceiling does. */
  static String channelOf(Buffer bytes) {
    int length = bytes.length();
    outer:
    for (int i = 0; i + CHANNEL_KEY.length < length; i++) {
      for (int j = 0; j < CHANNEL_KEY.length; j++) {
        if (bytes.getByte(i + j) != CHANNEL_KEY[j]) {
          continue outer;
        }
      }
      int start = i + CHANNEL_KEY.length;
      int end = start;
      while (end < length && bytes.getByte(end) != '"') {
        end++;
      }
      return bytes.getString(start, end, "US-ASCII");
    }
    return null;
  }
}
