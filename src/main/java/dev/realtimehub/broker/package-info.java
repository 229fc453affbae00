/**
 * Fan-out between hub nodes.
 *
 * <p>A {@link dev.realtimehub.broker.Broker} takes a {@link dev.realtimehub.broker.Publication}, gives it the
 * next offset of its channel and hands the resulting {@link dev.realtimehub.broker.Message} to the
 * {@link dev.realtimehub.broker.BrokerListener} of every node that subscribed to the channel. The node's
 * listener then hops once to each event loop that has subscribers; the message's encodings are computed
 * once per node and shared by every connection. Subscriptions are per node and per channel, reference
 * counted by the node, so a channel with ten thousand local subscribers costs the broker one subscription.
 */
package dev.realtimehub.broker;
