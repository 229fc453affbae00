/**
 * properties → investment tracking and investments → ownership and distributions.
 *
 * <p>Both pipelines change investment groups only with the group's {@code investment_group} row locked, taken in
 * group id order within an event, so valuations and investments of one group apply one after the other on every
 * node and each sees the result of the one before. A property's own row is locked before its version is compared,
 * so concurrent updates of one property serialise and the newest version wins whatever the arrival order; stale
 * versions are audited, not applied. Every announcement carries the group's full state, so a late or repeated
 * message never leaves a subscriber with a wrong total.
 */
package dev.realtimehub.sync.investment;
