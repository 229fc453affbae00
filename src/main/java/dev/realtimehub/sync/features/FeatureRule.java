package dev.realtimehub.sync.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What unlocks one feature: every listed course completed, every listed certification earned and every listed
 * feature unlocked (all of them). Declared in {@code conf/features.yaml}.
 */
public record FeatureRule(String name, List<String> courses, List<String> certifications, List<String> features) {

  public FeatureRule {
    Objects.requireNonNull(name);
    courses = List.copyOf(courses);
    certifications = List.copyOf(certifications);
    features = List.copyOf(features);
  }

  /** The permission a user holds once the feature is unlocked: {@code feature.advanced_bidding}. */
  public String permission() {
    return "feature." + name;
  }

  /** The prerequisites {@code learner} lacks, as {@code course:X}, {@code certification:X}, {@code feature:X}. */
  public List<String> missing(Learner learner) {
    List<String> missing = new ArrayList<>();
    courses.stream().filter(c -> !learner.completedCourses().contains(c)).forEach(c -> missing.add("course:" + c));
    certifications.stream().filter(c -> !learner.certifications().contains(c))
      .forEach(c -> missing.add("certification:" + c));
    features.stream().filter(f -> !learner.features().contains(f)).forEach(f -> missing.add("feature:" + f));
    return missing;
  }
}
