package dev.realtimehub.core;

import dev.realtimehub.broker.Message;
import dev.realtimehub.metrics.HubMetrics;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The subscribers of one event loop, by channel. Confined to that event loop: no locks, no sharing.
 */
public final class InstanceSubscriptions {

  private final Map<String, Set<Subscriber>> byChannel = new HashMap<>();
  private final HubMetrics metrics;

  public InstanceSubscriptions(HubMetrics metrics) {
    this.metrics = metrics;
  }

  /** Adds a subscriber; returns {@code false} when it was subscribed already. */
  boolean add(String channel, Subscriber subscriber) {
    return byChannel.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(subscriber);
  }

  /** Removes a subscriber; returns {@code false} when it was not subscribed. */
  boolean remove(String channel, Subscriber subscriber) {
    Set<Subscriber> set = byChannel.get(channel);
    if (set == null || !set.remove(subscriber)) {
      return false;
    }
    if (set.isEmpty()) {
      byChannel.remove(channel);
    }
    return true;
  }

  public Set<Subscriber> subscribers(String channel) {
    return byChannel.getOrDefault(channel, Collections.emptySet());
  }

  /** Writes the message to every local subscriber of its channel but the excluded one. */
  void deliver(Message message) {
    Set<Subscriber> set = byChannel.get(message.channel());
    if (set == null) {
      return;
    }
    String exclude = message.publication().excludeSession();
    int delivered = 0;
    String protocol = null;
    // Copy: a delivery may close a slow subscriber, which unsubscribes it from this very set.
    for (Subscriber subscriber : set.toArray(new Subscriber[0])) {
      if (exclude != null && exclude.equals(subscriber.id())) {
        continue;
      }
      if (protocol != null && !protocol.equals(subscriber.protocol())) {
        metrics.delivered(protocol, delivered);
        delivered = 0;
      }
      protocol = subscriber.protocol();
      if (subscriber.deliver(message)) {
        delivered++;
      }
    }
    if (protocol != null) {
      metrics.delivered(protocol, delivered);
    }
    metrics.deliveryLatency(message.publication().ts());
  }
}
