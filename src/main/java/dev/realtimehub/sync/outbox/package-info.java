/**
 * The transactional outbox of the sync pipelines.
 *
 * <p>A pipeline never publishes. It writes the messages an event causes into the {@code outbox} table in the
 * same transaction as the event's domain changes, so a message exists if and only if its change committed.
 * {@link dev.realtimehub.sync.outbox.OutboxRelayVerticle} then publishes committed rows through
 * {@code Hub.publish} and deletes the rows it published, in the same transaction that read and locked them: what is
 * left in the table is what is still to be published.
 *
 * <p>Delivery is at least once. A relay that dies between publishing a row and committing its delete publishes
 * the row again; two relays on different nodes could too, though {@code FOR UPDATE SKIP LOCKED} on the batch
 * keeps them apart while both are alive. Every published message's data therefore carries {@code messageId},
 * the outbox row id, which subscribers use to drop duplicates.
 *
 * <p>No row is skipped. Ids are allocated when a transaction inserts, not when it commits, so a row with a
 * smaller id can become visible after rows with larger ids were published. The relay keeps no high-water mark:
 * each round reads every row still unpublished, in id order, so a late committer is picked up on the next round.
 * Order is by id within a round; across rounds a late row can follow newer ones, which is why a KPI message
 * carries the KPI's full value rather than a delta.
 *
 * <p>Debounced rows: a row written with a coalescing key (a message carrying a full state, such as
 * {@code kpi.updated}) on a channel type with {@code debounce_ms} goes to the node's {@code Coalescer} instead,
 * which publishes the latest of a burst when the window closes. It is deleted when handed over, so a node
 * dying inside the window loses that message; the state it carried stays in the store, and the next change
 * announces it again.
 *
 * <p>Wake-ups: the relay polls every {@code sync.poll_interval_ms}, and an inbox worker that committed an event
 * nudges it over the local event bus so that messages leave at once. Both run on worker threads; nothing here
 * blocks an event loop.
 */
package dev.realtimehub.sync.outbox;
