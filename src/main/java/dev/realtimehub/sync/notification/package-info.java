/**
 * Durable notifications of {@code user.{id}} channels: stored in the pipeline transaction that causes them, beside
 * their outbox row, so what was sent live and what a user reads later are the same; read and marked through the
 * server API.
 */
package dev.realtimehub.sync.notification;
