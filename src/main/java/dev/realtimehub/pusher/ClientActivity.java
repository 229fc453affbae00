package dev.realtimehub.pusher;

import dev.realtimehub.pusher.PusherApps.PusherApp;

/**
 * What Pusher connections do that an app's webhooks report: client events and subscriptions to an empty cache
 * channel. Channel occupancy and members come from the hub's core, whatever the protocol. Implementations are
 * thread-safe and never block the caller.
 */
public interface ClientActivity {

  /** Reports nothing: the hub runs without Pusher webhooks. */
  ClientActivity NONE = new ClientActivity() {
    @Override
    public void clientEvent(PusherApp app, String channel, String event, String data, String socketId,
                            String userId) {
    }

    @Override
    public void cacheMiss(PusherApp app, String channel) {
    }
  };

  /**
   * A client event the hub accepted and forwarded; {@code channel} as the client named it, {@code data} as it
   * travels on the wire (a string), {@code userId} only on presence channels, else {@code null}.
   */
  void clientEvent(PusherApp app, String channel, String event, String data, String socketId, String userId);

  /** A subscription to a cache channel found no last event. */
  void cacheMiss(PusherApp app, String channel);
}
