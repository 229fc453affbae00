package dev.realtimehub.core;

import dev.realtimehub.auth.HubPrincipal;
import dev.realtimehub.broker.Broker;
import dev.realtimehub.broker.BrokerListener;
import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.broker.StreamPosition;
import dev.realtimehub.channel.ChannelAuthorizer;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.channel.ChannelType;
import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.history.HistoryPolicy;
import dev.realtimehub.history.HistoryRead;
import dev.realtimehub.history.HistoryStore;
import dev.realtimehub.metrics.HubMetrics;
import dev.realtimehub.presence.PresenceMember;
import dev.realtimehub.occupancy.ChannelCounts;
import dev.realtimehub.presence.Roster;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The core API every protocol adapter speaks: subscribe, unsubscribe, publish, history. One per node,
 * shared by all gateway event loops; each event loop registers its {@link InstanceSubscriptions} under an
 * index. A message from the broker hops once to each event loop that has subscribers to its channel.
 */
public final class Hub implements BrokerListener {

  /** What a successful subscription reports back: the type, the stream position, the roster if any. */
  public record Subscription(ChannelType type, StreamPosition position, Roster roster) {
  }

  private record Instance(Context context, InstanceSubscriptions subscriptions, Consumer<String> terminateUser) {
  }

  /**
   * The channel on which nodes send each other {@link Publication.Kind#CONTROL} publications (revocations, ended
   * users), through the same broker as messages: Redis pub/sub in a cluster. Every node subscribes to it; no
   * channel type may be named so, so no client can subscribe or publish to it.
   */
  public static final String CONTROL_CHANNEL = ChannelTypes.RESERVED;
  static final String TERMINATE_USER = "terminate_user";
  static final String REVOKE = "revoke";

  private final ChannelAuthorizer authorizer;
  private final Broker broker;
  private final HistoryStore history;
  private final Signals signals;
  private final ChannelDirectory directory;
  private final ChannelCounts counts;
  private final HubMetrics metrics;
  private final AtomicReferenceArray<Instance> instances;
  private final int maxBacklog;
  private final Revocations revocations;
  /**
   * Broker subscriptions of channels still on their way (Redis SUBSCRIBE not yet acknowledged). A subscriber is
   * told it is subscribed only once its node listens: a signal published before that (a presence join, a read
   * mark) carries no offset that could reveal the gap later, and would be lost. A failed SUBSCRIBE is logged and
   * retried by the broker's reconnection, so it does not fail the subscription.
   */
  private final Map<String, Future<Void>> brokerSubscribing = new ConcurrentHashMap<>();

  public Hub(ChannelAuthorizer authorizer, Broker broker, HistoryStore history, Signals signals,
             ChannelDirectory directory, ChannelCounts counts, HubMetrics metrics, int maxBacklog) {
    this.maxBacklog = maxBacklog;
    this.authorizer = authorizer;
    this.broker = broker;
    this.history = history;
    this.signals = signals;
    this.directory = directory;
    this.counts = counts;
    this.metrics = metrics;
    this.instances = new AtomicReferenceArray<>(directory.instances());
    this.revocations = new Revocations(authorizer, metrics);
    broker.listener(this);
    broker.subscribe(CONTROL_CHANNEL);
    metrics.gauge("hub_channels", "Channels with subscribers on this node", directory::channelCount);
    metrics.gauge("hub_fanout_backlog", "Frames waiting to be written on the busiest event loop", this::backlog);
  }

  public ChannelAuthorizer authorizer() {
    return authorizer;
  }

  public ChannelDirectory directory() {
    return directory;
  }

  public Signals signals() {
    return signals;
  }

  /** Subscription counts and occupied channels across the hub (the whole cluster in Redis mode). */
  public ChannelCounts counts() {
    return counts;
  }

  public void register(int index, Context context, InstanceSubscriptions subscriptions) {
    register(index, context, subscriptions, user -> { });
  }

  /**
   * Registers an event loop; {@code terminateUser} closes that loop's connections of a user and is called on the
   * loop's context when any node asks for it ({@link #terminateUser}).
   */
  public void register(int index, Context context, InstanceSubscriptions subscriptions,
                       Consumer<String> terminateUser) {
    instances.set(index, new Instance(context, subscriptions, terminateUser));
  }

  /**
   * Closes every connection of {@code userId} on every node, whatever its protocol. Completes once the broker took
   * the instruction; the connections close shortly after, each node closing its own.
   */
  public Future<Void> terminateUser(String userId) {
    Publication control = new Publication(Publication.Kind.CONTROL, ChannelName.parse(CONTROL_CHANNEL),
      TERMINATE_USER, new JsonObject().put("user", userId), null, null, System.currentTimeMillis());
    return broker.publish(control, HistoryPolicy.NONE).mapEmpty();
  }

