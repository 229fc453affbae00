package dev.realtimehub.presence;

/** The outcome of a connection joining a channel's presence. */
public enum JoinResult {
  /** The user's first connection in the channel: others are told the user joined. */
  FIRST,
  /** The user was present already through another connection: nobody is told. */
  ANOTHER_CONNECTION,
  /** The channel has its maximum number of members: the subscription is refused. */
  FULL
}
