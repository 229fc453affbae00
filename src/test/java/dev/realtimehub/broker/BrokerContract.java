package dev.realtimehub.broker;

import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.history.HistoryPolicy;
import dev.realtimehub.history.HistoryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.realtimehub.support.ContractSupport.assertOneTo;
import static dev.realtimehub.support.ContractSupport.race;
import static dev.realtimehub.support.ContractSupport.uniqueChannel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Broker} must do, whatever carries the messages. A subclass supplies the broker and the
 * history store it appends to. The suite uses only the SPI and its futures, and a fresh channel per test,
 * so it runs unchanged against a shared store.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
abstract class BrokerContract {

  private static final HistoryPolicy KEEP = new HistoryPolicy(100, 300);

  /** A broker under test and the history store it keeps messages in. */
  protected record Fixture(Broker broker, HistoryStore history) {
  }

  /** Creates a broker, without a listener yet, and the history store it appends messages to. */
  protected abstract Future<Fixture> create(Vertx vertx);

  /** Releases what {@link #create} made; closes the broker unless a subclass does more. */
  protected Future<Void> destroy(Fixture fixture) {
    return fixture.broker().close();
  }

  private final Inbox inbox = new Inbox();
  private Fixture fixture;
  private Broker broker;
  private HistoryStore history;

  @BeforeEach
  void setUp(Vertx vertx) {
    fixture = create(vertx).await();
    broker = fixture.broker();
    history = fixture.history();
    broker.listener(inbox);
  }

  @AfterEach
  void tearDown() {
    destroy(fixture).await();
  }

  private static Publication message(String channel, String event, Object data) {
    return new Publication(ChannelName.parse(channel), event, data, null, null, System.currentTimeMillis());
  }

  private Future<Message> publish(String channel, String event, HistoryPolicy policy) {
    return broker.publish(message(channel, event, new JsonObject().put("event", event)), policy);
  }

  /** Publishes {@code events} one after the other, each once the previous one completed. */
  private Future<List<Message>> publishInTurn(String channel, HistoryPolicy policy, String... events) {
    Future<List<Message>> chain = Future.succeededFuture(List.of());
    for (String event : events) {
      chain = chain.compose(published -> publish(channel, event, policy).map(m -> plus(published, m)));
    }
    return chain;
  }

  private static List<Message> plus(List<Message> messages, Message message) {
    List<Message> all = new ArrayList<>(messages);
    all.add(message);
    return all;
  }

  private static List<Long> offsets(List<Message> messages) {
    return messages.stream().map(Message::offset).toList();
  }

  private static List<String> events(List<Message> messages) {
    return messages.stream().map(m -> m.publication().event()).toList();
  }

  @Test
  void publishCompletesWithTheNextOffsetOfTheChannelUnderOneEpoch(VertxTestContext ctx) {
    String channel = uniqueChannel("conversation");
    broker.subscribe(channel)
      .compose(v -> publishInTurn(channel, KEEP, "first", "second", "third"))
      .onComplete(ctx.succeeding(published -> ctx.verify(() -> {
        assertEquals(List.of(1L, 2L, 3L), offsets(published));
        assertEquals(List.of("first", "second", "third"), events(published));
        String epoch = published.get(0).epoch();
        assertFalse(epoch == null || epoch.isEmpty(), "a message has an epoch");
        published.forEach(m -> assertEquals(epoch, m.epoch()));
        ctx.completeNow();
      })));
  }

  @Test
  void listenerReceivesEachChannelsMessagesInOrderWithOffsetsOfItsOwn(VertxTestContext ctx) {
    String a = uniqueChannel("conversation");
    String b = uniqueChannel("conversation");
    broker.subscribe(a)
      .compose(v -> broker.subscribe(b))
      .compose(v -> publish(a, "a1", KEEP))
      .compose(m -> publish(b, "b1", KEEP))
      .compose(m -> publish(a, "a2", KEEP))
      .compose(m -> publish(b, "b2", KEEP))
      .compose(m -> publish(a, "a3", KEEP))
      .compose(m -> inbox.await(a, 3))
      .onSuccess(received -> ctx.verify(() -> {
        assertEquals(List.of(1L, 2L, 3L), offsets(received));
        assertEquals(List.of("a1", "a2", "a3"), events(received));
      }))
      .compose(m -> inbox.await(b, 2))
      .onComplete(ctx.succeeding(received -> ctx.verify(() -> {
        assertEquals(List.of(1L, 2L), offsets(received));
        assertEquals(List.of("b1", "b2"), events(received));
        ctx.completeNow();
      })));
  }

  @Test
  void listenerReceivesThePublicationAsItWasPublished(VertxTestContext ctx) {
    String channel = uniqueChannel("conversation");
    JsonObject data = new JsonObject().put("text", "héllo \"quoted\"\n").put("n", 42).put("ok", true)
      .put("items", new JsonArray().add(1).add("two").addNull()).put("nested", new JsonObject().put("x", 1.5));
    Publication full = new Publication(ChannelName.parse(channel), "chat.message", data, "alice", "session-7",
      1_700_000_000_123L);
    Publication plain = new Publication(ChannelName.parse(channel), "note", "just a string", null, null,
      1_700_000_000_456L);
    broker.subscribe(channel)
      .compose(v -> broker.publish(full, KEEP))
      .compose(m -> broker.publish(plain, KEEP))
      .compose(m -> inbox.await(channel, 2))
      .onComplete(ctx.succeeding(received -> ctx.verify(() -> {
        assertEquals(channel, received.get(0).channel());
        assertEquals(full, received.get(0).publication());
        assertEquals(plain, received.get(1).publication());
        ctx.completeNow();
      })));
  }

