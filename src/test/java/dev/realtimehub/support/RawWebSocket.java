package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;

/**
 * A WebSocket client written by hand over a plain TCP socket, for what a well-behaved client cannot do:
 * read the raw handshake response, never answer pings, send invalid UTF-8 or odd frames, and drop the
 * TCP connection without a close frame. Frames it writes are masked, as the RFC requires of clients;
 * it never writes anything on its own.
 */
public final class RawWebSocket {

  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A frame as the server sent it; {@code rsv} holds the three reserved bits (compression sets the first). */
  public record Frame(boolean fin, int rsv, int opcode, Buffer payload) {

    public String text() {
      return payload.toString(StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      return new JsonObject(text());
    }

    /** The status code of a close frame (1005 when it carries none). */
    public int closeCode() {
      return payload.length() >= 2 ? payload.getUnsignedShort(0) : 1005;
    }
  }

  /** The status and headers of the server's answer to the upgrade request. */
  public record Handshake(int status, MultiMap headers) {
  }

  private final NetClient client;
  private final NetSocket socket;
  private final Promise<Handshake> handshake = Promise.promise();
  private final Promise<Void> closed = Promise.promise();
  private final Deque<Frame> received = new ArrayDeque<>();
  private final Deque<Promise<Frame>> waiting = new ArrayDeque<>();
  private Buffer pending = Buffer.buffer();
  private boolean upgraded;

  private RawWebSocket(NetClient client, NetSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.handler(this::onData);
    socket.closeHandler(v -> onClosed());
  }

  /** Opens a TCP connection to the hub and sends an upgrade request for {@code uri} with extra headers. */
  public static Future<RawWebSocket> connect(Vertx vertx, int port, String uri, Map<String, String> headers) {
    return connect(vertx, new NetClientOptions(), port, uri, headers);
  }

  public static Future<RawWebSocket> connect(Vertx vertx, NetClientOptions options, int port, String uri,
                                             Map<String, String> headers) {
    NetClient client = vertx.createNetClient(options);
    return client.connect(port, "127.0.0.1")
      .map(socket -> new RawWebSocket(client, socket))
      .compose(raw -> raw.socket.write(upgradeRequest(uri, headers)).map(raw))
      .onFailure(failure -> client.close());
  }

  private static Buffer upgradeRequest(String uri, Map<String, String> headers) {
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    StringBuilder request = new StringBuilder()
      .append("GET ").append(uri).append(" HTTP/1.1\r\n")
      .append("Host: 127.0.0.1\r\n")
      .append("Upgrade: websocket\r\n")
      .append("Connection: Upgrade\r\n")
      .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n")
      .append("Sec-WebSocket-Version: 13\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    return Buffer.buffer(request.append("\r\n").toString(), "US-ASCII");
  }

  /** Completes with the server's answer to the upgrade request. */
  public Future<Handshake> handshake() {
    return handshake.future();
  }

  /** The next frame the server sent, in order; fails once the connection is closed and nothing is left. */
  public Future<Frame> next() {
    Frame frame = received.poll();
    if (frame != null) {
      return Future.succeededFuture(frame);
    }
    if (closed.future().isComplete()) {
      return Future.failedFuture("connection closed");
    }
    Promise<Frame> promise = Promise.promise();
    waiting.add(promise);
    return promise.future();
  }

  /** Skips frames until one with this opcode. */
  public Future<Frame> next(int opcode) {
    return next().compose(frame -> frame.opcode() == opcode ? Future.succeededFuture(frame) : next(opcode));
  }

  /** Completes when the TCP connection is closed, by either side. */
  public Future<Void> closed() {
    return closed.future();
  }

  /** Writes one masked frame with any opcode and payload, valid or not. */
  public Future<Void> writeFrame(boolean fin, int opcode, Buffer payload) {
    return socket.write(encode(fin, opcode, payload));
  }

  public Future<Void> writeText(String text) {
    return writeFrame(true, TEXT, Buffer.buffer(text));
  }

  /** Closes the TCP connection without a close frame, the way a crashed client or a dead network does. */
  public Future<Void> close() {
    return socket.close().eventually(client::close);
  }

  private static Buffer encode(boolean fin, int opcode, Buffer payload) {
    Buffer frame = Buffer.buffer(payload.length() + 14);
    frame.appendByte((byte) ((fin ? 0x80 : 0) | opcode));
    int length = payload.length();
    if (length < 126) {
      frame.appendByte((byte) (0x80 | length));
    } else if (length <= 0xFFFF) {
      frame.appendByte((byte) (0x80 | 126)).appendUnsignedShort(length);
    } else {
      frame.appendByte((byte) (0x80 | 127)).appendLong(length);
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.appendBytes(mask);
    for (int i = 0; i < length; i++) {
      frame.appendByte((byte) (payload.getByte(i) ^ mask[i % 4]));
    }
    return frame;
  }

  private void onData(Buffer data) {
    pending.appendBuffer(data);
    if (!handshake.future().isComplete() && !readHandshake()) {
      return;
    }
    while (upgraded && readFrame()) {
      // each pass consumes one complete frame
    }
  }

  private boolean readHandshake() {
    String text = pending.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String[] lines = text.substring(0, end).split("\r\n");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
    }
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    pending = pending.getBuffer(end + 4, pending.length());
    upgraded = status == 101;
    handshake.complete(new Handshake(status, headers));
    return true;
  }

  private boolean readFrame() {
    if (pending.length() < 2) {
      return false;
    }
    int first = pending.getUnsignedByte(0);
    int second = pending.getUnsignedByte(1);
    long length = second & 0x7F;
    int header = 2;
    if (length == 126) {
      if (pending.length() < 4) {
        return false;
      }
      length = pending.getUnsignedShort(2);
      header = 4;
    } else if (length == 127) {
      if (pending.length() < 10) {
        return false;
      }
      length = pending.getLong(2);
      header = 10;
    }
    int maskLength = (second & 0x80) != 0 ? 4 : 0;
    long end = header + maskLength + length;
    if (pending.length() < end) {
      return false;
    }
    Buffer payload = pending.getBuffer(header + maskLength, (int) end);
    if (maskLength > 0) {
      payload = unmask(payload, pending.getBytes(header, header + 4));
    }
    pending = pending.getBuffer((int) end, pending.length());
    offer(new Frame((first & 0x80) != 0, (first >> 4) & 0x7, first & 0x0F, payload));
    return true;
  }

  private static Buffer unmask(Buffer payload, byte[] mask) {
    Buffer plain = Buffer.buffer(payload.length());
    for (int i = 0; i < payload.length(); i++) {
      plain.appendByte((byte) (payload.getByte(i) ^ mask[i % 4]));
    }
    return plain;
  }

  private void offer(Frame frame) {
    Promise<Frame> promise = waiting.poll();
    if (promise != null) {
      promise.complete(frame);
    } else {
      received.add(frame);
    }
  }

  private void onClosed() {
    closed.tryComplete();
    handshake.tryFail("connection closed before the handshake completed");
    waiting.forEach(promise -> promise.tryFail("connection closed"));
    waiting.clear();
  }
}
