package dev.realtimehub.sync;

/**
 * Where an inbox worker's claims start (PostgreSQL). Marking a row done leaves its old {@code ('pending', id)}
 * entry in the claim's index until vacuum; a claim from the start of the queue steps over every one of them, so
 * without a recent vacuum each claim cost grew with every event applied since (9 ms per claim after 60 000 events
 * on the benchmark machine, whose autovacuum is off, and the workers claim dozens of times a second). So claims
 * start at a floor below which no pending row is due, read at most once every {@link #REFRESH_MS}: the lowest due
 * pending id, and no higher than the first id allocated after the reading before, so that a webhook whose insert
 * commits after rows with higher ids (inserts run concurrently) is above the floor. A row that becomes pending
 * below it in between (a retry coming due, a replayed dead letter, the rolled-back claim of a worker that died, an
 * insert that took longer than {@code REFRESH_MS} to commit) is claimed after the next reading.
 */
final class ClaimFloor {

  static final long REFRESH_MS = 1000;

  /** Below every id until the first reading (and on a store whose claims need no floor). */
  private long floor = Long.MIN_VALUE;
  private long allocatedBefore;
  /** When the last reading was taken; none yet, so the first is due at once. */
  private long readAtMs;

  /** Whether the floor is due for a new reading. */
  boolean due(long nowMs) {
    return nowMs - readAtMs >= REFRESH_MS;
  }

  /**
   * A reading: the lowest id of a pending row due at {@code nowMs} ({@code null}: none), and the last id the inbox
   * had allocated.
   */
  void read(long nowMs, Long lowestDue, long allocated) {
    long firstAllocatedSince = allocatedBefore + 1;
    floor = lowestDue == null ? firstAllocatedSince : Math.min(lowestDue, firstAllocatedSince);
    allocatedBefore = allocated;
    readAtMs = nowMs;
  }

  /** The lowest id a claim looks at. */
  long floor() {
    return floor;
  }
}
