package dev.realtimehub.channel;

import java.util.List;

/**
 * A channel type declared in {@code conf/channels.yaml}: its naming, who may subscribe, who may publish
 * from a client connection, and its behaviour options.
 *
 * @param name       the type name, the first segment of every channel of the type
 * @param idPolicy   whether channels of this type carry an id
 * @param subscribe  any-of rules for subscribing; empty means nobody
 * @param publish    any-of rules for publishing from a client connection; empty means servers only
 * @param options    presence, typing, history and debounce options
 */
public record ChannelType(String name, IdPolicy idPolicy, List<ChannelRule> subscribe, List<ChannelRule> publish,
                          ChannelOptions options) {

  public enum IdPolicy { REQUIRED, NONE, OPTIONAL }

  public ChannelType {
    subscribe = List.copyOf(subscribe);
    publish = List.copyOf(publish);
  }

  public boolean clientPublish() {
    return !publish.isEmpty();
  }

  /** Whether a parsed name fits the type's id policy. */
  public boolean acceptsId(ChannelName channel) {
    return switch (idPolicy) {
      case REQUIRED -> channel.hasId();
      case NONE -> !channel.hasId();
      case OPTIONAL -> true;
    };
  }
}
