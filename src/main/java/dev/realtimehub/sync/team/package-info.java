/**
 * Team changes from the {@code teams} webhook source: announcements on {@code team.{teamId}}, notifications of the
 * users concerned, membership entries in the change log, and team goals that become targets of team KPIs.
 */
package dev.realtimehub.sync.team;
