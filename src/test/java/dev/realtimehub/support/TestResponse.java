package dev.realtimehub.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/** A complete HTTP response as a test sees it. */
public record TestResponse(int status, MultiMap headers, Buffer body) {

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

  static Future<TestResponse> send(HttpClient client, String method, String uri, Object body,
                                   Map<String, String> headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setURI(uri);
    headers.forEach(options::putHeader);
    return client.request(options)
      .compose(request -> body == null ? request.send()
        : request.send(body instanceof Buffer buffer ? buffer : Buffer.buffer(body.toString())))
      .compose(response -> response.body()
        .map(bytes -> new TestResponse(response.statusCode(), response.headers(), bytes)));
  }
}
