package dev.realtimehub.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WebSocket connections speaking the native protocol: one {@link WebSocketClient} per source address,
 * connections assigned round-robin, then one {@code subscribe} frame per channel.
 */
public final class WsFleet implements Fleet {

  private final Vertx vertx;
  private final Endpoint endpoint;
  private final FleetPlan plan;
  private final Receiver receiver = new Receiver();
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final List<WebSocket> sockets = new ArrayList<>();
  private final Map<WebSocket, List<String>> subscriptions = new HashMap<>();
  private final Map<String, Integer> subscribers = new HashMap<>();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger closedByServer = new AtomicInteger();
  private volatile boolean closing;
  private double connectSeconds;
  private double subscribeSeconds;

  private WsFleet(Vertx vertx, Endpoint endpoint, FleetPlan plan) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.plan = plan;
    for (String address : endpoint.sourceAddresses()) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions()
        .setLocalAddress(address)
        .setMaxConnections(plan.connections())
        .setConnectTimeout(10_000)
        .setTryUsePerMessageCompression(false)
        .setTryUsePerFrameCompression(false)
        .setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 20)));
    }
  }

  /** Opens and subscribes every connection of the plan. Call from a non-Vert.x thread. */
  public static WsFleet open(Vertx vertx, Endpoint endpoint, FleetPlan plan) {
    WsFleet fleet = new WsFleet(vertx, endpoint, plan);
    long start = System.nanoTime();
    fleet.connectAll().await();
    fleet.connectSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    fleet.subscribeAll().await();
    fleet.subscribeSeconds = (System.nanoTime() - start) / 1e9;
    return fleet;
  }

  private Future<Void> connectAll() {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger settled = new AtomicInteger();
    vertx.runOnContext(v -> {
      for (int i = 0; i < Math.min(plan.concurrency(), plan.connections()); i++) {
        connectNext(next, settled, done);
      }
    });
    return done.future();
  }

  private void connectNext(AtomicInteger next, AtomicInteger settled, Promise<Void> done) {
    int index = next.getAndIncrement();
    if (index >= plan.connections()) {
      return;
    }
    WebSocketClient client = clients.get(index % clients.size());
    client.connect(new WebSocketConnectOptions()
        .setHost(Endpoint.HOST)
        .setPort(endpoint.port(index))
        .setURI(endpoint.wsUri()))
      .onSuccess(ws -> opened(index, ws))
      .onFailure(failure -> failed.incrementAndGet())
      .onComplete(result -> {
        if (settled.incrementAndGet() == plan.connections()) {
          done.complete();
        } else {
          connectNext(next, settled, done);
        }
      });
  }

  private void opened(int index, WebSocket ws) {
    ws.handler(receiver::onFrame);
    ws.closeHandler(v -> {
      if (!closing) {
        closedByServer.incrementAndGet();
      }
    });
    ws.exceptionHandler(failure -> { });
    sockets.add(ws);
    plan.channelsOf().apply(index).forEach(channel -> subscribers.merge(channel, 1, Integer::sum));
    subscriptions.put(ws, plan.channelsOf().apply(index));
  }

  private Future<Void> subscribeAll() {
    long expected = subscriptions.values().stream().mapToLong(List::size).sum();
    vertx.runOnContext(v -> subscriptions.forEach((ws, channels) -> channels.forEach(channel ->
      ws.writeTextMessage(endpoint.subscribeFrame(channel)))));
    return Waits.until(vertx, () -> receiver.acks() + receiver.errors() >= expected, 60_000)
      .compose(v -> receiver.errors() == 0
        ? Future.succeededFuture()
        : Future.failedFuture("subscriptions refused: " + receiver.errors() + " of " + expected));
  }

  @Override
  public int connected() {
    return sockets.size();
  }

  @Override
  public int failed() {
    return failed.get();
  }

  @Override
  public int closedByServer() {
    return closedByServer.get();
  }

  @Override
  public int subscribers(String channel) {
    return subscribers.getOrDefault(channel, 0);
  }

  @Override
  public double connectSeconds() {
    return connectSeconds;
  }

  @Override
  public double subscribeSeconds() {
    return subscribeSeconds;
  }

  @Override
  public Receiver receiver() {
    return receiver;
  }

  @Override
  public Future<Void> close() {
    closing = true;
    List<Future<Void>> closes = new ArrayList<>();
    clients.forEach(client -> closes.add(client.shutdown(1, TimeUnit.SECONDS)));
    return Future.join(closes).mapEmpty();
  }
}
