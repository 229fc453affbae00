package dev.realtimehub.history;

import dev.realtimehub.broker.Message;
import dev.realtimehub.broker.StreamPosition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.realtimehub.history.Appends.events;
import static dev.realtimehub.history.Appends.offsets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChannelStreamTest {

  private static final String CHANNEL = "conversation.7";
  private static final long T0 = 1_700_000_000_000L;
  private static final HistoryPolicy KEEP = new HistoryPolicy(100, 300);

  private final ChannelStream stream = new ChannelStream("e1", T0);

  private Message append(String event, HistoryPolicy policy, long now) {
    return stream.append(Appends.publication(CHANNEL, event, now), policy, now);
  }

  private void appendAll(HistoryPolicy policy, long now, String... events) {
    for (String event : events) {
      append(event, policy, now);
    }
  }

  @Test
  void appendsNumberFromOneUnderTheStreamsEpoch() {
    assertEquals(new StreamPosition(0, "e1"), stream.top());
    Message first = append("m1", KEEP, T0);
    Message second = append("m2", KEEP, T0);
    assertEquals(new StreamPosition(1, "e1"), new StreamPosition(first.offset(), first.epoch()));
    assertEquals(new StreamPosition(2, "e1"), new StreamPosition(second.offset(), second.epoch()));
    assertEquals(new StreamPosition(2, "e1"), stream.top());
  }

  @Test
  void afterReturnsTheLaterMessagesUpToTheLimit() {
    appendAll(KEEP, T0, "m1", "m2", "m3", "m4");
    HistoryRead read = stream.after(1, "e1", 2, KEEP, T0);
    assertTrue(read.recovered());
    assertEquals(List.of("m2", "m3"), events(read.messages()));
    assertEquals(new StreamPosition(4, "e1"), read.top());
    assertEquals(List.of(2L, 3L, 4L), offsets(stream.after(1, "e1", 100, KEEP, T0).messages()));
  }

  @Test
  void positionsOutsideTheStreamAreNotRecovered() {
    appendAll(KEEP, T0, "m1", "m2");
    assertFalse(stream.after(3, "e1", 100, KEEP, T0).recovered(), "from the future");
    assertFalse(stream.after(-1, "e1", 100, KEEP, T0).recovered(), "negative");
    assertFalse(stream.after(1, "e0", 100, KEEP, T0).recovered(), "another epoch");
    assertTrue(stream.after(2, "e1", 100, KEEP, T0).recovered(), "the top");
    assertEquals(List.of(1L, 2L), offsets(stream.after(0, null, 100, KEEP, T0).messages()), "no epoch yet");
  }

  @Test
  void sizeTrimmingKeepsTheNewestMessages() {
    HistoryPolicy lastThree = new HistoryPolicy(3, 300);
    appendAll(lastThree, T0, "m1", "m2", "m3", "m4", "m5");
    assertEquals(List.of(3L, 4L, 5L), offsets(stream.latest(10, lastThree, T0)));
    assertFalse(stream.after(1, "e1", 100, lastThree, T0).recovered());
    assertEquals(List.of(3L, 4L, 5L), offsets(stream.after(2, "e1", 100, lastThree, T0).messages()));
    assertEquals(List.of(4L, 5L), offsets(stream.latest(2, lastThree, T0)));
  }

  @Test
  void sizeZeroKeepsNothingButStillNumbers() {
    HistoryPolicy none = new HistoryPolicy(0, 300);
    appendAll(none, T0, "m1", "m2", "m3");
    assertEquals(3L, stream.top().offset());
    assertEquals(List.of(), stream.latest(10, none, T0));
    assertFalse(stream.after(2, "e1", 100, none, T0).recovered());
    assertTrue(stream.after(3, "e1", 100, none, T0).recovered());
  }

  @Test
  void messagesExpireOnceOlderThanTheTtlByTheClock() {
    HistoryPolicy oneSecond = new HistoryPolicy(100, 1);
    append("m1", oneSecond, T0);
    append("m2", oneSecond, T0 + 500);
    assertEquals(List.of(1L, 2L), offsets(stream.latest(10, oneSecond, T0 + 1000)), "exactly one TTL old is kept");
    assertEquals(List.of(2L), offsets(stream.latest(10, oneSecond, T0 + 1001)));
    assertFalse(stream.after(0, null, 100, oneSecond, T0 + 1001).recovered(), "m1 expired");
    assertEquals(List.of(2L), offsets(stream.after(1, "e1", 100, oneSecond, T0 + 1001).messages()));
    assertEquals(List.of(), stream.latest(10, oneSecond, T0 + 1501));
    assertFalse(stream.after(1, "e1", 100, oneSecond, T0 + 1501).recovered(), "m2 expired");
    assertTrue(stream.after(2, "e1", 100, oneSecond, T0 + 1501).recovered(), "the top survives expiry");
    assertEquals(new StreamPosition(2, "e1"), stream.top());
  }

  @Test
  void appendingExpiresOldMessagesToo() {
    HistoryPolicy oneSecond = new HistoryPolicy(100, 1);
    append("m1", oneSecond, T0);
    append("m2", oneSecond, T0 + 5000);
    assertEquals(List.of("m2"), events(stream.latest(10, oneSecond, T0 + 5000)));
  }

  @Test
  void streamWithRetainedMessagesIsNotIdle() {
    HistoryPolicy oneHour = new HistoryPolicy(100, 3600);
    append("m1", oneHour, T0);
    assertFalse(stream.idle(T0 + 120_000), "its message is still recoverable");
    assertFalse(stream.idle(T0 + 3_600_000));
    assertTrue(stream.idle(T0 + 3_600_001), "expired and idle for longer than the TTL");
  }

  @Test
  void streamIsIdleOnlyAfterAMinuteWithoutAppendsEvenWithAShortTtl() {
    HistoryPolicy oneSecond = new HistoryPolicy(100, 1);
    append("m1", oneSecond, T0);
    assertFalse(stream.idle(T0 + 2000), "nothing retained, but recently active");
    assertFalse(stream.idle(T0 + 60_000));
    assertTrue(stream.idle(T0 + 60_001));
    append("m2", oneSecond, T0 + 60_001);
    assertFalse(stream.idle(T0 + 100_000), "an append is activity");
  }

  @Test
  void freshStreamBecomesIdleFromItsCreation() {
    assertFalse(stream.idle(T0 + 60_000));
    assertTrue(stream.idle(T0 + 60_001));
  }
}
