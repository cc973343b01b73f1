/** A PostgreSQL schema of its own per test, in the database {@code VOXSCRIBE_TEST_DATABASE_URL} names. */
@NullMarked
package dev.voxscribe.testing.db;

import org.jspecify.annotations.NullMarked;
