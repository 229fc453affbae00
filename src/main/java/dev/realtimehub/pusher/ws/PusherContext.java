package dev.realtimehub.pusher.ws;

import dev.realtimehub.broker.MessageFormat;
import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.config.PusherSettings;
import dev.realtimehub.pusher.ClientActivity;
import dev.realtimehub.gateway.ws.TextFrames;
import dev.realtimehub.pusher.PusherApps;

/**
 * What the Pusher sessions of a node share: the apps, the protocol settings, the webhook reporter, the encoding
 * ({@code frames}: a message's text frame on its canonical Pusher name).
 */
record PusherContext(PusherApps apps, PusherSettings settings, ClientActivity activity, ChannelTypes types,
                     MessageFormat frames) {

  PusherContext(PusherApps apps, PusherSettings settings, ClientActivity activity, ChannelTypes types) {
    this(apps, settings, activity, types, TextFrames.framed(new PusherFormat(types), 4));
  }
}
