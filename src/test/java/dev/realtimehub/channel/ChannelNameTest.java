package dev.realtimehub.channel;

import dev.realtimehub.error.HubErrorCode;
import dev.realtimehub.error.HubException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelNameTest {

  @Test
  void typeAndIdAreSplitAtTheFirstDot() {
    ChannelName name = ChannelName.parse("kpi.sales_volume.team.7");
    assertEquals("kpi", name.type());
    assertEquals("sales_volume.team.7", name.id());
    assertEquals("kpi.sales_volume.team.7", name.value());
    assertEquals("kpi.sales_volume.team.7", name.toString());
    assertTrue(name.hasId());
  }

  @Test
  void nameWithoutDotHasNoId() {
    ChannelName name = ChannelName.parse("admin");
    assertEquals("admin", name.type());
    assertNull(name.id());
    assertFalse(name.hasId());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "team.7", "admin", "kpi.sales_volume.team.7", "public.status-page", "user.abc=", "user.a=b@c",
    "user.alice@example", "conversation.AbC-123_x", "a", "t2.x", "type_with_underscore.1", "user.042", "user.-",
    "user.@", "user.="
  })
  void validNamesParseToThemselves(String raw) {
    assertEquals(raw, ChannelName.parse(raw).value());
  }

  @Test
  void idsAreComparedAsStrings() {
    ChannelName padded = ChannelName.parse("user.042");
    ChannelName plain = ChannelName.parse("user.42");
    assertEquals("042", padded.id());
    assertNotEquals(padded, plain);
    assertNotEquals(padded.id(), plain.id());
  }

  @Test
  void nameOfExactlyMaxLengthIsAccepted() {
    String raw = exactLength(ChannelName.MAX_LENGTH);
    assertEquals(150, raw.length());
    assertEquals(raw, ChannelName.parse(raw).value());
  }

  @Test
  void nameOneOverMaxLengthIsRefused() {
    String raw = exactLength(ChannelName.MAX_LENGTH + 1);
    HubException error = refused(raw);
    assertTrue(error.getMessage().contains("longer than 150"), error.getMessage());
  }

  @Test
  void typeOfThirtyTwoCharactersIsAcceptedAndThirtyThreeRefused() {
    assertEquals("a".repeat(32), ChannelName.parse("a".repeat(32) + ".1").type());
    refused("a".repeat(33) + ".1");
    refused("a".repeat(33));
  }

  @Test
  void segmentOfSixtyFourCharactersIsAcceptedAndSixtyFiveRefused() {
    assertEquals("x".repeat(64), ChannelName.parse("team." + "x".repeat(64)).id());
    assertEquals("1." + "x".repeat(64), ChannelName.parse("team.1." + "x".repeat(64)).id());
    HubException error = refused("team.1." + "x".repeat(65));
    assertTrue(error.getMessage().contains("segment is longer than 64"), error.getMessage());
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingNameIsRefused(String raw) {
    refused(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "team.é", "équipe.1", "team.caf\u00e9", "team.\uD83D\uDE00", "\uD83D\uDE00", "team.\uFF17", "team\uFF0E7",
    "\uFF54eam.7", "team.\u0131", "team.\u212A", "team.7\u00A0", "team.\u200B7", "team.\u0660"
  })
  void nonAsciiIsRefused(String raw) {
    refused(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "team.7 ", " team.7", "team. 7", "team .7", "team.7\t", "team.\n7", "team.7\r", "team\u000B.7", "team.7\f"
  })
  void whitespaceIsRefused(String raw) {
    refused(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"team.7\u0000", "\u0000team.7", "team.\u0000", "team.\u0001", "team.\u001F7", "team.\u007F"})
  void controlCharactersAndNulAreRefused(String raw) {
    refused(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "team.*", "team.>", "team.?", "team.[7]", "team.7]", "team.[", "*", ">", "team.*.7", "*.7", "tea?.7", "kpi.sales.>"
  })
  void wildcardsAreRefused(String raw) {
    refused(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"team..7", "team.", ".team", ".", "..", "team.7.", "team.7..8", "kpi.sales..team.7"})
  void emptySegmentsAreRefused(String raw) {
    refused(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Team.7", "TEAM.7", "tEam.7", "Admin", "teaM"})
  void upperCaseTypeIsRefused(String raw) {
    refused(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"7team.1", "0", "_team.1", "_", "-team.1", "=team.1", "@team.1"})
  void typeNotStartingWithALetterIsRefused(String raw) {
    refused(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"te-am.7", "te=am.7", "te@am.7", "team-", "team@x"})
  void typeWithIdOnlyCharactersIsRefused(String raw) {
    refused(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "team.7,8", "team.7;8", "team/7", "team.7/8", "team.%37", "team.7%", "team.7#", "team.7&x=1", "team.7+8",
    "team.7:8", "team.~7", "team.'7'", "team.\"7\"", "team.7\\", "team.<7>", "team.{id}", "team.7|8", "team.$7",
    "team.!7", "team.(7)", "team.7^", "team.`7`", "team:7", "team,7"
  })
  void punctuationOutsideTheCharsetIsRefused(String raw) {
    refused(raw);
  }

  /** A name of exactly {@code length} characters built from full-size segments. */
  private static String exactLength(int length) {
    StringBuilder raw = new StringBuilder("kpi");
    while (raw.length() < length) {
      int segment = Math.min(ChannelName.MAX_SEGMENT_LENGTH, length - raw.length() - 1);
      raw.append('.').append("s".repeat(Math.max(segment, 1)));
    }
    return raw.toString();
  }

  private static HubException refused(String raw) {
    HubException error = assertThrows(HubException.class, () -> ChannelName.parse(raw), "accepted: " + raw);
    assertEquals(HubErrorCode.BAD_REQUEST, error.code(), raw);
    return error;
  }
}
