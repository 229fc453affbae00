package dev.realtimehub.api;

import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.channel.MembershipStore;
import dev.realtimehub.core.ChannelDirectory;
import dev.realtimehub.core.Hub;
import dev.realtimehub.error.HubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/channels}, {@code GET /api/channels/{name}} and the memberships behind {@code member:}
 * rules, {@code PUT|DELETE /api/channels/{name}/members/{userId}}.
 */
public final class ChannelsHandler {

  static final int MAX_LIST = 1000;

  private final Hub hub;
  private final MembershipStore memberships;

  public ChannelsHandler(Hub hub, MembershipStore memberships) {
    this.hub = hub;
    this.memberships = memberships;
  }

  public void list(RoutingContext rc) {
    String prefix = rc.request().getParam("prefix", "");
    if (prefix.length() > ChannelName.MAX_LENGTH || !prefix.matches("[A-Za-z0-9_.=@\\-]*")) {
      throw HubException.badRequest("prefix: at most " + ChannelName.MAX_LENGTH + " channel-name characters");
    }
    hub.counts().occupied(prefix, MAX_LIST)
      .onSuccess(occupied -> {
        JsonArray channels = new JsonArray();
        for (ChannelDirectory.Occupancy occupancy : occupied) {
          channels.add(new JsonObject().put("name", occupancy.channel()).put("subscribers", occupancy.subscribers()));
        }
        Responses.json(rc, 200, new JsonObject().put("channels", channels));
      })
      .onFailure(rc::fail);
  }

  /** Subscriber counts are the whole hub's (every node of a cluster). */
  public void show(RoutingContext rc) {
    ChannelName channel = channel(rc);
    hub.counts().subscriptions(channel.value())
      .compose(subscribers -> hub.position(channel.value()).map(position -> new JsonObject()
        .put("name", channel.value())
        .put("occupied", subscribers > 0)
        .put("subscribers", subscribers)
        .put("offset", position.offset())
        .put("epoch", position.epoch())))
      .onSuccess(body -> Responses.json(rc, 200, body))
      .onFailure(rc::fail);
  }

  public void addMember(RoutingContext rc) {
    ChannelName channel = memberChannel(rc);
    memberships.add(channel.type(), channel.id(), userId(rc))
      .onSuccess(v -> rc.response().setStatusCode(204).end())
      .onFailure(rc::fail);
  }

  public void removeMember(RoutingContext rc) {
    ChannelName channel = memberChannel(rc);
    memberships.remove(channel.type(), channel.id(), userId(rc))
      .onSuccess(v -> rc.response().setStatusCode(204).end())
      .onFailure(rc::fail);
  }

  private ChannelName channel(RoutingContext rc) {
    ChannelName channel = ChannelName.parse(rc.pathParam("name"));
    hub.authorizer().types().typeOf(channel);
    return channel;
  }

  private ChannelName memberChannel(RoutingContext rc) {
    ChannelName channel = channel(rc);
    ChannelType type = hub.authorizer().types().typeOf(channel);
    if (!channel.hasId()) {
      throw HubException.unprocessable("channels of type " + type.name() + " have no members");
    }
    return channel;
  }

  private static String userId(RoutingContext rc) {
    String userId = rc.pathParam("userId");
    if (userId == null || !userId.matches("[A-Za-z0-9_.=@\\-]{1,128}")) {
      throw HubException.unprocessable("userId: 1 to 128 of A-Z a-z 0-9 _ . = @ -");
    }
    return userId;
  }
}
