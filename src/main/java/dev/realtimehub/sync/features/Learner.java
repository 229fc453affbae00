package dev.realtimehub.sync.features;

import java.util.HashSet;
import java.util.Set;

/** What counts towards a user's feature rules: completed courses, earned certifications, unlocked features. */
public record Learner(Set<String> completedCourses, Set<String> certifications, Set<String> features) {

  public Learner {
    completedCourses = Set.copyOf(completedCourses);
    certifications = Set.copyOf(certifications);
    features = Set.copyOf(features);
  }

  /** The same learner with one more feature unlocked. */
  public Learner withFeature(String feature) {
    Set<String> more = new HashSet<>(features);
    more.add(feature);
    return new Learner(completedCourses, certifications, more);
  }
}
