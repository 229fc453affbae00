package dev.realtimehub.core;

import dev.realtimehub.broker.Message;
import dev.realtimehub.metrics.HubMetrics;
import io.vertx.core.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The subscribers of one event loop, by channel, and the messages on their way to them. The map is confined to the
 * event loop; the queue of arriving messages is the one thing other threads touch.
 *
 * <p>Each channel with messages in flight is swept: its subscribers are visited in a fixed order, a few hundred per
 * turn of the event loop, and each visit writes every message of the channel that subscriber does not have yet, with
 * one flush. A message that arrives mid-sweep therefore reaches the subscribers still ahead in the same sweep, and
 * the ones behind in the next: it waits for at most one sweep, instead of for the rest of the pass in progress and
 * then a whole pass of its own. Where messages arrive faster than a sweep takes, each visit carries several of them
 * in one write, which is what keeps a busy loop's cost per frame down. Turns are short, so publishes, client frames
 * and timers of the loop are served between them. Order is kept per channel.
 */
public final class InstanceSubscriptions {

  /** Messages taken from the queue per turn; the rest wait for the next turn. */
  static final int MAX_TAKEN_PER_TURN = 256;
  /** Subscriber visits per turn of the event loop before it yields to its other work. */
  static final int VISITS_PER_TURN = 1024;
  /** Visits one channel gets before the next channel with messages in flight has its go. */
  static final int VISITS_PER_CHANNEL = 256;

  /** A queued message and how many subscribers of this event loop it is for, counted when it was queued. */
  private record Pending(Message message, int deliveries) {
  }

  /** A subscriber of one channel and the sequence number of the last message of the channel it was given. */
  private static final class Slot {
    final Subscriber subscriber;
    long delivered;
    /** Cleared when it leaves the channel; a sweep's order may still hold it until the sweep ends. */
    boolean attached = true;

    Slot(Subscriber subscriber, long delivered) {
      this.subscriber = subscriber;
      this.delivered = delivered;
    }
  }

  /**
   * One channel on this event loop: its subscribers, the messages on their way to them (numbered in order of
   * arrival), and where the sweep is. A sweep starts at the first slot with the order as it was then; a message is
   * done, and dropped, when a sweep that started after it arrived ends, since every slot of that sweep got it then
   * and every slot that joined later joined after it.
   */
  private static final class ChannelFanout {
    final String channel;
    final Map<Subscriber, Slot> slots = new LinkedHashMap<>();
    final List<Pending> inFlight = new ArrayList<>();
    /** Sequence number of {@code inFlight}'s first message. */
    long firstSeq = 1;
    Slot[] order;
    boolean changed = true;
    int position;
    /** The newest message when the current sweep started: the ones up to it are done when the sweep ends. */
    long sweepHead;
    boolean sweeping;

    ChannelFanout(String channel) {
      this.channel = channel;
    }

    /** Sequence number of the newest message taken. */
    long lastSeq() {
      return firstSeq + inFlight.size() - 1;
    }

    void startSweep() {
      if (changed) {
        order = slots.values().toArray(new Slot[0]);
        changed = false;
      }
      position = 0;
      sweepHead = lastSeq();
    }
  }

  private static final Logger log = LoggerFactory.getLogger(InstanceSubscriptions.class);

  private final Map<String, ChannelFanout> byChannel = new HashMap<>();
  /** The channels of each authenticated user's subscribers, so that a revocation finds them without a scan. */
  private final Map<String, Map<Subscriber, Set<String>>> byUser = new HashMap<>();
  private final HubMetrics metrics;
  private final Queue<Pending> inbound = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicInteger backlog = new AtomicInteger();
  /** Channels with messages in flight, in turn. */
  private final ArrayDeque<ChannelFanout> sweeping = new ArrayDeque<>();
  /** Deliveries of the current turn not yet counted in the metrics, and their protocol. */
  private String countedProtocol;
  private int uncounted;

