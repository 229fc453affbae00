package dev.realtimehub.pusher.ws;

import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.config.PusherSettings;
import dev.realtimehub.pusher.ClientActivity;
import dev.realtimehub.pusher.PusherApps;

/** What the Pusher sessions of a node share: the apps, the protocol settings, the webhook reporter, the encoding. */
record PusherContext(PusherApps apps, PusherSettings settings, ClientActivity activity, ChannelTypes types,
                     PusherFormat format) {

  PusherContext(PusherApps apps, PusherSettings settings, ClientActivity activity, ChannelTypes types) {
    this(apps, settings, activity, types, new PusherFormat(types));
  }
}