  @Test
  void racingPublishersOnSeveralEventLoopsGetEveryOffsetOnceAndTheListenerSeesThemInOrder(Vertx vertx,
                                                                                           VertxTestContext ctx) {
    String channel = uniqueChannel("conversation");
    broker.subscribe(channel)
      .compose(v -> race(vertx, 4, 250, (lane, i) -> publish(channel, lane + "-" + i, KEEP)))
      .onSuccess(published -> ctx.verify(() -> {
        List<Long> sorted = new ArrayList<>(offsets(published));
        sorted.sort(null);
        assertOneTo(1000, sorted, "each publish got its own offset, without gaps");
      }))
      .compose(published -> publish(channel, "fence", KEEP))
      .onSuccess(fence -> ctx.verify(() -> assertEquals(1001L, fence.offset())))
      .compose(fence -> inbox.await(channel, 1001))
      .onComplete(ctx.succeeding(received -> ctx.verify(() -> {
        assertOneTo(1001, offsets(received), "delivered once each, in offset order");
        ctx.completeNow();
      })));
  }

  @Test
  void signalsReachTheListenerWithoutAnOffsetAndAreNotKept(VertxTestContext ctx) {
    String channel = uniqueChannel("conversation");
    ChannelName name = ChannelName.parse(channel);
    long now = System.currentTimeMillis();
    List<Publication> signals = List.of(
      new Publication(Publication.Kind.PRESENCE, name, "join", new JsonObject().put("action", "join"), null,
        "session-1", now),
      new Publication(Publication.Kind.TYPING, name, "start", new JsonObject().put("state", "start"), "alice",
        "session-1", now),
      new Publication(Publication.Kind.READ, name, "read", new JsonObject().put("offset", 1), "alice", null, now));
    broker.subscribe(channel)
      .compose(v -> publish(channel, "before", KEEP))
      .compose(m -> Future.all(signals.stream().map(signal -> broker.publish(signal, KEEP)).toList()))
      .onSuccess(published -> ctx.verify(() -> {
        for (Message signal : published.<Message>list()) {
          assertEquals(0L, signal.offset(), "a signal has no offset: " + signal.publication());
        }
      }))
      .compose(v -> publish(channel, "after", KEEP))
      .onSuccess(m -> ctx.verify(() -> assertEquals(2L, m.offset(), "signals take no offset")))
      .compose(m -> inbox.await(channel, 5))
      .onSuccess(received -> ctx.verify(() -> {
        List<Message> messages = received.stream().filter(m -> m.publication().isMessage()).toList();
        List<Message> delivered = received.stream().filter(m -> !m.publication().isMessage()).toList();
        assertEquals(List.of(1L, 2L), offsets(messages));
        assertEquals(signals.size(), delivered.size());
        for (Message signal : delivered) {
          assertEquals(0L, signal.offset());
          assertTrue(signals.contains(signal.publication()), "delivered as published: " + signal.publication());
        }
      }))
      .compose(v -> history.after(channel, 0, null, 100, KEEP))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertTrue(read.recovered());
        assertEquals(List.of("before", "after"), events(read.messages()));
        assertEquals(2L, read.top().offset());
        ctx.completeNow();
      })));
  }

  @Test
  void publishedMessagesAreKeptInTheHistoryStoreUnderThePublishPolicy(VertxTestContext ctx) {
    String channel = uniqueChannel("conversation");
    HistoryPolicy lastThree = new HistoryPolicy(3, 300);
    broker.subscribe(channel)
      .compose(v -> publishInTurn(channel, lastThree, "m1", "m2", "m3", "m4", "m5"))
      .compose(published -> history.position(channel)
        .onSuccess(position -> ctx.verify(() -> assertEquals(new StreamPosition(5, published.get(4).epoch()),
          position)))
        .compose(position -> history.after(channel, 2, position.epoch(), 100, lastThree))
        .onSuccess(read -> ctx.verify(() -> {
          assertTrue(read.recovered());
          assertEquals(List.of(3L, 4L, 5L), offsets(read.messages()));
          assertEquals(events(published.subList(2, 5)), events(read.messages()));
          assertEquals(published.get(4).epoch(), read.messages().get(0).epoch());
        }))
        .compose(read -> history.after(channel, 1, published.get(0).epoch(), 100, lastThree)))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertFalse(read.recovered(), "message 2 fell out of a history of three");
        assertTrue(read.messages().isEmpty());
        ctx.completeNow();
      })));
  }

  @Test
  void messagesPublishedWithoutHistoryAreNumberedButNotKept(VertxTestContext ctx) {
    String channel = uniqueChannel("conversation");
    broker.subscribe(channel)
      .compose(v -> publishInTurn(channel, HistoryPolicy.NONE, "m1", "m2"))
      .onSuccess(published -> ctx.verify(() -> assertEquals(List.of(1L, 2L), offsets(published))))
      .compose(published -> history.after(channel, 1, published.get(1).epoch(), 100, HistoryPolicy.NONE)
        .onSuccess(read -> ctx.verify(() -> assertFalse(read.recovered())))
        .compose(read -> history.after(channel, 2, published.get(1).epoch(), 100, HistoryPolicy.NONE)))
      .compose(read -> inbox.await(channel, 2)
        .onSuccess(received -> ctx.verify(() -> assertEquals(List.of(1L, 2L), offsets(received))))
        .map(read))
      .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
        assertTrue(read.recovered(), "a client at the top missed nothing");
        assertTrue(read.messages().isEmpty());
        ctx.completeNow();
      })));
  }
}
