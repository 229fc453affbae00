package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A complete HTTP response as a test sees it. */
public record TestResponse(int status, MultiMap headers, Buffer body) {

  /** A request that gets no complete answer within this fails the test instead of hanging it. */
  static final long REQUEST_TIMEOUT_MS = 10_000;

  public JsonObject json() {
    return body.toJsonObject();
  }

  /** The {@code error.code} word of an error body. */
  public String errorCode() {
    return json().getJsonObject("error").getString("code");
  }

  public String errorMessage() {
    return json().getJsonObject("error").getString("message");
  }

  static Future<TestResponse> send(Vertx vertx, HttpClient client, String method, String uri, Object body,
                                   Map<String, String> headers) {
    return OnVertx.call(vertx, () -> sendOnLoop(client, method, uri, body, headers));
  }

  private static Future<TestResponse> sendOnLoop(HttpClient client, String method, String uri, Object body,
                                                 Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setURI(uri);
    headers.forEach(options::putHeader);
    options.setIdleTimeout(REQUEST_TIMEOUT_MS);
    return client.request(options)
      .compose(request -> body == null ? request.send()
        : request.send(body instanceof Buffer buffer ? buffer : Buffer.buffer(body.toString())))
      .compose(response -> response.body()
        .map(bytes -> new TestResponse(response.statusCode(), response.headers(), bytes)))
      .timeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }
}
