package dev.realtimehub.pusher.ws;

/** A message a Pusher client sends, one record per event. */
public sealed interface PusherFrame {

  /** {@code pusher:ping}: answered with {@code pusher:pong}. */
  record Ping() implements PusherFrame {
  }

  /** {@code pusher:pong}: the answer to the hub's {@code pusher:ping}. */
  record Pong() implements PusherFrame {
  }

  /**
   * {@code pusher:subscribe}. {@code auth} is empty for public channels; {@code channelData} is the raw JSON string
   * of a presence subscription, exactly as signed, or {@code null}.
   */
  record Subscribe(String channel, String auth, String channelData) implements PusherFrame {
  }

  record Unsubscribe(String channel) implements PusherFrame {
  }

  /** {@code pusher:signin} with the raw {@code user_data} string, exactly as signed. */
  record Signin(String auth, String userData) implements PusherFrame {
  }

  /** A {@code client-*} event; {@code data} is any JSON value, forwarded as the sender wrote it. */
  record ClientEvent(String event, String channel, Object data) implements PusherFrame {
  }
}
