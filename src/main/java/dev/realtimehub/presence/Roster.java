package dev.realtimehub.presence;

import java.util.List;

/** Members of a channel, at most the roster cap of them, and the true number of distinct members. */
public record Roster(List<PresenceMember> members, int count) {
}
