package dev.realtimehub.bench.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-sent event streams, one per connection on a single channel each. A stream counts as subscribed
 * once the server answers 200 (both servers send the headers only when the subscription is in place).
 */
public final class SseFleet implements Fleet {

  private final Vertx vertx;
  private final Endpoint endpoint;
  private final FleetPlan plan;
  private final Receiver receiver = new Receiver();
  private final List<HttpClient> clients = new ArrayList<>();
  private final Map<String, Integer> subscribers = new HashMap<>();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger closedByServer = new AtomicInteger();
  private volatile boolean closing;
  private double connectSeconds;

  private SseFleet(Vertx vertx, Endpoint endpoint, FleetPlan plan) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.plan = plan;
    int perClient = plan.connections() / endpoint.sourceAddresses().size() + 1;
    for (String address : endpoint.sourceAddresses()) {
      clients.add(vertx.httpClientBuilder()
        .with(new HttpClientOptions().setLocalAddress(address).setConnectTimeout(10_000).setKeepAlive(true))
        .with(new PoolOptions().setHttp1MaxSize(perClient))
        .build());
    }
  }

  /** Opens every stream of the plan. Call from a non-Vert.x thread. */
  public static SseFleet open(Vertx vertx, Endpoint endpoint, FleetPlan plan) {
    SseFleet fleet = new SseFleet(vertx, endpoint, plan);
    long start = System.nanoTime();
    fleet.openAll().await();
    fleet.connectSeconds = (System.nanoTime() - start) / 1e9;
    return fleet;
  }

  private Future<Void> openAll() {
    Promise<Void> done = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger settled = new AtomicInteger();
    vertx.runOnContext(v -> {
      for (int i = 0; i < Math.min(plan.concurrency(), plan.connections()); i++) {
        openNext(next, settled, done);
      }
    });
    return done.future();
  }

  private void openNext(AtomicInteger next, AtomicInteger settled, Promise<Void> done) {
    int index = next.getAndIncrement();
    if (index >= plan.connections()) {
      return;
    }
    String channel = plan.channelsOf().apply(index).get(0);
    clients.get(index % clients.size())
      .request(new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(Endpoint.HOST)
        .setPort(endpoint.port(index))
        .setURI(endpoint.sseUri(channel))
        .putHeader("Accept", "text/event-stream"))
      .compose(HttpClientRequest::send)
      .compose(response -> response.statusCode() == 200
        ? Future.succeededFuture(response)
        : Future.failedFuture("status " + response.statusCode()))
      .onSuccess(response -> started(channel, response))
      .onFailure(failure -> failed.incrementAndGet())
      .onComplete(result -> {
        if (settled.incrementAndGet() == plan.connections()) {
          done.complete();
        } else {
          openNext(next, settled, done);
        }
      });
  }

  private void started(String channel, HttpClientResponse response) {
    EventSplitter splitter = new EventSplitter(receiver);
    response.handler(splitter::onChunk);
    response.exceptionHandler(failure -> { });
    response.endHandler(v -> {
      if (!closing) {
        closedByServer.incrementAndGet();
      }
    });
    subscribers.merge(channel, 1, Integer::sum);
    opened.incrementAndGet();
    receiver.ack();
  }

  /** Splits a byte stream into events at blank lines, carrying a partial event over to the next chunk. */
  private static final class EventSplitter {
    private final Receiver receiver;
    private Buffer partial;

    EventSplitter(Receiver receiver) {
      this.receiver = receiver;
    }

    void onChunk(Buffer chunk) {
      Buffer bytes = partial == null ? chunk : partial.appendBuffer(chunk);
      int start = 0;
      int length = bytes.length();
      for (int i = 0; i + 1 < length; i++) {
        if (bytes.getByte(i) == '\n' && bytes.getByte(i + 1) == '\n') {
          receiver.onBytes(bytes, start, i);
          start = i + 2;
          i++;
        }
      }
      partial = start >= length ? null : bytes.getBuffer(start, length);
    }
  }

  @Override
  public int connected() {
    return opened.get();
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
    return 0;
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
