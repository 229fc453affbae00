package dev.realtimehub.notify;

import dev.realtimehub.notify.Debouncer.Flush;
import dev.realtimehub.notify.Debouncer.Offer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebouncerTest {

  private static final long MS = 1_000_000L;
  private static final long WINDOW = 100 * MS;
  private static final long MAX_WAIT = 1000 * MS;
  private static final long T0 = 7_000 * MS;

  private final Debouncer<String> debouncer = new Debouncer<>();

  private Offer offer(String value, long now) {
    return debouncer.offer("kpi.sales\nupdate", value, WINDOW, MAX_WAIT, now);
  }

  private long due() {
    return debouncer.due("kpi.sales\nupdate");
  }

  private Flush<String> take(long now) {
    return debouncer.takeIfDue("kpi.sales\nupdate", now);
  }

  @Test
  void firstOfferIsFirstAndLaterOnesReplaceIt() {
    assertEquals(Offer.FIRST, offer("a", T0));
    assertEquals(Offer.REPLACED, offer("b", T0 + 10 * MS));
    assertEquals(Offer.REPLACED, offer("c", T0 + 20 * MS));
    assertEquals(1, debouncer.size());
  }

  @Test
  void valueIsDueOneWindowAfterTheFirstOffer() {
    assertEquals(-1, due(), "nothing pending");
    offer("a", T0);
    assertEquals(T0 + WINDOW, due());
  }

  @Test
  void eachOfferPushesTheDueTimeBackByAWindow() {
    offer("a", T0);
    offer("b", T0 + 60 * MS);
    assertEquals(T0 + 60 * MS + WINDOW, due());
    offer("c", T0 + 130 * MS);
    assertEquals(T0 + 130 * MS + WINDOW, due());
  }

  @Test
  void dueTimeNeverPassesTheMaximumWaitAfterTheFirstOffer() {
    offer("v0", T0);
    for (long t = 90 * MS; t <= 1500 * MS; t += 90 * MS) {
      offer("v" + t, T0 + t);
      assertTrue(due() <= T0 + MAX_WAIT, "due " + (due() - T0) / MS + " ms after the first offer");
    }
    assertEquals(T0 + MAX_WAIT, due());
  }

  @Test
  void aWindowLongerThanTheMaximumWaitIsCutToIt() {
    debouncer.offer("k", "a", 5 * MAX_WAIT, MAX_WAIT, T0);
    assertEquals(T0 + MAX_WAIT, debouncer.due("k"));
  }

  @Test
  void nothingIsTakenBeforeTheDueTime() {
    offer("a", T0);
    assertNull(take(T0 + WINDOW - 1));
    assertEquals(1, debouncer.size(), "still pending");
    assertNull(debouncer.takeIfDue("another key", T0 + WINDOW), "nothing pending under another key");
  }

  @Test
  void takingADueValueGivesTheLatestOneWithHowManyItReplaced() {
    offer("a", T0);
    offer("b", T0 + 10 * MS);
    offer("c", T0 + 20 * MS);
    assertEquals(new Flush<>("c", 2), take(T0 + 20 * MS + WINDOW));
    assertEquals(0, debouncer.size());
    assertEquals(-1, due());
    assertNull(take(T0 + 10 * WINDOW), "taken once");
    assertEquals(Offer.FIRST, offer("d", T0 + 10 * WINDOW), "the next value starts a new window");
    assertEquals(T0 + 11 * WINDOW, due());
  }

  @Test
  void aSingleValueIsTakenWithNothingCoalesced() {
    offer("a", T0);
    assertEquals(new Flush<>("a", 0), take(T0 + WINDOW));
  }

  @Test
  void aSteadyStreamStillFlowsAtTheMaximumWait() {
    offer("v0", T0);
    for (long t = 50 * MS; t < MAX_WAIT; t += 50 * MS) {
      offer("v" + t / MS, T0 + t);
      assertNull(take(T0 + t), "held while the stream goes on");
    }
    offer("last", T0 + MAX_WAIT - MS);
    Flush<String> flush = take(T0 + MAX_WAIT);
    assertEquals(new Flush<>("last", 20), flush);
  }

  @Test
  void keysAreIndependent() {
    debouncer.offer("a", "x", WINDOW, MAX_WAIT, T0);
    assertEquals(Offer.FIRST, debouncer.offer("b", "y", WINDOW, MAX_WAIT, T0 + 50 * MS));
    assertEquals(new Flush<>("x", 0), debouncer.takeIfDue("a", T0 + WINDOW));
    assertNull(debouncer.takeIfDue("b", T0 + WINDOW));
    assertEquals(new Flush<>("y", 0), debouncer.takeIfDue("b", T0 + 50 * MS + WINDOW));
  }
}
