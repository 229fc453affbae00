/**
 * The Pusher Channels protocol (version 7) on {@code /app/{key}}: a protocol adapter and nothing more.
 *
 * <p>{@code PusherUpgradeHandler} admits a connection (Origin and draining like {@code /ws}, then the app, the
 * protocol version and the app's connection cap, refused with Pusher's close codes). {@code PusherSession} is a
 * {@code WebSocketSession}: it shares the native protocol's write path, transport pings and error budget, adds
 * Pusher's activity ping and pong timeout, and maps the hub's close reasons onto Pusher's ranges
 * ({@code PusherErrorCode}). {@code PusherSubscriptions} turns each Pusher name into the hub channel behind it
 * ({@code PusherChannel}) and subscribes through {@code Hub}: the core's policy for unsigned names, the app's
 * signature as the authorization of signed ones, with the presence member from {@code channel_data}.
 * {@code ClientEvents} publishes {@code client-*} events through the core. Outbound, hub messages and presence
 * signals are translated per subscription; for the channel's canonical Pusher name the frame is encoded once per
 * node ({@code PusherFormat}, cached on the message like the native and SSE encodings).
 *
 * <p>Everything runs on the connection's event loop; nothing here blocks.
 */
package dev.realtimehub.pusher.ws;
