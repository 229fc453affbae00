package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.channel.ChannelName;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Publications to append in the history tests, and what to compare of the messages that come back. */
final class Appends {

  private Appends() {
  }

  /** A message named {@code event}, carrying its name as data, accepted at {@code ts}. */
  static Publication publication(String channel, String event, long ts) {
    return new Publication(ChannelName.parse(channel), event, new JsonObject().put("event", event), "alice", null, ts);
  }

  /** Appends {@code m1 … m<count>} one after the other, each once the previous one completed. */
  static Future<List<Message>> inTurn(HistoryStore store, String channel, HistoryPolicy policy, int count) {
    Future<List<Message>> chain = Future.succeededFuture(List.of());
    for (int i = 1; i <= count; i++) {
      Publication publication = publication(channel, "m" + i, System.currentTimeMillis());
      chain = chain.compose(appended -> store.append(publication, policy).map(m -> plus(appended, m)));
    }
    return chain;
  }

  private static List<Message> plus(List<Message> messages, Message message) {
    List<Message> all = new ArrayList<>(messages);
    all.add(message);
    return all;
  }

  static List<Long> offsets(List<Message> messages) {
    return messages.stream().map(Message::offset).toList();
  }

  static List<String> events(List<Message> messages) {
    return messages.stream().map(m -> m.publication().event()).toList();
  }
}
