/**
 * The change log HBH-2 reads ({@code GET /api/shared/sync/changes?since=}): permission, unlock and membership
 * changes numbered by one sequence row whose lock writers hold until they commit, so numbers are gapless and
 * visible in order and a cursor never skips a change that committed late.
 */
package dev.realtimehub.sync.changes;
