package dev.realtimehub.bench.load;

import io.vertx.core.buffer.Buffer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the fleet receives and records publish-to-delivery latency in microseconds. Frames are
 * recorded on the generator's event loop; the bench thread reads the counters and takes the histogram.
 * Messages published before the current step started ({@link #startStep}) count as stale, not delivered.
 */
public final class Receiver implements Payloads.Sink {

  private final Recorder latency = new Recorder(3);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong acks = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile long firstSeq = Long.MAX_VALUE;

  /** Counts from now on only messages whose sequence is at least {@code firstSeq}. */
  public void startStep(long firstSeq) {
    this.firstSeq = firstSeq;
    delivered.set(0);
    stale.set(0);
    latency.reset();
  }

  /** Handles one WebSocket frame. */
  public void onFrame(Buffer frame) {
    onBytes(frame, 0, frame.length());
  }

  void onBytes(Buffer bytes, int from, int to) {
    switch (Payloads.scan(bytes, from, to, this)) {
      case SUBSCRIBED -> acks.incrementAndGet();
      case ERROR -> errors.incrementAndGet();
      default -> { }
    }
  }

  @Override
  public void message(long sentNanos, long seq) {
    if (seq < firstSeq) {
      stale.incrementAndGet();
      return;
    }
    delivered.incrementAndGet();
    latency.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
  }

  /** Counts a subscription confirmed out of band (an SSE stream whose response started). */
  void ack() {
    acks.incrementAndGet();
  }

  public long delivered() {
    return delivered.get();
  }

  public long stale() {
    return stale.get();
  }

  public long acks() {
    return acks.get();
  }

  public long errors() {
    return errors.get();
  }

  /** The latencies recorded since the step started (microseconds). */
  public Histogram takeLatency() {
    return latency.getIntervalHistogram();
  }
}
