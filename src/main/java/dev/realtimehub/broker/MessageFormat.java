package dev.realtimehub.broker;

import io.vertx.core.buffer.Buffer;

/**
 * One wire encoding of a message (the native frame, the SSE event, …). A message caches each format's
 * bytes, so a format is computed once per node and the same buffer is written to every subscriber.
 */
public interface MessageFormat {

  /** A small distinct index below {@link Message#FORMAT_SLOTS}, used as the cache slot. */
  int slot();

  Buffer encode(Message message);
}
