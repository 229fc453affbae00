package dev.realtimehub.gateway.ws;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.Publication;
import dev.realtimehub.broker.StreamPosition;
import dev.realtimehub.channel.ChannelName;
import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeCodecTest {

  /** Parses and decodes a text frame the way a session does. */
  private static NativeFrame read(String text) {
    JsonObject json = NativeCodec.parse(text);
    return NativeCodec.decode(json, NativeCodec.requestId(json));
  }

  private static HubException refused(String text, HubErrorCode code) {
    HubException error = assertThrows(HubException.class, () -> read(text), "accepted: " + text);
    assertEquals(code, error.code(), text);
    return error;
  }

  @Test
  void subscribeFrameCarriesIdAndChannel() {
    assertEquals(new NativeFrame.Subscribe(1, "team.7", null, null),
      read("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"team.7\"}"));
  }

  @Test
  void subscribeFrameCarriesTheResumePositionAndEpoch() {
    assertEquals(new NativeFrame.Subscribe(1, "team.7", 41L, null),
      read("{\"type\":\"subscribe\",\"id\":1,\"channel\":\"team.7\",\"since\":41}"));
    assertEquals(new NativeFrame.Subscribe(null, "team.7", 41L, "e1"),
      read("{\"type\":\"subscribe\",\"channel\":\"team.7\",\"since\":\"41\",\"epoch\":\"e1\"}"));
    refused("{\"type\":\"subscribe\",\"channel\":\"team.7\",\"since\":{\"offset\":1}}", HubErrorCode.BAD_REQUEST);
    refused("{\"type\":\"subscribe\",\"channel\":\"team.7\",\"since\":-1}", HubErrorCode.BAD_REQUEST);
    refused("{\"type\":\"subscribe\",\"channel\":\"team.7\",\"since\":\"e1:41\"}", HubErrorCode.BAD_REQUEST);
    refused("{\"type\":\"subscribe\",\"channel\":\"team.7\",\"since\":1.5}", HubErrorCode.BAD_REQUEST);
  }

  @Test
  void typingAndReadFramesCarryStateAndOffset() {
    assertEquals(new NativeFrame.Typing(null, "conversation.1", true),
      read("{\"type\":\"typing\",\"channel\":\"conversation.1\",\"state\":\"start\"}"));
    assertEquals(new NativeFrame.Typing(4, "conversation.1", false),
      read("{\"type\":\"typing\",\"id\":4,\"channel\":\"conversation.1\",\"state\":\"stop\"}"));
    refused("{\"type\":\"typing\",\"channel\":\"conversation.1\",\"state\":\"maybe\"}", HubErrorCode.BAD_REQUEST);
    assertEquals(new NativeFrame.Read(5, "conversation.1", 12L),
      read("{\"type\":\"read\",\"id\":5,\"channel\":\"conversation.1\",\"offset\":12}"));
    refused("{\"type\":\"read\",\"channel\":\"conversation.1\"}", HubErrorCode.BAD_REQUEST);
    assertEquals(new NativeFrame.Reads(6, "conversation.1"),
      read("{\"type\":\"reads\",\"id\":6,\"channel\":\"conversation.1\"}"));
  }

  @Test
  void unsubscribeFrameCarriesIdAndChannel() {
    assertEquals(new NativeFrame.Unsubscribe(2, "team.7"),
      read("{\"type\":\"unsubscribe\",\"id\":2,\"channel\":\"team.7\"}"));
  }

  @Test
  void publishFrameCarriesChannelEventAndAnyJsonData() {
    assertEquals(new NativeFrame.Publish(3, "conversation.42", "message.sent", new JsonObject().put("text", "hi")),
      read("{\"type\":\"publish\",\"id\":3,\"channel\":\"conversation.42\",\"event\":\"message.sent\","
        + "\"data\":{\"text\":\"hi\"}}"));
    assertEquals(new NativeFrame.Publish(null, "c.1", "e", new JsonArray().add(1)),
      read("{\"type\":\"publish\",\"channel\":\"c.1\",\"event\":\"e\",\"data\":[1]}"));
    assertEquals(new NativeFrame.Publish(null, "c.1", "e", "text"),
      read("{\"type\":\"publish\",\"channel\":\"c.1\",\"event\":\"e\",\"data\":\"text\"}"));
    assertEquals(new NativeFrame.Publish(null, "c.1", "e", null),
      read("{\"type\":\"publish\",\"channel\":\"c.1\",\"event\":\"e\"}"));
  }

  @Test
  void pingFrameWithAndWithoutId() {
    assertEquals(new NativeFrame.Ping(4), read("{\"type\":\"ping\",\"id\":4}"));
    assertEquals(new NativeFrame.Ping(null), read("{\"type\":\"ping\"}"));
  }

  @Test
  void numericAndStringIdsAreKeptAsGiven() {
    assertEquals(7, read("{\"type\":\"ping\",\"id\":7}").id());
    assertEquals(9_000_000_000L, read("{\"type\":\"ping\",\"id\":9000000000}").id());
    assertEquals("req-1", read("{\"type\":\"ping\",\"id\":\"req-1\"}").id());
    String longest = "i".repeat(64);
    assertEquals(longest, read("{\"type\":\"ping\",\"id\":\"" + longest + "\"}").id());
  }

  @Test
  void idStringLongerThanSixtyFourCharactersIsRefusedAndNotEchoed() {
    JsonObject json = NativeCodec.parse("{\"type\":\"ping\",\"id\":\"" + "i".repeat(65) + "\"}");
    assertNull(NativeCodec.requestId(json));
    HubException error = assertThrows(HubException.class, () -> NativeCodec.decode(json, NativeCodec.requestId(json)));
    assertEquals(HubErrorCode.BAD_REQUEST, error.code());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":1}", "[1]", "true", "false"})
  void idOfAnotherShapeIsRefused(String id) {
    JsonObject json = NativeCodec.parse("{\"type\":\"ping\",\"id\":" + id + "}");
    assertNull(NativeCodec.requestId(json));
    refused("{\"type\":\"ping\",\"id\":" + id + "}", HubErrorCode.BAD_REQUEST);
  }

  @Test
  void frameWithoutTypeIsABadRequest() {
    HubException error = refused("{\"id\":1,\"channel\":\"team.7\"}", HubErrorCode.BAD_REQUEST);
    assertEquals("frame has no type", error.getMessage());
    refused("{\"type\":1}", HubErrorCode.BAD_REQUEST);
    refused("{\"type\":null}", HubErrorCode.BAD_REQUEST);
    refused("{}", HubErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscribed", "SUBSCRIBE", "Ping", "message", "welcome", "", " ping", "publish "})
  void unknownTypeIsNotFound(String type) {
    refused("{\"type\":\"" + type + "\",\"channel\":\"team.7\",\"event\":\"e\"}", HubErrorCode.NOT_FOUND);
  }

  @ParameterizedTest
  @ValueSource(strings = {"subscribe", "unsubscribe", "publish"})
  void channelFramesWithoutAChannelStringAreBadRequests(String type) {
    refused("{\"type\":\"" + type + "\",\"event\":\"e\"}", HubErrorCode.BAD_REQUEST);
    refused("{\"type\":\"" + type + "\",\"event\":\"e\",\"channel\":7}", HubErrorCode.BAD_REQUEST);
    refused("{\"type\":\"" + type + "\",\"event\":\"e\",\"channel\":null}", HubErrorCode.BAD_REQUEST);
    refused("{\"type\":\"" + type + "\",\"event\":\"e\",\"channel\":[\"team.7\"]}", HubErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"a b\"", "\"caf\u00e9\"", "\"a/b\"", "\"a*\"", "7", "null", "{}", "\"x\\u0000\""})
  void badEventNamesAreRefused(String event) {
    refused("{\"type\":\"publish\",\"channel\":\"c.1\",\"event\":" + event + "}", HubErrorCode.BAD_REQUEST);
  }

  @Test
  void eventNameLimitIsSixtyFourCharacters() {
    String longest = "e".repeat(64);
    assertEquals(longest, ((NativeFrame.Publish) read("{\"type\":\"publish\",\"channel\":\"c.1\",\"event\":\""
      + longest + "\"}")).event());
    refused("{\"type\":\"publish\",\"channel\":\"c.1\",\"event\":\"" + longest + "e\"}", HubErrorCode.BAD_REQUEST);
  }

  @Test
  void publishWithoutEventIsRefused() {
    refused("{\"type\":\"publish\",\"channel\":\"c.1\",\"data\":1}", HubErrorCode.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"goal.updated", "ns:evt-1_x", "A", "typing.start"})
  void wellFormedEventNamesAreAccepted(String event) {
    assertEquals(event, ((NativeFrame.Publish) read("{\"type\":\"publish\",\"channel\":\"c.1\",\"event\":\""
      + event + "\"}")).event());
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"type\":\"ping\"}]", "\"ping\"", "42", "null", "true"})
  void jsonThatIsNotAnObjectIsRefused(String text) {
    HubException error = refused(text, HubErrorCode.BAD_REQUEST);
    assertEquals("frame must be a JSON object", error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "{", "{\"type\":}", "{'type':'ping'}", "ping", "{\"type\":\"ping\"}}",
    "{\"type\":\"ping\"} {}", "\u0000"})
  void textThatIsNotJsonIsRefused(String text) {
    HubException error = refused(text, HubErrorCode.BAD_REQUEST);
    assertTrue(error.getMessage().startsWith("frame "), error.getMessage());
  }

  @Test
  void errorFrameEchoesTheIdWithHttpLikeCodeAndReason() {
    JsonObject frame = NativeCodec.error(5, HubException.notFound("unknown frame type"));
    assertEquals(new JsonObject().put("type", "error").put("id", 5).put("code", 404).put("reason", "not_found")
      .put("message", "unknown frame type"), frame);
  }

  @Test
  void replyWithoutIdHasNoIdField() {
    JsonObject pong = NativeCodec.reply("pong", null);
    assertEquals(new JsonObject().put("type", "pong"), pong);
    assertFalse(NativeCodec.error(null, HubException.badRequest("x")).containsKey("id"));
    assertEquals("abc", NativeCodec.reply("pong", "abc").getValue("id"));
  }

  @Test
  void messageFrameCarriesChannelEventDataOffsetAndTs() {
    Publication publication = new Publication(ChannelName.parse("team.7"), "goal.updated",
      new JsonObject().put("goal", 42), null, null, 1_700_000_000_000L);
    Message message = new Message(publication, new StreamPosition(3, "ep1"));
    JsonObject frame = NativeCodec.MESSAGE.encode(message).toJsonObject();
    assertEquals("message", frame.getString("type"));
    assertEquals("team.7", frame.getString("channel"));
    assertEquals("goal.updated", frame.getString("event"));
    assertEquals(new JsonObject().put("goal", 42), frame.getJsonObject("data"));
    assertEquals(3L, frame.getLong("offset"));
    assertEquals(1_700_000_000_000L, frame.getLong("ts"));
    assertFalse(frame.containsKey("from"));
  }

  @Test
  void messageFramePublishedByAClientNamesThePublisher() {
    Publication publication = new Publication(ChannelName.parse("conversation.1"), "m", null, "alice", "s1", 1L);
    JsonObject frame = NativeCodec.MESSAGE.encode(new Message(publication, new StreamPosition(1, "ep"))).toJsonObject();
    assertEquals("alice", frame.getString("from"));
    assertTrue(frame.containsKey("data"));
    assertNull(frame.getValue("data"));
    assertFalse(frame.encode().contains("s1"));
  }

  @Test
  void messageEncodingIsCachedPerMessage() {
    Publication publication = new Publication(ChannelName.parse("team.7"), "e", 1, null, null, 1L);
    Message message = new Message(publication, new StreamPosition(1, "ep"));
    assertSame(message.encoded(NativeCodec.MESSAGE), message.encoded(NativeCodec.MESSAGE));
  }
}