  public InstanceSubscriptions(HubMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Adds a subscriber; returns {@code false} when it was subscribed already. It gets the channel's messages that
   * reach this loop from now on, including those still queued; not those already on their way to the others.
   */
  boolean add(String channel, Subscriber subscriber) {
    ChannelFanout fanout = byChannel.computeIfAbsent(channel, ChannelFanout::new);
    if (fanout.slots.containsKey(subscriber)) {
      return false;
    }
    fanout.slots.put(subscriber, new Slot(subscriber, fanout.lastSeq()));
    fanout.changed = true;
    String user = subscriber.principal().subject();
    if (user != null) {
      byUser.computeIfAbsent(user, u -> new IdentityHashMap<>())
        .computeIfAbsent(subscriber, s -> new LinkedHashSet<>())
        .add(channel);
    }
    return true;
  }

  /** Removes a subscriber; returns {@code false} when it was not subscribed. It is given nothing more. */
  boolean remove(String channel, Subscriber subscriber) {
    ChannelFanout fanout = byChannel.get(channel);
    Slot slot = fanout == null ? null : fanout.slots.remove(subscriber);
    if (slot == null) {
      return false;
    }
    slot.attached = false;
    fanout.changed = true;
    // A channel left while its messages are in flight stays until its sweep ends and counts them off the backlog.
    if (fanout.slots.isEmpty() && !fanout.sweeping) {
      byChannel.remove(channel);
    }
    forgetUserChannel(subscriber, channel);
    return true;
  }

  private void forgetUserChannel(Subscriber subscriber, String channel) {
    String user = subscriber.principal().subject();
    Map<Subscriber, Set<String>> sessions = user == null ? null : byUser.get(user);
    Set<String> channels = sessions == null ? null : sessions.get(subscriber);
    if (channels == null) {
      return;
    }
    channels.remove(channel);
    if (channels.isEmpty()) {
      sessions.remove(subscriber);
    }
    if (sessions.isEmpty()) {
      byUser.remove(user);
    }
  }

  /** The subscribers of {@code userId} on this event loop with their channels, as a copy. */
  Map<Subscriber, Set<String>> subscriptionsOf(String userId) {
    Map<Subscriber, Set<String>> sessions = byUser.get(userId);
    Map<Subscriber, Set<String>> copy = new IdentityHashMap<>();
    if (sessions != null) {
      sessions.forEach((subscriber, channels) -> copy.put(subscriber, Set.copyOf(channels)));
    }
    return copy;
  }

  public Set<Subscriber> subscribers(String channel) {
    ChannelFanout fanout = byChannel.get(channel);
    return fanout == null ? Collections.emptySet() : fanout.slots.keySet();
  }

  /**
   * Queues a message from any thread for {@code deliveries} local subscribers (as counted by the caller); the event
   * loop is woken once for whatever piles up.
   */
  void enqueue(Message message, int deliveries, Context context) {
    backlog.addAndGet(deliveries);
    inbound.add(new Pending(message, deliveries));
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> turn(context));
    }
  }

  /** Frames queued for this event loop and not yet written: how far fan-out lags behind publishing. */
  int backlog() {
    return backlog.get();
  }

  /** One turn: takes what arrived, then sweeps the channels with messages in flight for a bounded number of visits. */
  private void turn(Context context) {
    scheduled.set(false);
    Pending next;
    for (int taken = 0; taken < MAX_TAKEN_PER_TURN && (next = inbound.poll()) != null; taken++) {
      take(next);
    }
    int visits = 0;
    while (visits < VISITS_PER_TURN && !sweeping.isEmpty()) {
      ChannelFanout fanout = sweeping.poll();
      visits += sweep(fanout, Math.min(VISITS_PER_CHANNEL, VISITS_PER_TURN - visits));
      if (fanout.sweeping) {
        sweeping.add(fanout);
      }
    }
    countDelivered(null);
    if ((!sweeping.isEmpty() || !inbound.isEmpty()) && scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> turn(context));
    }
  }

  private void take(Pending pending) {
    ChannelFanout fanout = byChannel.get(pending.message().channel());
    if (fanout == null) {
      // Its subscribers left while it was queued.
      backlog.addAndGet(-pending.deliveries());
      return;
    }
    fanout.inFlight.add(pending);
    if (!fanout.sweeping) {
      fanout.sweeping = true;
      fanout.startSweep();
      sweeping.add(fanout);
    }
  }

  /** Visits up to {@code budget} subscribers of the channel; returns how many it visited. */
  private int sweep(ChannelFanout fanout, int budget) {
    int visited = 0;
    while (visited < budget && fanout.sweeping) {
      if (fanout.position < fanout.order.length) {
        visit(fanout, fanout.order[fanout.position++]);
        visited++;
      } else {
        endSweep(fanout);
      }
    }
    return visited;
  }

  /** Writes the subscriber the channel's messages it does not have yet, with one flush. */
  private void visit(ChannelFanout fanout, Slot slot) {
    if (!slot.attached || slot.delivered >= fanout.lastSeq()) {
      return;
    }
    int from = (int) (slot.delivered + 1 - fanout.firstSeq);
    int to = fanout.inFlight.size();
    slot.delivered = fanout.lastSeq();
    Subscriber subscriber = slot.subscriber;
    boolean single = to - from == 1;
    boolean wrote = false;
    try {
      for (int i = from; i < to; i++) {
        Message message = fanout.inFlight.get(i).message();
        String exclude = message.publication().excludeSession();
        if (exclude != null && exclude.equals(subscriber.id())) {
          continue;
        }
        if (single ? subscriber.deliver(message) : subscriber.deliverUnflushed(message)) {
          wrote = true;
          countDelivered(subscriber.protocol());
        }
      }
      if (wrote && !single) {
        subscriber.flush();
      }
    } catch (RuntimeException e) {
      // One broken connection must not cost the others on this event loop their messages.
      metrics.dropped("write_failed");
      log.warn("delivery failed subscriber={} channel={}: {}", subscriber.id(),
        fanout.inFlight.get(from).message().channel(), e.toString());
    }
  }

  /** Drops the messages every subscriber has now; starts the next sweep if newer ones are in flight. */
  private void endSweep(ChannelFanout fanout) {
    int done = (int) (fanout.sweepHead + 1 - fanout.firstSeq);
    int frames = 0;
    for (int i = 0; i < done; i++) {
      Pending pending = fanout.inFlight.get(i);
      frames += pending.deliveries();
      if (pending.message().publication().isMessage()) {
        metrics.deliveryLatency(pending.message().publication().ts());
      }
    }
    fanout.inFlight.subList(0, done).clear();
    fanout.firstSeq += done;
    backlog.addAndGet(-frames);
    if (!fanout.inFlight.isEmpty()) {
      fanout.startSweep();
      return;
    }
    fanout.sweeping = false;
    if (fanout.slots.isEmpty()) {
      byChannel.remove(fanout.channel, fanout);
    }
  }

  /** Counts a delivery for {@code protocol}; the counts go to the metrics in runs of one protocol. */
  private void countDelivered(String protocol) {
    if (uncounted > 0 && (protocol == null || !protocol.equals(countedProtocol))) {
      metrics.delivered(countedProtocol, uncounted);
      uncounted = 0;
    }
    if (protocol != null) {
      countedProtocol = protocol;
      uncounted++;
    }
  }
}
