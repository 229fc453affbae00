package dev.realtimehub.presence;

import dev.realtimehub.presence.TypingTracker.Typist;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypingTrackerTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long TTL = 5 * SECOND;
  private static final long T0 = 42 * SECOND;

  private final TypingTracker tracker = new TypingTracker(TTL);

  @Test
  void startOfSomeoneNotTypingIsAnnounced() {
    assertTrue(tracker.start("conversation.1", "alice", "c1", T0));
    assertEquals(1, tracker.size());
  }

  @Test
  void repeatedStartIsNotAnnouncedButExtendsTheExpiry() {
    tracker.start("conversation.1", "alice", "c1", T0);
    assertFalse(tracker.start("conversation.1", "alice", "c1", T0 + 3 * SECOND));
    assertEquals(List.of(), tracker.expire(T0 + TTL), "the second start pushed the expiry back");
    assertEquals(List.of(new Typist("conversation.1", "alice", "c1")), tracker.expire(T0 + 3 * SECOND + TTL));
  }

  @Test
  void stopIsAnnouncedOnlyForSomeoneTyping() {
    tracker.start("conversation.1", "alice", "c1", T0);
    assertTrue(tracker.stop("conversation.1", "alice"));
    assertFalse(tracker.stop("conversation.1", "alice"), "already stopped");
    assertFalse(tracker.stop("conversation.1", "bob"), "never started");
    assertEquals(0, tracker.size());
    assertEquals(List.of(), tracker.expire(T0 + TTL), "a stopped typist does not expire later");
  }

  @Test
  void startAfterStopIsAnnouncedAgain() {
    tracker.start("conversation.1", "alice", "c1", T0);
    tracker.stop("conversation.1", "alice");
    assertTrue(tracker.start("conversation.1", "alice", "c1", T0 + SECOND));
  }

  @Test
  void expiryReturnsEachExpiredTypistExactlyOnce() {
    tracker.start("conversation.1", "alice", "c1", T0);
    tracker.start("conversation.1", "bob", "c2", T0 + 2 * SECOND);
    assertEquals(List.of(), tracker.expire(T0 + TTL - 1), "not yet");
    assertEquals(List.of(new Typist("conversation.1", "alice", "c1")), tracker.expire(T0 + TTL));
    assertEquals(List.of(), tracker.expire(T0 + TTL), "alice was reported already");
    assertEquals(List.of(new Typist("conversation.1", "bob", "c2")), tracker.expire(T0 + 2 * SECOND + TTL));
    assertEquals(0, tracker.size());
    assertFalse(tracker.stop("conversation.1", "bob"), "an expired typist has nothing left to stop");
  }

  @Test
  void expiryWorksAcrossTheWrapOfTheNanosecondClock() {
    long nearWrap = Long.MAX_VALUE - SECOND;
    tracker.start("conversation.1", "alice", "c1", nearWrap);
    assertEquals(List.of(), tracker.expire(nearWrap + TTL - 1));
    assertEquals(1, tracker.expire(nearWrap + TTL).size());
  }

  @Test
  void channelsAreIndependent() {
    tracker.start("conversation.1", "alice", "c1", T0);
    tracker.start("conversation.2", "alice", "c1", T0 + SECOND);
    assertTrue(tracker.stop("conversation.1", "alice"));
    assertEquals(List.of(new Typist("conversation.2", "alice", "c1")), tracker.expire(T0 + SECOND + TTL));
  }

  @Test
  void connectionLeftStopsOnlyWhatThatConnectionStarted() {
    tracker.start("conversation.1", "alice", "c1", T0);
    assertNull(tracker.connectionLeft("conversation.1", "alice", "c2"), "alice's other tab closed");
    assertEquals(1, tracker.size());
    assertEquals(new Typist("conversation.1", "alice", "c1"), tracker.connectionLeft("conversation.1", "alice", "c1"));
    assertEquals(0, tracker.size());
    assertNull(tracker.connectionLeft("conversation.1", "alice", "c1"), "reported once");
    assertFalse(tracker.stop("conversation.1", "alice"));
  }

  @Test
  void theLatestStartingConnectionOwnsTheTypingState() {
    tracker.start("conversation.1", "alice", "c1", T0);
    tracker.start("conversation.1", "alice", "c2", T0 + SECOND);
    assertNull(tracker.connectionLeft("conversation.1", "alice", "c1"), "c2 took over");
    assertEquals(new Typist("conversation.1", "alice", "c2"), tracker.connectionLeft("conversation.1", "alice", "c2"));
  }

  @Test
  void connectionLeftOfSomeoneNotTypingIsNull() {
    assertNull(tracker.connectionLeft("conversation.1", "alice", "c1"));
    tracker.start("conversation.1", "alice", "c1", T0);
    tracker.expire(T0 + TTL);
    assertNull(tracker.connectionLeft("conversation.1", "alice", "c1"), "expired already");
  }
}
