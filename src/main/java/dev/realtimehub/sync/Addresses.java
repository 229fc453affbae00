package dev.realtimehub.sync;

/** Event-bus addresses of the sync pipelines; local only, they are wake-ups, the store is the truth. */
public final class Addresses {

  /** A webhook was accepted: inbox workers look for work now instead of at their next poll. */
  public static final String INBOX_WAKE = "hub.sync.inbox_wake";
  /** An event was applied: the relay publishes its outbox rows now. */
  public static final String OUTBOX_WAKE = "hub.sync.outbox_wake";

  /** Wakes the retention worker at once (tests); it otherwise runs once a minute. */
  public static final String RETENTION_WAKE = "hub.sync.retention_wake";

  private Addresses() {
  }
}
