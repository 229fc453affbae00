package dev.realtimehub.pusher.auth;

import dev.realtimehub.HubServices;
import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.error.HubException;
import dev.realtimehub.pusher.PusherApps.PusherApp;
import dev.realtimehub.pusher.PusherChannel;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /pusher/auth} and {@code POST /pusher/user-auth}: the hub signing for pusher-js, so that
 * {@code channelAuthorization.endpoint} and {@code userAuthentication.endpoint} can point at the hub. The caller
 * proves who it is with {@code Authorization: Bearer <JWT>}; the channel type's subscribe rules are checked for
 * that user exactly as for a native subscription before anything is signed. Presence {@code channel_data} and
 * {@code user_data} are built from the token (user id = {@code sub}, info from {@code presence.user_claims}),
 * never from the request. The app is the one named by {@code key} (query) or {@code app_key} (form), else the
 * first configured app.
 */
final class PusherAuthHandler {

  private static final String SOCKET_ID = "\\d{1,32}\\.\\d{1,32}";

  private final HubServices services;

  PusherAuthHandler(HubServices services) {
    this.services = services;
  }

  void channel(RoutingContext rc) {
    MultiMap form = rc.request().formAttributes();
    String channelName = form.get("channel_name");
    Future.succeededFuture()
      .compose(v -> {
        PusherApp app = app(rc, form);
        String socketId = socketId(form);
        if (channelName == null || channelName.isEmpty()) {
          throw HubException.badRequest("channel_name is required");
        }
        PusherChannel channel = PusherChannel.parse(channelName);
        ChannelType type = services.hub().authorizer().types().typeOf(channel.hub());
        checkSignable(channel, type);
        return principal(rc)
          .compose(principal -> services.hub().authorizer().authorizeSubscribe(principal, channel.hub())
            .map(ok -> signChannel(app, socketId, channel, principal)));
      })
      .onSuccess(body -> reply(rc, "channel", body))
      .onFailure(failure -> fail(rc, "channel", failure));
  }

  void user(RoutingContext rc) {
    MultiMap form = rc.request().formAttributes();
    Future.succeededFuture()
      .compose(v -> {
        PusherApp app = app(rc, form);
        String socketId = socketId(form);
        if (!app.settings().userAuthentication()) {
          throw HubException.forbidden("user authentication is not enabled for app " + app.id());
        }
        return principal(rc).map(principal -> {
          String userData = new JsonObject().put("id", principal.subject())
            .put("user_info", userInfo(principal)).encode();
          return new JsonObject().put("auth", app.signer().userAuth(socketId, userData)).put("user_data", userData);
        });
      })
      .onSuccess(body -> reply(rc, "user", body))
      .onFailure(failure -> fail(rc, "user", failure));
  }

  private static void checkSignable(PusherChannel channel, ChannelType type) {
    switch (channel.access()) {
      case PUBLIC, USER -> throw HubException.badRequest(channel.name() + " needs no channel authorization");
      case PRESENCE -> {
        if (!type.options().presence()) {
          throw HubException.badRequest(type.name() + " channels have no presence: use private-" + channel.hub());
        }
      }
      case PRIVATE -> {
        if (channel.name().startsWith("private-encrypted-")) {
          throw HubException.badRequest("encrypted channels need the app's own auth endpoint: the hub holds no "
            + "encryption master key");
        }
      }
    }
  }

  private JsonObject signChannel(PusherApp app, String socketId, PusherChannel channel, HubPrincipal principal) {
    if (channel.access() != PusherChannel.Access.PRESENCE) {
      return new JsonObject().put("auth", app.signer().channelAuth(socketId, channel.name(), null));
    }
    String channelData = new JsonObject().put("user_id", principal.subject())
      .put("user_info", userInfo(principal)).encode();
    return new JsonObject().put("auth", app.signer().channelAuth(socketId, channel.name(), channelData))
      .put("channel_data", channelData);
  }

  /** The user as presence shows it, without {@code id}: Pusher carries that as {@code user_id}. */
  private JsonObject userInfo(HubPrincipal principal) {
    JsonObject info = services.hub().signals().userInfo(principal).copy();
    info.remove("id");
    return info;
  }

  private PusherApp app(RoutingContext rc, MultiMap form) {
    String key = rc.request().getParam("key");
    if (key == null) {
      key = form.get("app_key");
    }
    if (key == null) {
      if (services.pusherApps().isEmpty()) {
        throw HubException.notFound("no Pusher app is configured");
      }
      return services.pusherApps().all().iterator().next();
    }
    PusherApp app = services.pusherApps().byKey(key);
    if (app == null) {
      throw HubException.notFound("no Pusher app with key " + (key.length() > 64 ? key.substring(0, 64) : key));
    }
    if (!app.settings().enabled()) {
      throw HubException.forbidden("app " + app.id() + " is disabled");
    }
    return app;
  }

  private static String socketId(MultiMap form) {
    String socketId = form.get("socket_id");
    if (socketId == null || !socketId.matches(SOCKET_ID)) {
      throw HubException.badRequest("socket_id must look like 123.456");
    }
    return socketId;
  }

  private Future<HubPrincipal> principal(RoutingContext rc) {
    String header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      return Future.failedFuture(HubException.unauthorized("Authorization: Bearer <token> is required"));
    }
    return services.authenticator().authenticate(header.substring(7).trim());
  }

  private void reply(RoutingContext rc, String endpoint, JsonObject body) {
    services.metrics().pusherAuth(endpoint, 200);
    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
  }

  private void fail(RoutingContext rc, String endpoint, Throwable failure) {
    services.metrics().pusherAuth(endpoint, HubException.from(failure).code().status());
    rc.fail(failure);
  }
}
