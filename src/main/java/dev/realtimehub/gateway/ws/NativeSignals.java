package dev.realtimehub.gateway.ws;

import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.RateLimiter;
import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

/**
 * The native protocol's typing and read-receipt frames for one session. Both need a subscription to a
 * channel whose type enables them and a signed-in user; typing frames have their own per-connection rate.
 */
final class NativeSignals {

  private final NativeSession session;
  private final RateLimiter typingRate;

  NativeSignals(NativeSession session, int typingPerSecond) {
    this.session = session;
    this.typingRate = new RateLimiter(typingPerSecond, typingPerSecond, System.nanoTime());
  }

  private Hub hub() {
    return session.gateway().hub();
  }

  private ChannelName channel(String name, Predicate<ChannelType> enabled, String feature) {
    ChannelName channel = ChannelName.parse(name);
    ChannelType type = hub().authorizer().types().typeOf(channel);
    if (!enabled.test(type)) {
      throw HubException.forbidden(feature + " is not enabled on " + type.name() + " channels");
    }
    if (!session.principal().authenticated()) {
      throw HubException.unauthorized(feature + " needs a signed-in user");
    }
    if (!session.isSubscribed(channel.value())) {
      throw HubException.forbidden("subscribe to " + channel + " first");
    }
    return channel;
  }

  void typing(NativeFrame.Typing frame) {
    ChannelName channel = channel(frame.channel(), type -> type.options().typing(), "typing");
    if (typingRate.acquire(System.nanoTime()) != RateLimiter.Verdict.ALLOWED) {
      throw HubException.of(HubErrorCode.RATE_LIMITED, "too many typing frames");
    }
    hub().signals().typing(channel, session, frame.start());
  }

  void read(NativeFrame.Read frame) {
    ChannelName channel = channel(frame.channel(), type -> type.options().readReceipts(), "read receipts");
    hub().position(channel.value())
      .compose(top -> frame.offset() <= top.offset() && frame.offset() > 0
        ? hub().signals().read(channel, session, frame.offset())
        : io.vertx.core.Future.failedFuture(HubException.badRequest("offset " + frame.offset()
          + " is not a message of " + channel)))
      .onSuccess(advanced -> session.send(NativeCodec.reply("marked", frame.id())
        .put("channel", channel.value())
        .put("offset", frame.offset())))
      .onFailure(failure -> session.reject(frame.id(), HubException.from(failure)));
  }

  void reads(NativeFrame.Reads frame) {
    ChannelName channel = channel(frame.channel(), type -> type.options().readReceipts(), "read receipts");
    hub().signals().reads(channel.value())
      .onSuccess(reads -> session.send(NativeCodec.reply("reads", frame.id())
        .put("channel", channel.value())
        .put("reads", new JsonObject(new java.util.LinkedHashMap<>(reads)))))
      .onFailure(failure -> session.reject(frame.id(), HubException.from(failure)));
  }
}
