package dev.realtimehub.pusher;

import dev.realtimehub.channel.ChannelTypes;
import dev.realtimehub.error.HubException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PusherChannelTest {

  @Test
  void prefixesMapOntoTheHubChannel() {
    assertChannel("presence-team.7", "team.7", PusherChannel.Access.PRESENCE, false);
    assertChannel("private-team.7", "team.7", PusherChannel.Access.PRIVATE, false);
    assertChannel("private-encrypted-user.5", "user.5", PusherChannel.Access.PRIVATE, false);
    assertChannel("public.3", "public.3", PusherChannel.Access.PUBLIC, false);
    assertChannel("cache-public.3", "public.3", PusherChannel.Access.PUBLIC, true);
    assertChannel("private-cache-orders.9", "orders.9", PusherChannel.Access.PRIVATE, true);
    assertChannel("presence-cache-team.7", "team.7", PusherChannel.Access.PRESENCE, true);
    assertChannel("#server-to-user-42", "user.42", PusherChannel.Access.USER, false);
  }

  @Test
  void badNamesAreRefused() {
    assertThrows(HubException.class, () -> PusherChannel.parse(""));
    assertThrows(HubException.class, () -> PusherChannel.parse("private-"));
    assertThrows(HubException.class, () -> PusherChannel.parse("private-Team 7"));
    assertThrows(HubException.class, () -> PusherChannel.parse("x".repeat(201)));
    assertThrows(HubException.class, () -> PusherChannel.parse("#server-to-user-"));
  }

  @Test
  void canonicalNamesFollowTheType() {
    List<String> problems = new ArrayList<>();
    ChannelTypes types = ChannelTypes.parse(new JsonObject("""
      {"types":[{"name":"team","id":"required","subscribe":["member:team"],"presence":true},
                {"name":"orders","id":"required","subscribe":["self","role:staff"]},
                {"name":"public","id":"required","subscribe":["anyone"]}]}"""), problems::add);
    assertEquals(List.of(), problems);
    assertEquals("presence-team.7", PusherChannel.canonicalName(PusherChannel.parse("team.7").hub(), types));
    assertEquals("private-orders.9", PusherChannel.canonicalName(PusherChannel.parse("orders.9").hub(), types));
    assertEquals("public.3", PusherChannel.canonicalName(PusherChannel.parse("public.3").hub(), types));
    assertTrue(PusherChannel.isPublicType(types.typeOf(PusherChannel.parse("public.3").hub())));
    assertFalse(PusherChannel.isPublicType(types.typeOf(PusherChannel.parse("orders.3").hub())));
  }

  private static void assertChannel(String name, String hub, PusherChannel.Access access, boolean cache) {
    PusherChannel channel = PusherChannel.parse(name);
    assertEquals(name, channel.name());
    assertEquals(hub, channel.hub().value());
    assertEquals(access, channel.access());
    assertEquals(cache, channel.cache());
  }
}
