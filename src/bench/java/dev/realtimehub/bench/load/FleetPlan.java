package dev.realtimehub.bench.load;

import java.util.List;
import java.util.function.IntFunction;

/**
 * What a fleet opens: {@code connections} clients, connection {@code i} subscribed to
 * {@code channelsOf.apply(i)}, with at most {@code concurrency} handshakes in flight.
 */
public record FleetPlan(int connections, IntFunction<List<String>> channelsOf, int concurrency) {
}
