/** Environment variables and an optional YAML file, read once into small validated records. */
@NullMarked
package dev.voxscribe.config;

import org.jspecify.annotations.NullMarked;
