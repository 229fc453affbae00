package dev.realtimehub.pusher.ws;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.MessageFormat;
import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.pusher.PusherChannel;
import io.vertx.core.buffer.Buffer;

/**
 * The Pusher frame of a message on the channel's canonical Pusher name ({@code presence-team.7},
 * {@code private-user.42}, {@code public.news}), encoded once per node and shared by every connection that
 * subscribed under that name. Connections that used another name ({@code private-cache-…}) encode their own.
 * Typing and read signals have no Pusher frame ({@code null}).
 */
final class PusherFormat implements MessageFormat {

  private final ChannelTypes types;

  PusherFormat(ChannelTypes types) {
    this.types = types;
  }

  @Override
  public int slot() {
    return 2;
  }

  @Override
  public Buffer encode(Message message) {
    var channel = message.publication().channel();
    return PusherCodec.encode(message, PusherChannel.canonicalName(channel, types),
      types.typeOf(channel).options().presence());
  }
}
