package dev.realtimehub.core;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.broker.Broker;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.config.HubConfig;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.history.HistoryPolicy;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.presence.JoinResult;
import dev.realtimehub.presence.PresenceManager;
import dev.realtimehub.presence.PresenceMember;
import dev.realtimehub.presence.Roster;
import dev.realtimehub.presence.TypingStore;
import dev.realtimehub.presence.TypingTracker;
import dev.realtimehub.receipts.ReadReceiptStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Presence, typing and read receipts: the transient signals of a channel. Each change is published through
 * the broker as a signal, so every node's subscribers see it; the state lives in the presence manager, the
 * typing tracker and the read-receipt store. Thread-safe.
 */
public final class Signals {

  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private final Broker broker;
  private final PresenceManager presence;
  private final TypingStore typing;
  private final ReadReceiptStore receipts;
  private final HubConfig.Presence config;
  private final HubMetrics metrics;
  private volatile MemberListener members = MemberListener.NONE;

  /** Hears users joining and leaving presence: once per user (first and last connection) across the cluster. */
  public interface MemberListener {
    MemberListener NONE = new MemberListener() {
      @Override
      public void added(String channel, String userId) {
      }

      @Override
      public void removed(String channel, String userId) {
      }
    };

    /** Called on any thread; must not block. */
    void added(String channel, String userId);

    /** Called on any thread; must not block. */
    void removed(String channel, String userId);
  }

  public Signals(Broker broker, PresenceManager presence, TypingStore typing, ReadReceiptStore receipts,
                 HubConfig.Presence config, HubMetrics metrics) {
    this.broker = broker;
    this.presence = presence;
    this.typing = typing;
    this.receipts = receipts;
    this.config = config;
    this.metrics = metrics;
  }

  /** Sets the single member listener. */
  public void memberListener(MemberListener listener) {
    this.members = listener;
  }

  /** Whether {@code userId} is present in {@code channel} through any connection on any node. */
  public Future<Boolean> isMember(String channel, String userId) {
    return presence.isMember(channel, userId);
  }

  /** The user as others see it: {@code id} plus the configured token claims, capped in size. */
  public JsonObject userInfo(HubPrincipal principal) {
    JsonObject info = new JsonObject().put("id", principal.subject());
    for (String claim : config.userClaims()) {
      Object value = principal.claims().getValue(claim);
      if (value != null && !"id".equals(claim)) {
        info.put(claim, value);
      }
    }
    if (info.encode().getBytes(StandardCharsets.UTF_8).length > config.maxUserInfoBytes()) {
      return new JsonObject().put("id", principal.subject());
    }
    return info;
  }

  /** Adds the connection to the channel's presence and tells the others when the user is new there. */
  Future<Roster> join(ChannelName channel, Subscriber subscriber, PresenceMember member, int maxMembers) {
    return presence.join(channel.value(), subscriber.id(), member, maxMembers)
      .compose(result -> {
        if (result == JoinResult.FULL) {
          return Future.failedFuture(HubException.of(HubErrorCode.RATE_LIMITED, "channel " + channel
            + " has its maximum of " + maxMembers + " members"));
        }
        if (result == JoinResult.FIRST) {
          members.added(channel.value(), member.id());
          signal(channel, Publication.Kind.PRESENCE, "join", new JsonObject().put("action", "join")
            .put("user", member.info()), subscriber.id());
        }
        return presence.roster(channel.value(), config.maxRoster());
      });
  }

  /** Removes the connection from presence and typing, telling the others what ended. */
  void leave(ChannelName channel, ChannelType type, Subscriber subscriber, String userId) {
    if (type.options().typing()) {
      typing.connectionLeft(channel.value(), userId, subscriber.id())
        .onSuccess(wasTyping -> {
          if (wasTyping) {
            typingSignal(channel, userId, "stop", null);
          }
        });
    }
    if (type.options().presence()) {
      presence.leave(channel.value(), subscriber.id(), userId)
        .onSuccess(member -> {
          if (member != null) {
            members.removed(channel.value(), member.id());
            signal(channel, Publication.Kind.PRESENCE, "leave", new JsonObject().put("action", "leave")
              .put("user", member.info()), null);
          }
        })
        .onFailure(e -> log.warn("presence leave failed channel={} user={}: {}", channel, userId, e.toString()));
    }
  }

  public Future<Roster> roster(String channel) {
    return presence.roster(channel, config.maxRoster());
  }

  /** A typing state change from a client; announced to the others only when the state changed. */
  public void typing(ChannelName channel, Subscriber subscriber, boolean start) {
    String userId = subscriber.presenceUser(channel.value());
    (start ? typing.start(channel.value(), userId, subscriber.id()) : typing.stop(channel.value(), userId))
      .onSuccess(changed -> {
        if (changed) {
          typingSignal(channel, userId, start ? "start" : "stop", subscriber.id());
        }
      })
      .onFailure(e -> log.warn("typing update failed channel={} user={}: {}", channel, userId, e.toString()));
  }

  /** Announces {@code stop} for every typist whose indicator expired. Called by a per-node timer. */
  public void expireTyping() {
    typing.expire()
      .onSuccess(expired -> {
        for (TypingTracker.Typist typist : expired) {
          typingSignal(ChannelName.parse(typist.channel()), typist.userId(), "stop", typist.connection());
        }
      })
      .onFailure(e -> log.warn("typing expiry failed: {}", e.toString()));
  }

  /** Announces {@code leave} for users whose connections expired on a node that stopped. Per-node timer. */
  public void expirePresence() {
    presence.expire()
      .onSuccess(departures -> departures.forEach(departure -> {
        members.removed(departure.channel(), departure.member().id());
        signal(ChannelName.parse(departure.channel()), Publication.Kind.PRESENCE, "leave",
          new JsonObject().put("action", "leave").put("user", departure.member().info()), null);
      }))
      .onFailure(e -> log.warn("presence expiry failed: {}", e.toString()));
  }

  private void typingSignal(ChannelName channel, String userId, String state, String exclude) {
    signal(channel, Publication.Kind.TYPING, state, new JsonObject()
      .put("user", new JsonObject().put("id", userId))
      .put("state", state), exclude);
  }

  /** Records a read receipt and tells the others when it moved forward. */
  public Future<Boolean> read(ChannelName channel, Subscriber subscriber, long offset) {
    String userId = subscriber.principal().subject();
    return receipts.mark(channel.value(), userId, offset)
      .onSuccess(advanced -> {
        if (advanced) {
          signal(channel, Publication.Kind.READ, "read", new JsonObject()
            .put("user", new JsonObject().put("id", userId))
            .put("offset", offset), subscriber.id());
        }
      });
  }

  public Future<Map<String, Long>> reads(String channel) {
    return receipts.reads(channel);
  }

  private void signal(ChannelName channel, Publication.Kind kind, String action, JsonObject fields, String exclude) {
    broker.publish(new Publication(kind, channel, action, fields, null, exclude, System.currentTimeMillis()),
        HistoryPolicy.NONE)
      .onSuccess(m -> metrics.signal(kind.wire()))
      .onFailure(e -> log.warn("{} signal lost channel={}: {}", kind.wire(), channel, e.toString()));
  }
}
