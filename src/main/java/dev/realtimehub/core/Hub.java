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
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import dev.realtimehub.metrics.HubMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The core API every protocol adapter speaks: subscribe, unsubscribe, publish. One per node, shared by
 * all gateway event loops; each event loop registers its {@link InstanceSubscriptions} under an index.
 * A message from the broker hops once to each event loop that has subscribers to its channel.
 */
public final class Hub implements BrokerListener {

  /** What a successful subscription reports back to the client. */
  public record Subscription(ChannelType type, StreamPosition position) {
  }

  private record Instance(Context context, InstanceSubscriptions subscriptions) {
  }

  private final ChannelAuthorizer authorizer;
  private final Broker broker;
  private final ChannelDirectory directory;
  private final HubMetrics metrics;
  private final AtomicReferenceArray<Instance> instances;

  public Hub(ChannelAuthorizer authorizer, Broker broker, ChannelDirectory directory, HubMetrics metrics) {
    this.authorizer = authorizer;
    this.broker = broker;
    this.directory = directory;
    this.metrics = metrics;
    this.instances = new AtomicReferenceArray<>(directory.instances());
    broker.listener(this);
    metrics.gauge("hub_channels", "Channels with subscribers on this node", directory::channelCount);
  }

  public ChannelAuthorizer authorizer() {
    return authorizer;
  }

  public ChannelDirectory directory() {
    return directory;
  }

  public void register(int index, Context context, InstanceSubscriptions subscriptions) {
    instances.set(index, new Instance(context, subscriptions));
  }

  public void unregister(int index) {
    instances.set(index, null);
  }

  /**
   * Checks the channel policy and adds the subscriber on its event loop. Fails with a hub error when
   * access is denied; fails with {@code CONFLICT} when already subscribed.
   */
  public Future<Subscription> subscribe(int index, Subscriber subscriber, HubPrincipal principal,
                                        ChannelName channel) {
    Instance instance = instances.get(index);
    return authorizer.authorizeSubscribe(principal, channel)
      .compose(type -> onContext(instance.context(), () -> attach(index, instance, subscriber, channel))
        .compose(v -> broker.position(channel.value()))
        .map(position -> new Subscription(type, position)));
  }

  private boolean attach(int index, Instance instance, Subscriber subscriber, String channel) {
    if (!instance.subscriptions().add(channel, subscriber)) {
      return false;
    }
    metrics.subscriptionAdded();
    if (directory.add(channel, index)) {
      broker.subscribe(channel);
    }
    return true;
  }

  private Future<Void> attach(int index, Instance instance, Subscriber subscriber, ChannelName channel) {
    if (!attach(index, instance, subscriber, channel.value())) {
      return Future.failedFuture(HubException.of(HubErrorCode.CONFLICT, "already subscribed to " + channel));
    }
    return Future.succeededFuture();
  }

  /** Removes a subscriber; call on its event loop. Returns {@code false} when it was not subscribed. */
  public boolean unsubscribe(int index, Subscriber subscriber, String channel) {
    Instance instance = instances.get(index);
    if (instance == null || !instance.subscriptions().remove(channel, subscriber)) {
      return false;
    }
    metrics.subscriptionRemoved();
    if (directory.remove(channel, index)) {
      broker.unsubscribe(channel);
    }
    return true;
  }

  /** Publishes through the broker; {@code source} labels the metric ({@code api}, {@code client}). */
  public Future<Message> publish(Publication publication, String source) {
    return broker.publish(publication).onSuccess(message -> metrics.published(source));
  }

  public Future<StreamPosition> position(String channel) {
    return broker.position(channel);
  }

  @Override
  public void onMessage(Message message) {
    ChannelDirectory.Entry entry = directory.entry(message.channel());
    if (entry == null) {
      return;
    }
    for (int i = 0; i < instances.length(); i++) {
      Instance instance = instances.get(i);
      if (instance != null && entry.perInstance.get(i) > 0) {
        instance.context().runOnContext(v -> instance.subscriptions().deliver(message));
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
