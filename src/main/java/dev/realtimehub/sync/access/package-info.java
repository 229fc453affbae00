/**
 * Users' access as HBH-2 reports it, and how it reaches live connections.
 *
 * <p>The users pipeline stores roles, permissions, teams and groups per user ({@code user_access},
 * {@code user_permissions}, {@code memberships}), newest version wins, and records what changed outside SQL as an
 * {@link dev.realtimehub.sync.access.AccessChange} row in the same transaction. After commit,
 * {@link dev.realtimehub.sync.access.AccessRelayVerticle} applies the rows in id order: memberships go into the
 * {@link dev.realtimehub.channel.MembershipStore} that {@code member:} rules read (in memory on one node, Redis in
 * a cluster, so no node keeps a copy that could go stale), then a {@link dev.realtimehub.core.Revocation} asks
 * every node, through the broker, to re-check the user's live subscriptions with the withdrawn claims removed from
 * the token and to end those nothing admits any more.
 *
 * <p>Applying a change twice is harmless, so a relay that dies mid-batch loses nothing: the rows stay unapplied and
 * are applied again. Relays on several nodes take batches one after the other ({@code FOR UPDATE} without
 * {@code SKIP LOCKED}), so one user's changes never overtake each other. At start,
 * {@link dev.realtimehub.sync.access.MembershipSeed} copies the stored memberships into the membership store, which
 * the embedded hub otherwise loses with the process.
 */
package dev.realtimehub.sync.access;
