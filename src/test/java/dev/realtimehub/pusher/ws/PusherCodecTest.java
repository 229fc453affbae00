package dev.realtimehub.pusher.ws;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.broker.StreamPosition;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.error.HubException;
import dev.realtimehub.gateway.CloseReason;
import dev.realtimehub.presence.PresenceMember;
import dev.realtimehub.presence.Roster;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pusher frames in and out, presence data both ways, and the close codes the hub's reasons become. */
class PusherCodecTest {

  @Test
  void decodesWhatPusherJsSends() {
    PusherFrame.Subscribe subscribe = (PusherFrame.Subscribe) PusherCodec.decode(
      "{\"event\":\"pusher:subscribe\",\"data\":{\"auth\":\"k:s\",\"channel\":\"presence-team.7\","
        + "\"channel_data\":\"{\\\"user_id\\\":1}\"}}");
    assertEquals(new PusherFrame.Subscribe("presence-team.7", "k:s", "{\"user_id\":1}"), subscribe);
    assertInstanceOf(PusherFrame.Ping.class, PusherCodec.decode("{\"event\":\"pusher:ping\",\"data\":{}}"));
    assertInstanceOf(PusherFrame.Pong.class, PusherCodec.decode("{\"event\":\"pusher:pong\"}"));
    assertEquals(new PusherFrame.Unsubscribe("a"),
      PusherCodec.decode("{\"event\":\"pusher:unsubscribe\",\"data\":\"{\\\"channel\\\":\\\"a\\\"}\"}"));
    assertEquals(new PusherFrame.ClientEvent("client-x", "private-a", new JsonObject().put("k", 1)),
      PusherCodec.decode("{\"event\":\"client-x\",\"channel\":\"private-a\",\"data\":{\"k\":1}}"));
  }

  @Test
  void refusesMalformedMessagesWithAReason() {
    for (String bad : new String[] {"", "nope", "[]", "{}", "{\"event\":7}", "{\"event\":\"\"}",
      "{\"event\":\"pusher:subscribe\",\"data\":{}}", "{\"event\":\"pusher:subscribe\",\"data\":[1]}",
      "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"a\",\"auth\":1}}",
      "{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"a\"}}", "{\"event\":\"client-x\"}",
      "{\"event\":\"pusher:whatever\"}", "{\"event\":\"" + "e".repeat(201) + "\"}"}) {
      HubException error = assertThrows(HubException.class, () -> PusherCodec.decode(bad), bad);
      assertTrue(error.getMessage().length() > 0);
    }
  }

  @Test
  void messageDataIsAJsonStringAndStringsAreNotEncodedTwice() {
    Message object = message(new JsonObject().put("a", 1), null);
    assertEquals(new JsonObject().put("event", "e").put("channel", "private-team.7").put("data", "{\"a\":1}"),
      new JsonObject(PusherCodec.encode(object, "private-team.7", false)));
    Message text = message("plain", "u1");
    JsonObject frame = new JsonObject(PusherCodec.encode(text, "presence-team.7", true));
    assertEquals("plain", frame.getString("data"));
    assertEquals("u1", frame.getString("user_id"), "client events on presence names carry user_id");
    assertNull(new JsonObject(PusherCodec.encode(text, "private-team.7", false)).getValue("user_id"));
  }

  @Test
  void presenceSignalsBecomeMemberEventsOnPresenceNamesOnly() {
    JsonObject user = new JsonObject().put("id", "u2").put("name", "Bob");
    Message join = signal(new JsonObject().put("action", "join").put("user", user));
    JsonObject added = new JsonObject(PusherCodec.encode(join, "presence-team.7", true));
    assertEquals("pusher_internal:member_added", added.getString("event"));
    assertEquals(new JsonObject().put("user_id", "u2").put("user_info", new JsonObject().put("name", "Bob")),
      new JsonObject(added.getString("data")));
    Message leave = signal(new JsonObject().put("action", "leave").put("user", user));
    JsonObject removed = new JsonObject(PusherCodec.encode(leave, "presence-team.7", true));
    assertEquals(new JsonObject().put("user_id", "u2"), new JsonObject(removed.getString("data")));
    assertNull(PusherCodec.encode(join, "private-team.7", false));
  }

  @Test
  void channelDataBecomesAMemberAndTheRosterHasUniqueIds() {
    PresenceMember member = PresenceData.member("{\"user_id\":10,\"user_info\":{\"name\":\"P\"}}");
    assertEquals(new PresenceMember("10", new JsonObject().put("name", "P").put("id", "10")), member);
    String data = PresenceData.subscriptionData(new Roster(List.of(member, member), 1));
    JsonObject presence = new JsonObject(data).getJsonObject("presence");
    assertEquals(1, presence.getJsonArray("ids").size());
    assertEquals(1, presence.getInteger("count"));
    assertEquals(new JsonObject().put("name", "P"), presence.getJsonObject("hash").getJsonObject("10"));
    assertThrows(HubException.class, () -> PresenceData.member("{\"user_id\":1.5}"));
    assertThrows(HubException.class, () -> PresenceData.member("{\"user_id\":true}"));
  }

  @Test
  void hubCloseReasonsBecomePusherCodesInTheRightRanges() {
    assertEquals(4200, PusherErrorCode.onWire(CloseReason.SHUTDOWN).code());
    assertEquals(4200, PusherErrorCode.onWire(CloseReason.LOST_MESSAGES).code());
    assertEquals(4100, PusherErrorCode.onWire(CloseReason.SLOW).code());
    assertEquals(4100, PusherErrorCode.onWire(CloseReason.RATE_LIMITED).code());
    assertEquals(4100, PusherErrorCode.onWire(CloseReason.BAD_REQUEST).code());
    assertEquals(4100, PusherErrorCode.onWire(CloseReason.OVERLOADED).code());
    assertEquals(1009, PusherErrorCode.onWire(CloseReason.TOO_BIG).code());
    assertEquals(4201, PusherErrorCode.onWire(PusherErrorCode.PONG_TIMEOUT.close()).code());
    assertThrows(IllegalStateException.class, PusherErrorCode.CLIENT_EVENT_RATE::close);
  }

  private static Message message(Object data, String publisher) {
    return new Message(new Publication(ChannelName.parse("team.7"), "e", data, publisher, null, 1L),
      new StreamPosition(1, "ep"));
  }

  private static Message signal(JsonObject fields) {
    return new Message(new Publication(Publication.Kind.PRESENCE, ChannelName.parse("team.7"), "x", fields, null,
      null, 1L), new StreamPosition(0, "ep"));
  }
}
