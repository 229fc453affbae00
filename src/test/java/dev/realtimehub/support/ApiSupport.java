package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Helpers for the SSE, server API and operations tests: plain requests on any client, bounded polling, the raw
 * start of an event stream and reading one series of a Prometheus scrape.
 */
public final class ApiSupport {

  private static final long POLL_INTERVAL_MS = 50;

  private ApiSupport() {
  }

  /** A GET on {@code client} (for example a client bound to the admin port). */
  public static Future<TestResponse> get(Vertx vertx, HttpClient client, String uri) {
    return TestResponse.send(vertx, client, "GET", uri, null, Map.of());
  }

  /**
   * Runs {@code check} every 50 ms until it yields {@code true}; fails once {@code timeoutMs} has passed
   * without that. A bounded wait for state the hub changes asynchronously.
   */
  public static Future<Void> eventually(Vertx vertx, long timeoutMs, Supplier<Future<Boolean>> check) {
    return poll(vertx, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs), check);
  }

  private static Future<Void> poll(Vertx vertx, long deadlineNanos, Supplier<Future<Boolean>> check) {
    return check.get().compose(done -> {
      if (done) {
        return Future.succeededFuture();
      }
      if (System.nanoTime() > deadlineNanos) {
        return Future.failedFuture("condition still false at the deadline");
      }
      return vertx.timer(POLL_INTERVAL_MS, TimeUnit.MILLISECONDS).compose(v -> poll(vertx, deadlineNanos, check));
    });
  }

  /** Subscribers of one channel as {@code GET /api/channels/{name}} reports them. */
  public static Future<Integer> subscribers(TestHub hub, String channel) {
    return hub.request("GET", "/api/channels/" + channel, null, TestHub.API_KEY)
      .map(response -> response.json().getInteger("subscribers"));
  }

  /** Opens an SSE stream read as raw text, for what an event parser hides ({@code retry:}, {@code event:}). */
  public static Future<RawStream> sseText(HttpClient client, String uri) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri)
      .putHeader("Accept", "text/event-stream");
    return client.request(options)
      .compose(request -> request.send())
      .map(RawStream::new);
  }

  /** The raw text of an SSE stream as it arrives. */
  public static final class RawStream {

    private final HttpClientResponse response;
    private final Buffer text = Buffer.buffer();
    private String marker;
    private Promise<String> waiting;

    private RawStream(HttpClientResponse response) {
      this.response = response;
      response.handler(bytes -> {
        text.appendBuffer(bytes);
        check();
      });
      response.endHandler(v -> fail("stream ended"));
      response.exceptionHandler(e -> fail(e.getMessage()));
    }

    public HttpClientResponse response() {
      return response;
    }

    /** Completes with all the text received so far once it contains {@code marker}. */
    public Future<String> until(String marker) {
      this.marker = marker;
      this.waiting = Promise.promise();
      Future<String> future = waiting.future();
      check();
      return future;
    }

    private void check() {
      if (waiting != null && text.toString().contains(marker)) {
        Promise<String> done = waiting;
        waiting = null;
        done.complete(text.toString());
      }
    }

    private void fail(String why) {
      if (waiting != null) {
        waiting.tryFail(why + " before '" + marker + "': " + text);
        waiting = null;
      }
    }

    public Future<Void> close() {
      return response.request().connection().close();
    }
  }

  /**
   * The value of one series in Prometheus text, {@code series} being the metric name with its labels exactly
   * as exposed ({@code hub_connections{protocol="ws"}}); {@code NaN} when the series is absent.
   */
  public static double metric(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
      }
    }
    return Double.NaN;
  }
}