  private void control(Publication publication) {
    if (!TERMINATE_USER.equals(publication.event()) || !(publication.data() instanceof JsonObject data)) {
      return;
    }
    String user = data.getString("user");
    for (int i = 0; i < instances.length(); i++) {
      Instance instance = instances.get(i);
      if (instance != null && user != null) {
        instance.context().runOnContext(v -> instance.terminateUser().accept(user));
      }
    }
  }

  public void unregister(int index) {
    instances.set(index, null);
  }

  /**
   * Checks the channel policy, adds the subscriber on its event loop and joins presence where the type
   * tracks it. Fails with a hub error when access is denied or the channel is full, and with
   * {@code CONFLICT} when already subscribed.
   */
  public Future<Subscription> subscribe(int index, Subscriber subscriber, ChannelName channel) {
    HubPrincipal principal = subscriber.principal();
    return authorizer.authorizeSubscribe(principal, channel)
      .compose(type -> join(index, subscriber, channel, type, principal.authenticated()
        ? new PresenceMember(principal.subject(), signals.userInfo(principal)) : null, 0));
  }

  /**
   * Subscribes a connection whose access was vouched for outside the core (a Pusher subscription signed with the
   * app's secret): the type's rules are not checked. {@code member} is who the connection is present as where
   * the type tracks presence ({@code null}: not present); {@code maxMembers} caps the channel's distinct users
   * below the type's own cap (0: the type's cap only).
   */
  public Future<Subscription> subscribeVouched(int index, Subscriber subscriber, ChannelName channel,
                                               PresenceMember member, int maxMembers) {
    ChannelType type;
    try {
      type = authorizer.types().typeOf(channel);
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
    return join(index, subscriber, channel, type, member, maxMembers);
  }

  private Future<Subscription> join(int index, Subscriber subscriber, ChannelName channel, ChannelType type,
                                    PresenceMember member, int maxMembers) {
    Instance instance = instances.get(index);
    return onContext(instance.context(), () -> attach(index, instance, subscriber, channel))
      .compose(v -> joinPresence(index, subscriber, channel, type, member, maxMembers))
      .compose(roster -> history.position(channel.value())
        .map(position -> new Subscription(type, position, roster)));
  }

  private Future<Void> attach(int index, Instance instance, Subscriber subscriber, ChannelName channel) {
    if (subscriber.isClosed()) {
      return Future.failedFuture(HubException.of(HubErrorCode.GONE, "connection closed"));
    }
    if (!instance.subscriptions().add(channel.value(), subscriber)) {
      return Future.failedFuture(HubException.of(HubErrorCode.CONFLICT, "already subscribed to " + channel));
    }
    metrics.subscriptionAdded();
    Future<Void> listening;
    if (directory.add(channel.value(), index)) {
      listening = broker.subscribe(channel.value()).otherwiseEmpty();
      brokerSubscribing.put(channel.value(), listening);
      listening.onComplete(done -> brokerSubscribing.remove(channel.value(), listening));
    } else {
      listening = brokerSubscribing.getOrDefault(channel.value(), Future.succeededFuture());
    }
    counts.changed(channel.value());
    if (listening.isComplete()) {
      return Future.succeededFuture();
    }
    // The broker completes on its own context; the session goes on on its event loop.
    Promise<Void> onLoop = Promise.promise();
    listening.onComplete(done -> instance.context().runOnContext(v -> onLoop.complete()));
    return onLoop.future();
  }

  private Future<Roster> joinPresence(int index, Subscriber subscriber, ChannelName channel, ChannelType type,
                                      PresenceMember member, int maxMembers) {
    if (!type.options().presence() || member == null) {
      return Future.succeededFuture();
    }
    int typeCap = type.options().maxMembers();
    int cap = maxMembers <= 0 ? typeCap : typeCap <= 0 ? maxMembers : Math.min(typeCap, maxMembers);
    return signals.join(channel, subscriber, member, cap)
      .onFailure(e -> detach(index, subscriber, channel.value()));
  }

  /** Removes a subscriber, leaving presence and typing; call on its event loop. */
  public boolean unsubscribe(int index, Subscriber subscriber, ChannelName channel) {
    if (!detach(index, subscriber, channel.value())) {
      return false;
    }
    ChannelType type = authorizer.types().typeOf(channel);
    String user = subscriber.presenceUser(channel.value());
    if (user != null) {
      signals.leave(channel, type, subscriber, user);
    }
    return true;
  }

  private boolean detach(int index, Subscriber subscriber, String channel) {
    Instance instance = instances.get(index);
    if (instance == null || !instance.subscriptions().remove(channel, subscriber)) {
      return false;
    }
    metrics.subscriptionRemoved();
    if (directory.remove(channel, index)) {
      broker.unsubscribe(channel);
    }
    counts.changed(channel);
    return true;
  }

  /**
   * Publishes a message through the broker; {@code source} labels the metric ({@code api}, {@code client}).
   * Refused with {@code UNAVAILABLE} while an event loop of this node has more than {@code gateway.max_backlog}
   * frames (messages times their local subscribers) waiting, so a publisher that outruns delivery is pushed back
   * instead of growing latency.
   */
  public Future<Message> publish(Publication publication, String source) {
    ChannelType type;
    try {
      type = authorizer.types().typeOf(publication.channel());
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
    if (backlog() > maxBacklog) {
      metrics.dropped("backpressure");
      return Future.failedFuture(HubException.of(HubErrorCode.UNAVAILABLE, "delivery is behind: retry shortly"));
    }
    return broker.publish(publication, historyPolicy(type)).onSuccess(message -> metrics.published(source));
  }

  /**
   * Asks every node to re-check the user's live subscriptions and end those it may no longer hold. Completes
   * once the broker took the request; each node applies it within moments (at most once per node, as any
   * signal: an operation that must not be missed is repeated by its caller, re-checking is idempotent).
   */
  public Future<Void> revoke(Revocation revocation) {
    return broker.publish(new Publication(Publication.Kind.CONTROL, ChannelName.parse(CONTROL_CHANNEL), REVOKE,
      revocation.toJson(), null, null, System.currentTimeMillis()), HistoryPolicy.NONE).mapEmpty();
  }

  private void onControl(Message message) {
    Revocation revocation;
    try {
      revocation = Revocation.fromJson((JsonObject) message.publication().data());
    } catch (RuntimeException e) {
      return;
    }
    for (int i = 0; i < instances.length(); i++) {
      Instance instance = instances.get(i);
      if (instance != null) {
        instance.context().runOnContext(v -> revocations.apply(revocation, instance.subscriptions(),
          instance.context()));
      }
    }
  }

  public static HistoryPolicy historyPolicy(ChannelType type) {
    return new HistoryPolicy(type.options().historySize(), type.options().historyTtlSeconds());
  }

  public Future<StreamPosition> position(String channel) {
    return history.position(channel);
  }

  /** The newest retained messages of a channel, oldest first (empty once they outlived the type's TTL). */
  public Future<List<Message>> latest(ChannelName channel, int limit) {
    ChannelType type = authorizer.types().typeOf(channel);
    return history.latest(channel.value(), limit, historyPolicy(type));
  }

  /** The messages after {@code offset}, or {@code recovered=false} when that position is gone. */
  public Future<HistoryRead> history(ChannelName channel, long offset, String epoch, int limit) {
    ChannelType type = authorizer.types().typeOf(channel);
    return history.after(channel.value(), offset, epoch, limit, historyPolicy(type));
  }

  /** The largest number of messages waiting on one of this node's event loops. */
  public int backlog() {
    int worst = 0;
    for (int i = 0; i < instances.length(); i++) {
      Instance instance = instances.get(i);
      if (instance != null) {
        worst = Math.max(worst, instance.subscriptions().backlog());
      }
    }
    return worst;
  }

  @Override
  public void onMessage(Message message) {
    if (message.publication().kind() == Publication.Kind.CONTROL) {
      if (REVOKE.equals(message.publication().event())) {
        onControl(message);
      } else {
        control(message.publication());
      }
      return;
    }
    ChannelDirectory.Entry entry = directory.entry(message.channel());
    if (entry == null) {
      return;
    }
    for (int i = 0; i < instances.length(); i++) {
      Instance instance = instances.get(i);
      int local = entry.perInstance.get(i);
      if (instance != null && local > 0) {
        instance.subscriptions().enqueue(message, local, instance.context());
      }
    }
  }

  @Override
  public void onGap(String channel) {
    ChannelDirectory.Entry entry = directory.entry(channel);
    if (entry == null) {
      return;
    }
    for (int i = 0; i < instances.length(); i++) {
      Instance instance = instances.get(i);
      if (instance != null && entry.perInstance.get(i) > 0) {
        instance.context().runOnContext(v -> List.copyOf(instance.subscriptions().subscribers(channel))
          .forEach(subscriber -> subscriber.lost(channel)));
      }
    }
  }

  private static <T> Future<T> onContext(Context context, Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }
}
