package dev.realtimehub.occupancy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The HSCAN pattern of a name prefix: glob characters in the prefix match only themselves. */
class CountsGlobTest {

  @Test
  void globCharactersOfThePrefixAreEscaped() {
    assertEquals("team.*", RedisChannelCounts.glob("team."));
    assertEquals("a\\*b\\?c\\[d\\]e\\\\*", RedisChannelCounts.glob("a*b?c[d]e\\"));
    assertEquals("*", RedisChannelCounts.glob(""));
  }
}
