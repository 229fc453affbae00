package dev.realtimehub.support;

import dev.realtimehub.pusher.PusherSigner;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Pusher HTTP API client that signs requests as the Pusher server SDKs do: {@code auth_*} parameters, the body's
 * MD5, the signature over the unescaped sorted query, and the URL-escaped query on the wire. {@code tamper} lets a
 * test break one part after signing.
 */
public final class PusherRest {

  /** The parts of a signed request a test may change before it is sent. */
  public static final class Request {
    public final Map<String, String> query = new LinkedHashMap<>();
    public String path;
    public String body;

    Request(String path, String body) {
      this.path = path;
      this.body = body;
    }
  }

  private final HttpClient http;
  private final String appId;
  private final String key;
  private final PusherSigner signer;

  public PusherRest(HttpClient http, String appId, String key, String secret) {
    this.http = http;
    this.appId = appId;
    this.key = key;
    this.signer = new PusherSigner(key, secret);
  }

  public Future<TestResponse> post(String path, JsonObject body) {
    return send("POST", path, body.encode(), Map.of(), request -> { });
  }

  public Future<TestResponse> get(String path, Map<String, String> params) {
    return send("GET", path, null, params, request -> { });
  }

  /** Signs and sends {@code /apps/{appId}{path}}; {@code tamper} sees the signed request before it is sent. */
  public Future<TestResponse> send(String method, String path, String body, Map<String, String> params,
                                   Consumer<Request> tamper) {
    Request request = new Request("/apps/" + appId + path, body);
    request.query.put("auth_key", key);
    request.query.put("auth_timestamp", Long.toString(System.currentTimeMillis() / 1000));
    request.query.put("auth_version", "1.0");
    if (body != null && !body.isEmpty()) {
      request.query.put("body_md5", PusherSigner.bodyMd5(body.getBytes(StandardCharsets.UTF_8)));
    }
    request.query.putAll(params);
    request.query.put("auth_signature", signer.requestSignature(method, request.path, request.query));
    tamper.accept(request);
    StringBuilder uri = new StringBuilder(request.path);
    char separator = '?';
    for (Map.Entry<String, String> param : request.query.entrySet()) {
      uri.append(separator).append(param.getKey()).append('=')
        .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    Map<String, String> headers = new HashMap<>();
    if (request.body != null) {
      headers.put("Content-Type", "application/json");
    }
    return TestResponse.send(http, method, uri.toString(), request.body, headers);
  }

  /** Re-signs {@code request} as it now stands (after a test changed a signed part on purpose). */
  public void resign(String method, Request request) {
    request.query.put("auth_signature", signer.requestSignature(method, request.path, request.query));
  }
}
