/**
 * Feature unlocks earned through learning.
 *
 * <p>{@link dev.realtimehub.sync.features.FeatureRules} are read from {@code conf/features.yaml}: a feature unlocks
 * when all of its courses are completed, its certifications earned and its prerequisite features unlocked. The
 * learning pipeline and the manual unlock API both go through {@link dev.realtimehub.sync.features.FeatureUnlocker},
 * inside a transaction that holds the user's row lock: the unlock row, the {@code feature.{name}} permission and
 * the {@code feature.unlocked} outbox rows for {@code features.{userId}} and {@code user.{userId}} commit together,
 * once per user and feature.
 */
package dev.realtimehub.sync.features;
