package dev.realtimehub.pusher.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which hub channels a Pusher name prefix can match. */
class ChannelPrefixTest {

  @Test
  void aPusherKindPrefixIsStrippedFromTheHubPrefix() {
    assertEquals("team.", PusherChannelsHandler.hubPrefix("presence-team."));
    assertEquals("", PusherChannelsHandler.hubPrefix("presence-"));
    assertEquals("kpi", PusherChannelsHandler.hubPrefix("private-kpi"));
  }

  @Test
  void aPrefixOfAKindPrefixMayMatchAnyHubChannel() {
    assertEquals("", PusherChannelsHandler.hubPrefix("pr"));
    assertEquals("", PusherChannelsHandler.hubPrefix("p"));
    assertEquals("", PusherChannelsHandler.hubPrefix(""));
  }

  @Test
  void aBarePrefixIsTheHubPrefix() {
    assertEquals("public.", PusherChannelsHandler.hubPrefix("public."));
    assertEquals("team", PusherChannelsHandler.hubPrefix("team"));
  }
}
