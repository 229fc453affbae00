/**
 * How many subscribers each channel has across the hub, and the transitions worth telling the outside world.
 *
 * <p>{@link dev.realtimehub.occupancy.ChannelCounts} turns the node-local counts of the
 * {@link dev.realtimehub.core.ChannelDirectory} into hub-wide ones. In memory they are the directory itself. In
 * Redis each node writes its absolute counts into a hash of its own and a script keeps the totals, so exactly one
 * node sees a total leave or reach zero and announces {@code occupied} or {@code vacated}; a node that stops its
 * heartbeat has its counts removed by whichever node sweeps first. Writes are coalesced per node, so a burst of
 * subscriptions costs one round trip, and counts read from another node are eventually consistent.
 *
 * <p>Vacates settle before they are announced: a channel that is occupied again within the delay announces
 * neither transition. {@link dev.realtimehub.occupancy.Settling} offers the same hold-and-cancel for other
 * departures (presence members), shared between nodes.
 */
package dev.realtimehub.occupancy;
