package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.broker.StreamPosition;
import io.vertx.core.Future;

import java.util.List;

/**
 * Each channel's stream position and its retained tail, used to resume clients after a reconnect. The
 * offset of a message is assigned here, atomically with its append, so offsets have no gaps and the
 * retained messages are exactly the last ones published. Non-blocking and safe from any thread.
 */
public interface HistoryStore {

  /** Assigns the channel's next offset to the publication and retains it according to {@code policy}. */
  Future<Message> append(Publication publication, HistoryPolicy policy);

  /**
   * The messages after {@code offset} (at most {@code limit}), or {@code recovered=false} when the position
   * is no longer covered: a different epoch, an offset from the future, or messages evicted since. An empty
   * or null {@code epoch} means the client saw no message yet (offset 0) and compares offsets only.
   */
  Future<HistoryRead> after(String channel, long offset, String epoch, int limit, HistoryPolicy policy);

  /** The newest retained messages, oldest first. */
  Future<List<Message>> latest(String channel, int limit, HistoryPolicy policy);

  /** The position of the channel's last message; offset 0 and an empty epoch when nothing was published. */
  Future<StreamPosition> position(String channel);
}
